using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// A real <c>tollgate serve</c> and a real <c>tollgate gateway</c> process: a route rule governed by
/// policies (<c>GET /orders/{id}</c> → <c>read</c> on <c>resources:orders:{id}</c>), and policy changes
/// through the admin API flip the running gateway's decisions without a restart.
/// </summary>
public sealed class PolicyGatewayTests : IAsyncLifetime
{
    private const string RootSecret = "policy-e2e-root-secret-0123456789";
    private const string Audience = "https://orders.policies.example";
    private const string Rules = """
        {"rules":[
          {"route":"GET /orders/{id}","any":["read:contacts"],"resource":"resources:orders:{id}"},
          {"route":"POST /orders/{id}","any":["read:contacts"],"resource":"resources:orders:{id}"},
          {"route":"GET /health","anonymous":true}]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-policies-e2e-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private TollgateAdmin _admin = null!;
    private HttpClient _gateway = null!;
    private ServiceProcess _gatewayProcess = null!;
    private ClientCredentials _reader = null!;

    public async Task InitializeAsync()
    {
        var serverPort = ServiceProcess.FreePort();
        var server = $"http://127.0.0.1:{serverPort}";
        var serve = Start("tollgate", ["serve", "--urls", server, $"--Tollgate:DataDirectory={Path.Combine(_directory, "server")}",
            $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}"]);
        await serve.WaitForHttpAsync($"{server}/health/ready");

        _admin = new TollgateAdmin(server);
        await _admin.LoginAsync(RootSecret);
        await _admin.CreateApiAsync(Audience);
        await _admin.PutRoutesAsync(Audience, Rules);
        _reader = await _admin.CreateClientAsync("order reader");
        await _admin.CreateGrantAsync(_reader.ClientId, Audience, "read:contacts");
        var gatewayClient = await _admin.CreateGatewayClientAsync("orders gateway");

        var gatewayPort = ServiceProcess.FreePort();
        _gatewayProcess = Start("tollgate-gateway", ["gateway", "--urls", $"http://127.0.0.1:{gatewayPort}",
            $"--Tollgate:Gateway:Server={server}", $"--Tollgate:Gateway:Audience={Audience}",
            $"--Tollgate:Gateway:ClientId={gatewayClient.ClientId}", $"--Tollgate:Gateway:ClientSecret={gatewayClient.ClientSecret}",
            "--Tollgate:Gateway:RulesRefreshInterval=00:00:00.2", "--Tollgate:Gateway:RevocationRefreshInterval=00:00:01"]);
        await _gatewayProcess.WaitForHttpAsync($"http://127.0.0.1:{gatewayPort}/health/ready");
        _gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        _admin?.Dispose();
        foreach (var process in _processes) await process.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private ServiceProcess Start(string name, string[] args)
    {
        var process = ServiceProcess.Start(name, "dotnet", [RepoPaths.TollgateDll, .. args],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" }, _directory);
        _processes.Add(process);
        return process;
    }

    private async Task<(HttpStatusCode Status, string? Reason, string? Policy)> DecideAsync(string method, string uri, string token, string? callerIp = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", uri);
        if (callerIp is not null) request.Headers.Add("X-Real-IP", callerIp);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _gateway.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var reason = body.Length > 0 ? JsonNode.Parse(body)?["error_description"]?.GetValue<string>() : null;
        return (response.StatusCode, reason, response.Headers.TryGetValues("X-Tollgate-Policy", out var p) ? p.Single() : null);
    }

    /// <summary>Polls until the gateway's decision is <paramref name="expected"/> (its feeds poll every 200 ms).</summary>
    private async Task<(HttpStatusCode Status, string? Reason, string? Policy)> EventuallyAsync(string method, string uri, string token, HttpStatusCode expected, string? callerIp = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var decision = await DecideAsync(method, uri, token, callerIp);
            if (decision.Status == expected) return decision;
            Assert.True(DateTime.UtcNow < deadline, $"still {decision} after 20 s:\n{_gatewayProcess.RecentOutput}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task PolicyChanges_ThroughTheAdminApi_FlipTheRunningGatewaysDecision()
    {
        var token = await _admin.AccessTokenAsync(_reader, Audience);

        // No policy yet: the scopes suffice for the rule, the policies deny by default.
        var before = await DecideAsync("GET", "/orders/123", token);
        Assert.Equal((HttpStatusCode.Forbidden, "no_matching_policy"), (before.Status, before.Reason));

        var policy = await _admin.AdminAsync(HttpMethod.Post, "/admin/policies", HttpStatusCode.Created, new
        {
            subjects = new[] { _reader.ClientId }, effect = "allow", actions = new[] { "read" }, resources = new[] { "resources:orders:<[0-9]+>" },
        });
        var id = policy["id"]!.GetValue<string>();
        await EventuallyAsync("GET", "/orders/123", token, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync("POST", "/orders/123", token)).Status);       // POST → write: not allowed
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync("GET", "/orders/abc", token)).Status);        // not a number

        // A deny policy for one order wins over the allow, and names itself.
        var deny = await _admin.AdminAsync(HttpMethod.Post, "/admin/policies", HttpStatusCode.Created, new
        {
            id = "no-order-7", subjects = new[] { "<.*>" }, effect = "deny", actions = new[] { "<.*>" }, resources = new[] { "resources:orders:7" },
        });
        var denied = await EventuallyAsync("GET", "/orders/7", token, HttpStatusCode.Forbidden);
        Assert.Equal(("policy_denied", "no-order-7"), (denied.Reason, denied.Policy));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("GET", "/orders/8", token)).Status);

        // The allow narrowed to callers from one network: the gateway passes X-Real-IP as remoteIPAddress.
        await _admin.AdminAsync(HttpMethod.Patch, $"/admin/policies/{id}", HttpStatusCode.OK, new
        {
            conditions = new Dictionary<string, object> { ["remoteIPAddress"] = new { type = "CIDRCondition", options = new { cidr = "10.0.0.0/8" } } },
        });
        await EventuallyAsync("GET", "/orders/123", token, HttpStatusCode.Forbidden, callerIp: "192.0.2.1");
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync("GET", "/orders/123", token, callerIp: "10.20.30.40")).Status);

        Assert.Contains(_gatewayProcess.RecentOutput.Split('\n'), l => l.Contains("policy_denied", StringComparison.Ordinal) && l.Contains("no-order-7", StringComparison.Ordinal));
        Assert.NotNull(deny["id"]);
    }
}
