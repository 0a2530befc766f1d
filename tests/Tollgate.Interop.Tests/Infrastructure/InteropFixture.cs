namespace Tollgate.Interop.Tests.Infrastructure;

/// <summary>
/// One Tollgate process shared by the interop tests: a fresh data directory, a known root secret,
/// and through the admin API one JWT API per signing algorithm, an opaque API, an API nobody is
/// granted, a client_secret_basic client (allowed to introspect) granted everything, and a
/// client_secret_post client granted the RS256 API. Also makes sure tests/interop is installed.
/// </summary>
public sealed class InteropFixture : IAsyncLifetime
{
    public const string RootSecret = "interop-root-secret-0123456789";
    public const string Rs256Audience = "https://rs256.interop.test";
    public const string Es256Audience = "https://es256.interop.test";
    public const string Ps256Audience = "https://ps256.interop.test";
    public const string OpaqueAudience = "https://opaque.interop.test";
    public const string UngrantedAudience = "https://ungranted.interop.test";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tollgate-interop-").FullName;
    private TollgateProcess? _server;
    private TollgateHttp? _http;

    public TollgateProcess Server => _server ?? throw new InvalidOperationException("not started");
    public TollgateHttp Http => _http ?? throw new InvalidOperationException("not started");
    public ClientCredentials Client { get; private set; } = null!;
    public ClientCredentials PostClient { get; private set; } = null!;

    public static string AudienceOf(string alg) => alg switch
    {
        "RS256" => Rs256Audience,
        "ES256" => Es256Audience,
        "PS256" => Ps256Audience,
        _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, null),
    };

    public async Task InitializeAsync()
    {
        var install = NodeScripts.EnsureInstalledAsync();
        _server = await TollgateProcess.StartAsync(_dataDirectory, RootSecret);
        _http = new TollgateHttp(_server.Url);
        await _http.LoginAsync(RootSecret);

        await _http.CreateApiAsync(Rs256Audience, "jwt", "RS256");
        await _http.CreateApiAsync(Es256Audience, "jwt", "ES256");
        await _http.CreateApiAsync(Ps256Audience, "jwt", "PS256");
        await _http.CreateApiAsync(OpaqueAudience, "opaque", "RS256");
        await _http.CreateApiAsync(UngrantedAudience, "jwt", "RS256");

        Client = await _http.CreateClientAsync("interop-basic", "client_secret_basic", allowIntrospection: true);
        foreach (var audience in new[] { Rs256Audience, Es256Audience, Ps256Audience, OpaqueAudience })
            await _http.CreateGrantAsync(Client.ClientId, audience, "read:contacts", "write:contacts");
        PostClient = await _http.CreateClientAsync("interop-post", "client_secret_post", allowIntrospection: false);
        await _http.CreateGrantAsync(PostClient.ClientId, Rs256Audience, "read:contacts");

        await install;
    }

    /// <summary>The environment the node scripts read (see tests/interop/*.mjs).</summary>
    public Dictionary<string, string> NodeEnvironment() => new()
    {
        ["TOLLGATE_URL"] = Server.Url,
        ["TOLLGATE_CLIENT_ID"] = Client.ClientId,
        ["TOLLGATE_CLIENT_SECRET"] = Client.ClientSecret,
        ["TOLLGATE_POST_CLIENT_ID"] = PostClient.ClientId,
        ["TOLLGATE_POST_CLIENT_SECRET"] = PostClient.ClientSecret,
        ["TOLLGATE_JWT_AUDIENCE"] = Rs256Audience,
        ["TOLLGATE_OPAQUE_AUDIENCE"] = OpaqueAudience,
        ["TOLLGATE_UNGRANTED_AUDIENCE"] = UngrantedAudience,
        ["TOLLGATE_RS256_AUDIENCE"] = Rs256Audience,
        ["TOLLGATE_ES256_AUDIENCE"] = Es256Audience,
        ["TOLLGATE_PS256_AUDIENCE"] = Ps256Audience,
        ["TOLLGATE_ROOT_SECRET"] = RootSecret,
    };

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        TryDelete(_dataDirectory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
        catch (UnauthorizedAccessException)
        {
            // best effort: the data directory's files are owner-only
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropFixture>
{
    public const string Name = "Tollgate interop";
}
