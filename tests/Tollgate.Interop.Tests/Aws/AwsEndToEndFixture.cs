using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>Who calls, with what, and how the authorizer is configured, for one end-to-end run.</summary>
public enum Caller
{
    ReadService,
    WriteService,
    NoToken,
    Garbage,
    Expired,
    WrongAudience,
    WrongIssuer,
    Forged,
    Es256NotAllowed,
    Es256Allowed,
}

/// <summary>
/// A real Tollgate server (fresh data directory) set up through its admin API as the design brief's
/// contacts scenario — an RS256 JWT API <see cref="ContactsAudience"/>, a read service (read:contacts)
/// and a write service (read and write), an ES256 API and an API of another audience — real tokens
/// from its token endpoint, and the route rules file the authorizer loads. Runs of the real
/// <c>bootstrap invoke</c> are memoized and all started at set-up, a few at a time, so the tests
/// mostly wait on results that are already there.
/// </summary>
public sealed class AwsEndToEndFixture : IAsyncLifetime
{
    public const string ContactsAudience = "https://contacts.example";
    public const string Es256Audience = "https://contacts-es256.example";
    public const string OtherAudience = "https://billing.example";
    public const string Garbage = "Bearer this-is-not-a-token";

    public const string ContactsRules = """
        rules:
          - route: GET /contacts
            scopes: [read:contacts]
          - route: GET /contacts/{id}
            scopes: [read:contacts]
          - route: POST /contacts
            scopes: [write:contacts]
          - route: PUT /contacts/{id}
            scopes: [write:contacts]
          - route: DELETE /contacts/{id}
            scopes: [write:contacts]
        """;

    /// <summary>A wildcard the read service may call with a route inside it that it may not (Decision.DeniedRoutes).</summary>
    public const string ReportsRules = """
        {"rules": [
          {"route": "GET /reports/**", "scopes": ["read:contacts"]},
          {"route": "GET /reports/secret", "scopes": ["write:contacts"]}
        ]}
        """;

    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(45);
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-aws-e2e-").FullName;
    private readonly ConcurrentDictionary<string, Lazy<Task<InvokeResult>>> _runs = new();
    private readonly SemaphoreSlim _parallel = new(3, 3);
    private TollgateProcess? _server;
    private TollgateHttp? _http;
    private readonly Dictionary<Caller, string> _tokens = [];

    public TollgateProcess Server => _server ?? throw new InvalidOperationException("not started");
    /// <summary>The server's admin and OAuth endpoints, logged in as the root client.</summary>
    public TollgateHttp Http => _http ?? throw new InvalidOperationException("not started");
    /// <summary>A client with allow_introspection: it may read the revocation feed.</summary>
    public ClientCredentials FeedReader { get; private set; } = null!;
    public string RevocationFeedUrl => Server.Url + "/revocations";
    public string Issuer { get; private set; } = "";
    public string JwksUri { get; private set; } = "";
    public ClientCredentials ReadService { get; private set; } = null!;
    public ClientCredentials WriteService { get; private set; } = null!;
    public string ContactsRulesFile => Path.Combine(_directory, "rules.yaml");
    public string ReportsRulesFile => Path.Combine(_directory, "reports-rules.json");

    /// <summary>The token (without "Bearer ") a caller presents; null for <see cref="Caller.NoToken"/>.</summary>
    public string? Token(Caller caller) => _tokens.GetValueOrDefault(caller);

    public string ClientIdOf(Caller caller) => caller == Caller.WriteService ? WriteService.ClientId : ReadService.ClientId;

    public async Task InitializeAsync()
    {
        _server = await TollgateProcess.StartAsync(Path.Combine(_directory, "data"), InteropFixture.RootSecret);
        _http = new TollgateHttp(_server.Url);
        await _http.LoginAsync(InteropFixture.RootSecret);
        var metadata = await _http.GetJsonAsync("/.well-known/oauth-authorization-server");
        Issuer = metadata.GetProperty("issuer").GetString()!;
        JwksUri = metadata.GetProperty("jwks_uri").GetString()!;

        await _http.CreateApiAsync(ContactsAudience, "jwt", "RS256");
        await _http.CreateApiAsync(Es256Audience, "jwt", "ES256");
        await _http.CreateApiAsync(OtherAudience, "jwt", "RS256");
        ReadService = await _http.CreateClientAsync("read service", "client_secret_basic", allowIntrospection: false);
        WriteService = await _http.CreateClientAsync("write service", "client_secret_basic", allowIntrospection: false);
        var shortLived = await CreateShortLivedClientAsync();
        FeedReader = await _http.CreateClientAsync("revocation feed reader", "client_secret_basic", allowIntrospection: true);
        foreach (var audience in new[] { ContactsAudience, Es256Audience, OtherAudience })
            await _http.CreateGrantAsync(ReadService.ClientId, audience, "read:contacts");
        await _http.CreateGrantAsync(WriteService.ClientId, ContactsAudience, "read:contacts", "write:contacts");
        await _http.CreateGrantAsync(shortLived.ClientId, ContactsAudience, "read:contacts");

        // Expires one second after it is issued: minted first so that it has expired by the end of set-up.
        _tokens[Caller.Expired] = await _http.AccessTokenAsync(shortLived, ContactsAudience);
        _tokens[Caller.ReadService] = await _http.AccessTokenAsync(ReadService, ContactsAudience);
        _tokens[Caller.WriteService] = await _http.AccessTokenAsync(WriteService, ContactsAudience);
        _tokens[Caller.WrongAudience] = await _http.AccessTokenAsync(ReadService, OtherAudience);
        _tokens[Caller.WrongIssuer] = _tokens[Caller.ReadService];
        _tokens[Caller.Forged] = WithPayload(_tokens[Caller.ReadService], p => p["scope"] = "read:contacts write:contacts");
        _tokens[Caller.Es256NotAllowed] = _tokens[Caller.Es256Allowed] = await _http.AccessTokenAsync(ReadService, Es256Audience);
        await File.WriteAllTextAsync(ContactsRulesFile, ContactsRules);
        await File.WriteAllTextAsync(ReportsRulesFile, ReportsRules);

        var expiredAt = DateTimeOffset.FromUnixTimeSeconds(Claims(_tokens[Caller.Expired]).GetProperty("exp").GetInt64());
        if (expiredAt - DateTimeOffset.UtcNow is { Ticks: > 0 } wait) await Task.Delay(wait + TimeSpan.FromMilliseconds(50));

        foreach (var shape in Enum.GetValues<EventShape>())
        foreach (var (caller, call) in StandardRuns)
            _ = InvokeAsync(shape, caller, call);
    }

