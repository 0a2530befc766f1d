using System.Diagnostics;
using System.Net;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The scenario, set up once through the admin API only: the real <c>tollgate serve</c>, the contacts
/// API process, and two nginx gateways rendered from deploy/nginx (one per API: the JWT contacts API
/// and an opaque-token twin), plus a second Tollgate with its own issuer and keys. Beside them, the
/// same sample protecting itself (<c>Contacts:Protection=Tollgate</c>, two processes: one per API)
/// with the API's own client. The matrix runs against both (<see cref="Target"/>). Every process is
/// on a free loopback port and is stopped by its pid.
/// </summary>
public sealed class ScenarioFixture : IAsyncLifetime
{
    public const string ContactsApi = "https://contacts.example";
    public const string OpaqueApi = "https://opaque.contacts.example";
    public const string BillingApi = "https://billing.example";
    private const string RootSecret = "e2e-root-secret-0123456789";
    /// <summary>The in-process API's revocation feed and rules polling interval.</summary>
    private static readonly TimeSpan FeedInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The contacts API's rules: reads with either scope, writes with write:contacts.</summary>
    public const string Rules = """
        {"rules":[
          {"route":"GET /contacts","any":["read:contacts","write:contacts"]},
          {"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]},
          {"route":"POST /contacts","scopes":["write:contacts"]},
          {"route":"PUT /contacts/{id}","scopes":["write:contacts"]},
          {"route":"DELETE /contacts/{id}","scopes":["write:contacts"]}]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-e2e-").FullName;
    private readonly List<IAsyncDisposable> _running = [];
    private readonly List<HttpClient> _clients = [];

    public TollgateAdmin Admin { get; private set; } = null!;
    public string Issuer { get; private set; } = "";
    public NginxGateway Gateway { get; private set; } = null!;
    public NginxGateway OpaqueGateway { get; private set; } = null!;
    /// <summary>Caddy from deploy/caddy and HAProxy from deploy/haproxy, each in front of the same two APIs.</summary>
    public ProxyGateway Caddy { get; private set; } = null!;
    public ProxyGateway CaddyOpaque { get; private set; } = null!;
    public ProxyGateway Haproxy { get; private set; } = null!;
    public ProxyGateway HaproxyOpaque { get; private set; } = null!;
    /// <summary>The sample protecting itself: the JWT contacts API and its opaque-token twin.</summary>
    public HttpClient SelfProtected { get; private set; } = null!;
    public HttpClient SelfProtectedOpaque { get; private set; } = null!;
    /// <summary>The contacts API's own client (<c>allow_introspection</c>): route rules, revocation feed, introspection.</summary>
    public ClientCredentials ApiClient { get; private set; } = null!;

    public ClientCredentials Reader { get; private set; } = null!;
    public ClientCredentials Writer { get; private set; } = null!;
    /// <summary>Per target, a client granted read:contacts only (and its grant's id), until the test widens the grant.</summary>
    public IReadOnlyDictionary<string, (ClientCredentials Client, string GrantId)> Promoted { get; private set; } = null!;
    /// <summary>Its tokens live ten seconds (long enough for a first decision on a loaded machine) (the client's lifetime wins over the API's).</summary>
    public ClientCredentials ShortLived { get; private set; } = null!;

    /// <summary>A ten-second JWT issued while setting up, and how each target answered it then.</summary>
    public string ShortLivedJwt { get; private set; } = "";
    public IReadOnlyDictionary<string, HttpStatusCode> ShortLivedJwtFirstStatus { get; private set; } = new Dictionary<string, HttpStatusCode>();

    /// <summary>A token for the contacts API's identifier from another Tollgate (another issuer, other keys).</summary>
    public string ForeignToken { get; private set; } = "";
    public string ForeignIssuer { get; private set; } = "";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync(); // xUnit does not dispose a fixture whose start failed: stop what did start
            throw;
        }
    }

    private async Task StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var tollgate = StartTollgate("tollgate");
        var foreign = StartTollgate("tollgate-foreign");
        var contactsPort = ServiceProcess.FreePort();
        var contacts = Run(ServiceProcess.Start("contacts", "dotnet",
            [RepoPaths.ContactsDll, "--urls", $"http://127.0.0.1:{contactsPort}", $"--Contacts:Database={Path.Combine(_directory, "contacts.db")}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory));
        await Task.WhenAll(tollgate.Ready, foreign.Ready, contacts.WaitForHttpAsync($"http://127.0.0.1:{contactsPort}/health"));

        Issuer = tollgate.Url;
        ForeignIssuer = foreign.Url;
        Admin = new TollgateAdmin(tollgate.Url);
        await Task.WhenAll(SetUpAsync(), SetUpForeignAsync(foreign.Url));

        var self = StartSelfProtected("contacts-self", ContactsApi, introspect: false);
        var selfOpaque = StartSelfProtected("contacts-self-opaque", OpaqueApi, introspect: true);
        Gateway = Run(await NginxGateway.StartAsync(Path.Combine(_directory, "gw-contacts"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", ContactsApi));
        OpaqueGateway = Run(await NginxGateway.StartAsync(Path.Combine(_directory, "gw-opaque"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", OpaqueApi));
        Caddy = Run(await CaddyGateway.StartAsync(Path.Combine(_directory, "caddy-contacts"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", ContactsApi));
        CaddyOpaque = Run(await CaddyGateway.StartAsync(Path.Combine(_directory, "caddy-opaque"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", OpaqueApi));
        Haproxy = Run(await HaproxyGateway.StartAsync(Path.Combine(_directory, "haproxy-contacts"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", ContactsApi));
        HaproxyOpaque = Run(await HaproxyGateway.StartAsync(Path.Combine(_directory, "haproxy-opaque"), $"127.0.0.1:{tollgate.Port}", $"127.0.0.1:{contactsPort}", OpaqueApi));
        SelfProtected = await self;
        SelfProtectedOpaque = await selfOpaque;

        ShortLivedJwt = await Admin.AccessTokenAsync(ShortLived, ContactsApi);
        var firstStatus = new Dictionary<string, HttpStatusCode>();
        foreach (var target in ApiTarget.Names) firstStatus[target] = (await Target(target).Jwt.GetAsync("/contacts", ShortLivedJwt)).Status;
        ShortLivedJwtFirstStatus = firstStatus;
        Console.WriteLine($"e2e: scenario up in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task SetUpAsync()
    {
        await Admin.LoginAsync(RootSecret);
        await Admin.CreateApiAsync(ContactsApi);
        await Admin.PutRoutesAsync(ContactsApi, Rules);
        await Admin.CreateApiAsync(OpaqueApi, tokenFormat: "opaque");
        await Admin.PutRoutesAsync(OpaqueApi, Rules);
        await Admin.CreateApiAsync(BillingApi);

        ApiClient = await Admin.CreateClientAsync("contacts api", allowIntrospection: true);
        Reader = await Admin.CreateClientAsync("read service");
        await Admin.CreateGrantAsync(Reader.ClientId, ContactsApi, "read:contacts");
        Writer = await Admin.CreateClientAsync("write service");
        await Admin.CreateGrantAsync(Writer.ClientId, ContactsApi, "read:contacts", "write:contacts");
        await Admin.CreateGrantAsync(Writer.ClientId, OpaqueApi, "read:contacts", "write:contacts");
        await Admin.CreateGrantAsync(Writer.ClientId, BillingApi, "read:contacts", "write:contacts");
        var promoted = new Dictionary<string, (ClientCredentials, string)>();
        foreach (var target in ApiTarget.Names)
        {
            var client = await Admin.CreateClientAsync($"promoted service ({target})");
            promoted[target] = (client, await Admin.CreateGrantAsync(client.ClientId, ContactsApi, "read:contacts"));
        }
        Promoted = promoted;
        ShortLived = await Admin.CreateClientAsync("short-lived service", lifetimeSeconds: 10);
        await Admin.CreateGrantAsync(ShortLived.ClientId, ContactsApi, "read:contacts");
        await Admin.CreateGrantAsync(ShortLived.ClientId, OpaqueApi, "read:contacts");
    }

    /// <summary>The same API identifier and a granted client on the other Tollgate: its token differs only by issuer and key.</summary>
    private async Task SetUpForeignAsync(string url)
    {
        using var foreign = new TollgateAdmin(url);
        await foreign.LoginAsync(RootSecret);
        await foreign.CreateApiAsync(ContactsApi);
        var client = await foreign.CreateClientAsync("write service elsewhere");
        await foreign.CreateGrantAsync(client.ClientId, ContactsApi, "read:contacts", "write:contacts");
        ForeignToken = await foreign.AccessTokenAsync(client, ContactsApi);
    }

    /// <summary>
    /// The contacts sample in <c>Contacts:Protection=Tollgate</c> for one API, configured by environment
    /// variables as a deployment would, on the shared database of the in-process targets. No clock skew:
    /// server and API share this machine's clock, as nginx and the server do.
    /// </summary>
    private async Task<HttpClient> StartSelfProtected(string name, string audience, bool introspect)
    {
        var port = ServiceProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var process = Run(ServiceProcess.Start(name, "dotnet", [RepoPaths.ContactsDll, "--urls", url], new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["Contacts__Database"] = Path.Combine(_directory, "contacts-self.db"),
            ["Contacts__Protection"] = "Tollgate",
            ["Contacts__Tollgate__Authority"] = Issuer,
            ["Contacts__Tollgate__Audience"] = audience,
            ["Contacts__Tollgate__ClientId"] = ApiClient.ClientId,
            ["Contacts__Tollgate__ClientSecret"] = ApiClient.ClientSecret,
            ["Contacts__Tollgate__UseIntrospection"] = introspect ? "true" : "false",
            ["Contacts__Tollgate__RevocationInterval"] = FeedInterval.ToString(),
            ["Contacts__Tollgate__RulesInterval"] = FeedInterval.ToString(),
            ["Contacts__Tollgate__ClockSkew"] = "00:00:00",
        }, _directory));
        await process.WaitForHttpAsync($"{url}/health");
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(15) };
        _clients.Add(http);
        return http;
    }

    /// <summary>A protection mode of the matrix by name (<see cref="ApiTarget.All"/>).</summary>
    public ApiTarget Target(string name) => name switch
    {
        ApiTarget.Nginx => new ApiTarget(name, Gateway.Http, OpaqueGateway.Http, TimeSpan.Zero, "Bearer realm=\"tollgate\""),
        // Within one feed or rules interval; polled up to twenty of them for a loaded machine.
        ApiTarget.AspNetCore => new ApiTarget(name, SelfProtected, SelfProtectedOpaque, FeedInterval * 20, "Bearer"),
        // Caddy passes Tollgate's refusal through as it is: its challenge, its JSON body.
        ApiTarget.Caddy => new ApiTarget(name, Caddy.Http, CaddyOpaque.Http, TimeSpan.Zero, "Bearer realm=\"tollgate\""),
        // So does the HAProxy Lua action.
        ApiTarget.Haproxy => new ApiTarget(name, Haproxy.Http, HaproxyOpaque.Http, TimeSpan.Zero, "Bearer realm=\"tollgate\""),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a target of the matrix"),
    };

    private (string Url, int Port, Task Ready) StartTollgate(string name)
    {
        var port = ServiceProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var process = Run(ServiceProcess.Start(name, "dotnet",
            [RepoPaths.TollgateDll, "serve", "--urls", url, $"--Tollgate:DataDirectory={Path.Combine(_directory, name)}", $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory));
        return (url, port, process.WaitForHttpAsync($"{url}/health/ready"));
    }

    private T Run<T>(T process) where T : IAsyncDisposable
    {
        _running.Add(process);
        return process;
    }

    /// <summary>Waits until the short-lived JWT is past its <c>exp</c> (the embedded engine shares the server's clock: no skew).</summary>
    public async Task WaitUntilShortLivedJwtExpiredAsync()
    {
        var exp = DateTimeOffset.FromUnixTimeSeconds(TollgateAdmin.Claims(ShortLivedJwt)["exp"]!.GetValue<long>());
        var due = exp + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (due > TimeSpan.Zero) await Task.Delay(due);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        foreach (var client in _clients) client.Dispose();
        for (var i = _running.Count - 1; i >= 0; i--) await _running[i].DisposeAsync();
        _running.Clear();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { } // best effort: a temp directory
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ScenarioCollection : ICollectionFixture<ScenarioFixture>
{
    public const string Name = "Tollgate end to end";
}
