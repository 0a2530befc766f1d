using System.Text.Json;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary>
/// Configures a server, issues and revokes tokens, kills the process and starts a new one on the same
/// data directory and port (so the default issuer stays the same). The tests then look at what survived.
/// </summary>
public sealed class RestartFixture : IAsyncLifetime
{
    public const string RootSecret = "persistence-root-secret-0123456789";
    public const string JwtAudience = "https://jwt.persistence.test";
    public const string OpaqueAudience = "https://opaque.persistence.test";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tollgate-persistence-").FullName;
    private TollgateProcess? _server;

    public TollgateProcess Server => _server!;
    public TollgateHttp Http { get; private set; } = null!;
    public int FirstProcessId { get; private set; }
    public ClientCredentials Client { get; private set; } = null!;
    public string JwtApiId { get; private set; } = "";
    public string OpaqueApiId { get; private set; } = "";
    public string GrantId { get; private set; } = "";
    public string Jwt { get; private set; } = "";
    public string Opaque { get; private set; } = "";
    public string RevokedJwt { get; private set; } = "";
    public string RevokedOpaque { get; private set; } = "";
    public JsonElement JwksBefore { get; private set; }
    public JsonElement ClientBefore { get; private set; }
    public JsonElement GrantBefore { get; private set; }
    public JsonElement JwtApiBefore { get; private set; }

    public async Task InitializeAsync()
    {
        _server = await TollgateProcess.StartAsync(_dataDirectory, RootSecret);
        FirstProcessId = _server.ProcessId;
        using (var http = new TollgateHttp(_server.Url))
        {
            await http.LoginAsync(RootSecret);
            JwtApiBefore = await http.CreateApiAsync(JwtAudience, "jwt", "ES256");
            JwtApiId = JwtApiBefore.GetProperty("id").GetString()!;
            OpaqueApiId = (await http.CreateApiAsync(OpaqueAudience, "opaque", "RS256")).GetProperty("id").GetString()!;
            Client = await http.CreateClientAsync("persistent", "client_secret_basic", allowIntrospection: true);
            GrantBefore = await http.CreateGrantAsync(Client.ClientId, JwtAudience, "read:contacts");
            GrantId = GrantBefore.GetProperty("id").GetString()!;
            await http.CreateGrantAsync(Client.ClientId, OpaqueAudience, "read:contacts", "write:contacts");

            Jwt = await http.AccessTokenAsync(Client, JwtAudience);
            Opaque = await http.AccessTokenAsync(Client, OpaqueAudience);
            RevokedJwt = await http.AccessTokenAsync(Client, JwtAudience);
            RevokedOpaque = await http.AccessTokenAsync(Client, OpaqueAudience);
            await http.RevokeAsync(Client, RevokedJwt);
            await http.RevokeAsync(Client, RevokedOpaque);
            if (!(await http.IntrospectAsync(Client, Jwt)).GetProperty("active").GetBoolean())
                throw new InvalidOperationException("the JWT is not active even before the restart");
            JwksBefore = await http.GetJsonAsync("/.well-known/jwks.json");
            ClientBefore = await http.AdminGetAsync($"/admin/clients/{Client.ClientId}");
        }

        var port = _server.Port;
        await _server.DisposeAsync();
        _server = null;
        _server = await TollgateProcess.StartAsync(_dataDirectory, RootSecret, port);
        Http = new TollgateHttp(_server.Url);
        await Http.LoginAsync(RootSecret);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        InteropFixture.TryDelete(_dataDirectory);
    }
}

public sealed class PersistenceTests(RestartFixture state) : IClassFixture<RestartFixture>
{
    private TollgateHttp Http => state.Http;

    [Fact]
    public void TheServerReallyRestarted() => Assert.NotEqual(state.FirstProcessId, state.Server.ProcessId);

