using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tollgate.EndToEnd.Tests.Infrastructure;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Three real <c>tollgate serve</c> processes on one real PostgreSQL database behind real nginx
/// (an <c>upstream</c> of the three): they behave as one server (a grant made on node 1 gives tokens
/// on node 2 that node 3's <c>/decisions</c> allows; a revocation made on node 3 reaches a
/// <c>tollgate gateway</c> pulling from node 1; a key rotated on node 2 is in every node's JWKS
/// before it signs), and losing one to <c>kill -9</c> in the middle of a burst of token requests
/// loses neither requests nor committed admin writes.
/// </summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private const string RootSecret = "cluster-root-secret-0123456789";
    private const string Audience = "https://orders.cluster.example";
    private const string ContactsApi = "https://contacts.cluster.example";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tollgate-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<ServiceProcess> _nodes = [];
    private readonly List<string> _nodeUrls = [];
    private ServiceProcess? _nginx;
    private HttpClient _lb = null!;
    private string _lbUrl = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
        var password = database.Password!;
        database.Password = null;
        var lbPort = ServiceProcess.FreePort();
        _lbUrl = $"http://127.0.0.1:{lbPort}";
        for (var n = 1; n <= 3; n++)
        {
            var port = ServiceProcess.FreePort();
            var url = $"http://127.0.0.1:{port}";
            var node = ServiceProcess.Start($"node{n}", "dotnet",
                [RepoPaths.TollgateDll, "serve", "--urls", url, $"--Tollgate:DataDirectory={Path.Combine(_directory, $"node{n}")}"],
                new Dictionary<string, string>
                {
                    ["Logging__LogLevel__Default"] = "Warning", ["Tollgate__Storage__Provider"] = "postgres",
                    ["Tollgate__Storage__ConnectionString"] = database.ToString(), ["Tollgate__Storage__Password"] = password,
                    ["Tollgate__Issuer"] = _lbUrl, ["Tollgate__Secrets__System__0"] = "cluster-system-secret-0123456789",
                    ["Tollgate__Bootstrap__RootClientSecret"] = RootSecret,
                }, _directory);
            _nodes.Add(node);
            _nodeUrls.Add(url);
        }
        await Task.WhenAll(_nodes.Select((node, i) => node.WaitForHttpAsync($"{_nodeUrls[i]}/health/ready", 120)));

        var conf = Path.Combine(_directory, "nginx.conf");
        Directory.CreateDirectory(Path.Combine(_directory, "logs"));
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            pid {{_directory}}/nginx.pid;
            events { worker_connections 256; }
            http {
                access_log off;
                upstream tollgate { {{string.Join(" ", _nodeUrls.Select(u => $"server {new Uri(u).Authority} max_fails=1 fail_timeout=30s;"))}} keepalive 16; }
                server {
                    listen 127.0.0.1:{{lbPort}};
                    location / {
                        proxy_pass http://tollgate;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        # A node that dies mid-request: the request goes to the next one (token requests are safe to repeat).
                        proxy_next_upstream error timeout http_502 non_idempotent;
                        proxy_connect_timeout 1s;
                    }
                }
            }
            """);
        _nginx = ServiceProcess.Start("nginx", await NginxGateway.BinaryAsync(),
            ["-p", _directory, "-c", conf, "-e", Path.Combine(_directory, "logs", "error.log"), "-g", "daemon off;"]);
        _lb = new HttpClient { BaseAddress = new Uri(_lbUrl), Timeout = TimeSpan.FromSeconds(30) };
        await _nginx.WaitForHttpAsync($"{_lbUrl}/health/ready", 30);
    }

    public async Task DisposeAsync()
    {
        _lb?.Dispose();
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var node in _nodes) await node.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task ThreeNodesBehindNginx_ActAsOne_AndSurviveAKilledNode()
    {
        var clients = _nodeUrls.Select(u => new HttpClient { BaseAddress = new Uri(u), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
        using var _ = new Disposer(clients);
        var (one, two, three) = (clients[0], clients[1], clients[2]);
        var admin = await TokenAsync(one, "tollgate-root", RootSecret, null);

        // Written through node 1, used through node 2, introspected on node 3.
        await AdminAsync(one, admin, "/admin/apis", new { identifier = Audience, scopes = new[] { new { value = "read" } }, token_format = "opaque" });
        var client = await AdminAsync(one, admin, "/admin/clients", new { client_name = "orders service" });
        var (id, secret) = (client["client_id"]!.GetValue<string>(), client["client_secret"]!.GetValue<string>());
        var reader = await AdminAsync(one, admin, "/admin/clients", new { client_name = "gateway", allow_introspection = true });
        await AdminAsync(one, admin, "/admin/grants", new { client_id = id, audience = Audience, scope = new[] { "read" } });
        var token = await EventuallyAsync(async () => await TryTokenAsync(two, id, secret, Audience));
        var introspected = await EventuallyAsync(async () =>
        {
            var answer = await IntrospectAsync(three, reader["client_id"]!.GetValue<string>(), reader["client_secret"]!.GetValue<string>(), token);
            return answer["active"]!.GetValue<bool>() ? answer : null;
        });
        Assert.Equal(id, introspected["client_id"]!.GetValue<string>());

        await DecisionsAndRevocationAcrossNodesAsync(clients, admin, id, secret, reader);
        await KeyRotatedOnOneNode_IsPublishedByAllBeforeItSignsAsync(clients, admin, id, secret);

        // A burst of token requests and admin writes through nginx while node 1 is killed.
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var written = new ConcurrentBag<string>();
        var adminTwo = await TokenAsync(two, "tollgate-root", RootSecret, null);
        using var burstEnd = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var burst = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!burstEnd.IsCancellationRequested)
            {
                using var response = await _lb.SendAsync(TokenRequest(id, secret, Audience));
                statuses.Add(response.StatusCode);
            }
        })).ToList();
        burst.Add(Task.Run(async () =>
        {
            for (var i = 0; !burstEnd.IsCancellationRequested; i++)
            {
                // Through nginx, so some writes meet the dying node: those that got a 2xx must all be there afterwards.
                using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/clients") { Content = JsonContent.Create(new { client_name = $"written during the burst {i}" }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminTwo);
                using var response = await _lb.SendAsync(request);
                if (response.IsSuccessStatusCode) written.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["client_id"]!.GetValue<string>());
                else Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"admin write during the burst: {(int)response.StatusCode}");
            }
        }));
        await Task.Delay(1500);
        _nodes[0].KillHard();
        await Task.WhenAll(burst);

        Assert.True(statuses.Count > 100, $"only {statuses.Count} requests in the burst");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.NotEmpty(written);
        foreach (var clientId in written)
            await EventuallyAsync(async () =>
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, $"/admin/clients/{clientId}") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", adminTwo) } };
                using var response = await three.SendAsync(get);
                return response.StatusCode == HttpStatusCode.OK ? clientId : null;
            });
        Assert.Equal("Healthy", await _lb.GetStringAsync("/health/ready"));
    }

    /// <summary>
    /// Grant and rules written on node 1; token from node 2; node 3's <c>/decisions</c> allows it,
    /// and so does a <c>tollgate gateway</c> that pulls keys, rules and revocations from node 1. The
    /// token revoked on node 3 is then refused by node 3 at once and by the gateway within its feed
    /// interval (and by node 2, which learned it through the change feed).
    /// </summary>
    private async Task DecisionsAndRevocationAcrossNodesAsync(HttpClient[] nodes, string admin, string id, string secret, JsonObject gatewayClient)
    {
        var (one, two, three) = (nodes[0], nodes[1], nodes[2]);
        await AdminAsync(one, admin, "/admin/apis", new { identifier = ContactsApi, scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } } });
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(ContactsApi)}/routes"))
        {
            put.Content = new StringContent("""{"rules": [{"route": "GET /contacts", "scopes": ["read:contacts"]}, {"route": "POST /contacts", "scopes": ["write:contacts"]}]}""",
                System.Text.Encoding.UTF8, "application/json");
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await one.SendAsync(put);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT routes: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        await AdminAsync(one, admin, "/admin/grants", new { client_id = id, audience = ContactsApi, scope = new[] { "read:contacts" } });
        var token = await EventuallyAsync(async () => await TryTokenAsync(two, id, secret, ContactsApi));

        await EventuallyAsync(async () => await DecideAsync(three, "GET", token, ContactsApi) == HttpStatusCode.OK ? "" : null);
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(three, "POST", token, ContactsApi));

        var gatewayUrl = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var gateway = ServiceProcess.Start("gateway", "dotnet",
            [RepoPaths.TollgateDll, "gateway", "--urls", gatewayUrl,
             $"--Tollgate:Gateway:Server={_nodeUrls[0]}", $"--Tollgate:Gateway:Issuer={_lbUrl}", $"--Tollgate:Gateway:Audience={ContactsApi}",
             $"--Tollgate:Gateway:ClientId={gatewayClient["client_id"]!.GetValue<string>()}",
             "--Tollgate:Gateway:RulesRefreshInterval=00:00:00.2", "--Tollgate:Gateway:RevocationRefreshInterval=00:00:00.2"],
            new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Warning",
                ["Tollgate__Gateway__ClientSecret"] = gatewayClient["client_secret"]!.GetValue<string>(),
            }, _directory);
        await gateway.WaitForHttpAsync($"{gatewayUrl}/health/ready", 60);
        using var gatewayHttp = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        await EventuallyAsync(async () => await DecideAsync(gatewayHttp, "GET", token, null) == HttpStatusCode.OK ? "" : null);
        Assert.Equal(HttpStatusCode.Forbidden, await DecideAsync(gatewayHttp, "POST", token, null));

        using (var revoke = TokenRequest(id, secret, null))
        {
            revoke.RequestUri = new Uri("/oauth2/revoke", UriKind.Relative);
            revoke.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token });
            using var response = await three.SendAsync(revoke);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await DecideAsync(three, "GET", token, ContactsApi));
        await EventuallyAsync(async () => await DecideAsync(gatewayHttp, "GET", token, null) == HttpStatusCode.Unauthorized ? "" : null);
        await EventuallyAsync(async () => await DecideAsync(two, "GET", token, ContactsApi) == HttpStatusCode.Unauthorized ? "" : null);
    }

    /// <summary>A key rotated through node 2 is in every node's JWKS while it is still only the next key.</summary>
    private static async Task KeyRotatedOnOneNode_IsPublishedByAllBeforeItSignsAsync(HttpClient[] nodes, string admin, string id, string secret)
    {
        static JsonNode Header(string jwt) => JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[0]))!;
        var alg = Header(await TokenAsync(nodes[0], id, secret, ContactsApi))["alg"]!.GetValue<string>();
        using var rotate = new HttpRequestMessage(HttpMethod.Post, "/admin/keys/rotate") { Content = JsonContent.Create(new { alg }) };
        rotate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await nodes[1].SendAsync(rotate);
        var key = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, key.ToJsonString());
        Assert.Equal("next", key["status"]!.GetValue<string>());
        var kid = key["kid"]!.GetValue<string>();
        foreach (var node in nodes)
            await EventuallyAsync(async () =>
            {
                var jwks = JsonNode.Parse(await node.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray();
                return jwks.Any(k => k!["kid"]!.GetValue<string>() == kid) ? kid : null;
            });
        foreach (var node in nodes)
        {
            var header = Header(await TokenAsync(node, id, secret, ContactsApi));
            Assert.Equal(alg, header["alg"]!.GetValue<string>());
            Assert.NotEqual(kid, header["kid"]!.GetValue<string>());
        }
    }

    private static async Task<HttpStatusCode> DecideAsync(HttpClient node, string method, string token, string? audience)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", "/contacts");
        if (audience is not null) request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage TokenRequest(string id, string secret, string? audience)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (audience is not null) form["audience"] = audience;
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{id}:{secret}")));
        return request;
    }

    private static async Task<string?> TryTokenAsync(HttpClient node, string id, string secret, string? audience)
    {
        using var response = await node.SendAsync(TokenRequest(id, secret, audience));
        return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>() : null;
    }

    private static async Task<string> TokenAsync(HttpClient node, string id, string secret, string? audience)
        => await TryTokenAsync(node, id, secret, audience) ?? throw new InvalidOperationException("no token");

    private static async Task<JsonObject> IntrospectAsync(HttpClient node, string id, string secret, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/introspect") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{id}:{secret}")));
        using var response = await node.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<JsonObject> AdminAsync(HttpClient node, string admin, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await node.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await attempt() is { } result) return result;
            Assert.True(DateTime.UtcNow < deadline, "not within 10 s");
            await Task.Delay(20);
        }
    }

    private sealed class Disposer(HttpClient[] clients) : IDisposable
    {
        public void Dispose()
        {
            foreach (var c in clients) c.Dispose();
        }
    }
}