    /// <summary>The runs every shape gets; the tests ask for these, and set-up starts them all.</summary>
    public static readonly (Caller Caller, ApiCall Call)[] StandardRuns =
    [
        (Caller.ReadService, ApiCall.ListContacts),
        (Caller.ReadService, ApiCall.CreateContact),
        (Caller.WriteService, ApiCall.DeleteContact),
        (Caller.NoToken, ApiCall.ListContacts),
        (Caller.Garbage, ApiCall.ListContacts),
        (Caller.Expired, ApiCall.ListContacts),
        (Caller.WrongAudience, ApiCall.ListContacts),
        (Caller.WrongIssuer, ApiCall.ListContacts),
        (Caller.Forged, ApiCall.ListContacts),
        (Caller.Es256NotAllowed, ApiCall.ListContacts),
    ];

    /// <summary>The authorizer's environment: this server as the issuer, the contacts API, the contacts rules.</summary>
    public Dictionary<string, string> Environment(EventShape shape, Caller caller, string? rulesFile = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["TOKEN_ISSUER"] = caller == Caller.WrongIssuer ? "https://issuer.other.example" : Issuer,
            ["JWKS_URI"] = JwksUri,
            ["AUDIENCE"] = caller == Caller.Es256Allowed ? Es256Audience : ContactsAudience,
            ["TOLLGATE_RULES_FILE"] = rulesFile ?? ContactsRulesFile,
        };
        if (shape == EventShape.HttpApiIam) environment["TOLLGATE_HTTP_API_RESPONSE"] = "iam";
        if (caller == Caller.Expired) environment["TOLLGATE_CLOCK_SKEW_SECONDS"] = "0";
        if (caller == Caller.Es256Allowed) environment["TOLLGATE_ALGORITHMS"] = "RS256,ES256";
        return environment;
    }

    public string? Authorization(Caller caller) => caller switch
    {
        Caller.NoToken => null,
        Caller.Garbage => Garbage,
        _ => "Bearer " + _tokens[caller],
    };

    /// <summary>One memoized <c>bootstrap invoke</c> run (at most three processes at a time).</summary>
    public Task<InvokeResult> InvokeAsync(EventShape shape, Caller caller, ApiCall call, string? rulesFile = null)
    {
        var key = $"{shape}-{caller}-{call.Method}-{call.Path.Replace('/', '_')}-{Path.GetFileNameWithoutExtension(rulesFile)}";
        return _runs.GetOrAdd(key, _ => new Lazy<Task<InvokeResult>>(() => RunAsync(key, shape, caller, call, rulesFile))).Value;
    }

    private async Task<InvokeResult> RunAsync(string key, EventShape shape, Caller caller, ApiCall call, string? rulesFile)
    {
        var eventFile = Path.Combine(_directory, key + ".json");
        await File.WriteAllTextAsync(eventFile, AuthorizerEvents.Build(shape, call, Authorization(caller)));
        await _parallel.WaitAsync();
        try
        {
            return await BootstrapRunner.InvokeAsync(eventFile, Environment(shape, caller, rulesFile), InvokeTimeout);
        }
        finally
        {
            _parallel.Release();
        }
    }

    public static JsonElement Claims(string jwt)
    {
        using var document = JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1]));
        return document.RootElement.Clone();
    }

    private async Task<ClientCredentials> CreateShortLivedClientAsync()
    {
        var client = await _http!.AdminPostAsync("/admin/clients", new
        {
            client_name = "short-lived read service",
            token_endpoint_auth_method = "client_secret_basic",
            access_token_lifetime = 1,
        });
        return new ClientCredentials(client.GetProperty("client_id").GetString()!, client.GetProperty("client_secret").GetString()!);
    }

    /// <summary>The same header and signature over a changed payload: a forgery.</summary>
    private static string WithPayload(string jwt, Action<JsonObject> change)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
        change(payload);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{parts[0]}.{encoded}.{parts[2]}";
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public async Task DisposeAsync()
    {
        foreach (var run in _runs.Values.Where(r => r.IsValueCreated))
        {
            try
            {
                await run.Value;
            }
            catch (Exception)
            {
                // a failed run was reported by its test
            }
        }
        _http?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _parallel.Dispose();
        InteropFixture.TryDelete(_directory);
    }
}

[CollectionDefinition(Name)]
public sealed class AwsEndToEndCollection : ICollectionFixture<AwsEndToEndFixture>
{
    public const string Name = "AWS authorizer end to end";
}