    [Fact]
    public async Task ApisClientsAndGrantsAreStillThere()
    {
        var jwtApi = await Http.AdminGetAsync($"/admin/apis/{state.JwtApiId}");
        Assert.Equal(WithoutTimestamps(state.JwtApiBefore), WithoutTimestamps(jwtApi));
        Assert.Equal("opaque", (await Http.AdminGetAsync($"/admin/apis/{state.OpaqueApiId}")).GetProperty("token_format").GetString());
        Assert.Equal(WithoutTimestamps(state.ClientBefore), WithoutTimestamps(await Http.AdminGetAsync($"/admin/clients/{state.Client.ClientId}")));
        Assert.Equal(WithoutTimestamps(state.GrantBefore), WithoutTimestamps(await Http.AdminGetAsync($"/admin/grants/{state.GrantId}")));
        var grants = await Http.AdminGetAsync($"/admin/grants?client_id={state.Client.ClientId}");
        Assert.Equal(2, grants.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// SERVER BUG (reported): created_at/updated_at are answered with 100 ns precision from memory but
    /// stored in SQLite as Unix milliseconds, so the same resource reads differently after a restart.
    /// </summary>
    [Fact]
    public async Task AdminTimestampsReadTheSameAfterRestart()
    {
        var after = await Http.AdminGetAsync($"/admin/clients/{state.Client.ClientId}");
        var before = state.ClientBefore.GetProperty("created_at").GetString();
        var now = after.GetProperty("created_at").GetString();
        Assert.True(before == now,
            $"SERVER BUG: client created_at was {before} before the restart and is {now} after it (timestamps are kept to 100 ns in memory, to 1 ms in SQLite; truncate them to milliseconds when they are made).");
    }

    [Fact]
    public async Task TheSameSigningKeysArePublished()
    {
        var after = await Http.GetJsonAsync("/.well-known/jwks.json");
        Assert.Equal(Kids(state.JwksBefore), Kids(after));
        Assert.Equal(state.JwksBefore.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task TokensIssuedBeforeTheRestartStillIntrospectActive()
    {
        var jwt = await Http.IntrospectAsync(state.Client, state.Jwt);
        Assert.True(jwt.GetProperty("active").GetBoolean(), $"old JWT inactive after restart: {jwt}");
        Assert.Equal(RestartFixture.JwtAudience, jwt.GetProperty("aud").GetString());
        var opaque = await Http.IntrospectAsync(state.Client, state.Opaque);
        Assert.True(opaque.GetProperty("active").GetBoolean(), $"old opaque token inactive after restart: {opaque}");
        Assert.Equal("read:contacts write:contacts", opaque.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task RevocationsSurviveTheRestart()
    {
        Assert.False((await Http.IntrospectAsync(state.Client, state.RevokedJwt)).GetProperty("active").GetBoolean(), "revoked JWT active again after restart");
        Assert.False((await Http.IntrospectAsync(state.Client, state.RevokedOpaque)).GetProperty("active").GetBoolean(), "revoked opaque token active again after restart");
    }

    [Fact]
    public async Task AnOldJwtValidatesAgainstTheNewProcessJwks()
    {
        await using var api = await ProtectedApi.StartAsync(state.Server.Url, RestartFixture.JwtAudience);
        var (status, _, challenge) = await api.GetContactsAsync(state.Jwt);
        Assert.True(status == 200, $"old JWT refused by JwtBearer after restart: {status} {challenge}");
    }

    [Fact]
    public async Task TheClientSecretStillWorks_AndNewJwtsUseTheSameKey()
    {
        var fresh = await Http.AccessTokenAsync(state.Client, RestartFixture.JwtAudience);
        Assert.Equal(Kid(state.Jwt), Kid(fresh));
        Assert.StartsWith("tgat_", await Http.AccessTokenAsync(state.Client, RestartFixture.OpaqueAudience));
    }

    private static string WithoutTimestamps(JsonElement resource)
        => JsonSerializer.Serialize(resource.EnumerateObject()
            .Where(p => p.Name is not ("created_at" or "updated_at" or "client_secret"))
            .ToDictionary(p => p.Name, p => p.Value));

    private static string[] Kids(JsonElement jwks)
        => jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal).ToArray();

    private static string Kid(string jwt)
    {
        var header = jwt.Split('.')[0].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
        return doc.RootElement.GetProperty("kid").GetString()!;
    }
}
