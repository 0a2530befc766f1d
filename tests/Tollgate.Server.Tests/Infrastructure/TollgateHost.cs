using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// A Tollgate server on a real SQLite file in a fresh directory, either in-process (TestServer)
/// or on a real Kestrel loopback port (or on a real PostgreSQL database: <see cref="PostgresHost"/>), with a fake clock and helpers that speak only HTTP.
/// </summary>
public abstract class TollgateHost(string? dataDirectory = null) : IAsyncLifetime
{
    public const string RootClientId = "tollgate-root";
    public const string RootSecret = "root-secret-for-tests-0123456789";

    private WebApplication? _app;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public string DataDirectory { get; } = dataDirectory ?? Path.Combine(Path.GetTempPath(), "tollgate-tests-" + Guid.NewGuid().ToString("N"));
    public HttpClient Http { get; private set; } = null!;
    public string Issuer { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;
    public CapturedLogs Logs { get; } = new();

    protected abstract bool UseKestrel { get; }

    protected virtual void Configure(Dictionary<string, string?> settings) { }

    /// <summary>Services a test adds before the host is built (an in-memory span exporter, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public virtual async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tollgate:DataDirectory"] = DataDirectory,
            ["Tollgate:Bootstrap:RootClientSecret"] = RootSecret,
        };
        if (!UseKestrel) settings["Tollgate:Issuer"] = "http://tollgate.test";
        Configure(settings);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<TimeProvider>(Time);
        if (UseKestrel)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            if (!settings.Keys.Any(k => k.StartsWith("Kestrel:", StringComparison.Ordinal))) builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else builder.WebHost.UseTestServer();
        builder.AddTollgate();
        ConfigureServices(builder.Services);

        _app = builder.Build();
        await _app.InitializeTollgateAsync();
        _app.MapTollgate();
        await _app.StartAsync();

        if (UseKestrel)
        {
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Http = CreateKestrelClient(new Uri(address));
            Issuer = _app.Services.GetRequiredService<Core.OAuth.IIssuer>().Value;
        }
        else
        {
            Http = _app.GetTestClient();
            Http.BaseAddress = new Uri("http://tollgate.test");
            Issuer = "http://tollgate.test";
        }
    }

    protected virtual HttpClient CreateKestrelClient(Uri address) => new() { BaseAddress = address };

    /// <summary>Stops the server and closes the database, leaving the data directory in place.</summary>
    public async Task StopAsync()
    {
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    // ---- helpers that speak HTTP only ----

    public async Task<string> AdminTokenAsync()
    {
        using var response = await Http.SendAsync(TokenRequest(RootClientId, RootSecret, new() { ["grant_type"] = "client_credentials" }));
        var text = await response.Content.ReadAsStringAsync();
        var token = response.IsSuccessStatusCode && text.Length > 0 ? JsonNode.Parse(text)?["access_token"]?.GetValue<string>() : null;
        return token ?? throw new InvalidOperationException($"the root client's token request → {(int)response.StatusCode}: '{text}'");
    }

    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AdminTokenAsync());
        if (body is not null) request.Content = body is string raw ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        return await Http.SendAsync(request);
    }

    public async Task<JsonObject> AdminOkAsync(HttpMethod method, string path, object? body = null)
    {
        var response = await AdminAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Creates an API with a unique identifier; returns the identifier.</summary>
    public async Task<string> CreateApiAsync(string format = "jwt", string alg = "RS256", int lifetime = 3600, params string[] scopes)
    {
        var identifier = $"https://api-{Guid.NewGuid():N}.example";
        scopes = scopes.Length > 0 ? scopes : ["read:contacts", "write:contacts"];
        await AdminOkAsync(HttpMethod.Post, "/admin/apis", new
        {
            identifier, name = "Test API", scopes = scopes.Select(s => new { value = s, description = $"{s} scope" }),
            token_format = format, signing_alg = alg, access_token_lifetime = lifetime,
        });
        return identifier;
    }

    public async Task<(string Id, string Secret)> CreateClientAsync(string method = "client_secret_basic", bool introspect = false, int? lifetime = null)
    {
        var created = await AdminOkAsync(HttpMethod.Post, "/admin/clients", new
        {
            client_name = "test client", token_endpoint_auth_method = method, allow_introspection = introspect, access_token_lifetime = lifetime,
        });
        return (created["client_id"]!.GetValue<string>(), created["client_secret"]!.GetValue<string>());
    }

    public Task<JsonObject> GrantAsync(string clientId, string audience, params string[] scopes)
        => AdminOkAsync(HttpMethod.Post, "/admin/grants", new { client_id = clientId, audience, scope = scopes });

    /// <summary>A token request with Basic credentials (RFC 6749 §2.3.1 encoding).</summary>
    public static HttpRequestMessage TokenRequest(string clientId, string secret, Dictionary<string, string> form, string path = "/oauth2/token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(clientId, secret);
        return request;
    }

    public static AuthenticationHeaderValue Basic(string clientId, string secret)
        => new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    public async Task<string> TokenAsync(string clientId, string secret, string? audience = null, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (audience is not null) form["audience"] = audience;
        if (scope is not null) form["scope"] = scope;
        var response = await Http.SendAsync(TokenRequest(clientId, secret, form));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token request → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["access_token"]!.GetValue<string>();
    }

    public async Task<JsonObject> IntrospectAsync(string token, string clientId, string secret)
    {
        var response = await Http.SendAsync(TokenRequest(clientId, secret, new() { ["token"] = token }, "/oauth2/introspect"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

public sealed class InProcessHost() : TollgateHost(null)
{
    protected override bool UseKestrel => false;
}

public sealed class KestrelHost() : TollgateHost(null)
{
    protected override bool UseKestrel => true;
}

/// <summary>
/// A server on a real Kestrel port whose stores are a fresh database on the test PostgreSQL
/// server, or (<see cref="Node"/>) one node of several sharing a database, an issuer and a system secret.
/// </summary>
public sealed class PostgresHost : TollgateHost
{
    private string? _connectionString;
    private readonly Dictionary<string, string?> _extra = new();

    public PostgresHost() : base(null) { }

    private PostgresHost(string connectionString, IReadOnlyDictionary<string, string?> extra) : base(null)
    {
        _connectionString = connectionString;
        foreach (var (k, v) in extra) _extra[k] = v;
    }

    /// <summary>A node of a cluster: same database, issuer and system secret as its peers (what docs/production.md says must match).</summary>
    public static PostgresHost Node(string connectionString, string issuer = "http://tollgate.cluster", string systemSecret = "cluster-system-secret-0123456789",
        IReadOnlyDictionary<string, string?>? extra = null)
        => new(connectionString, new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Tollgate:Issuer"] = issuer, ["Tollgate:Secrets:System:0"] = systemSecret,
        });

    public string ConnectionString => _connectionString!;

    protected override bool UseKestrel => true;

    public override async Task InitializeAsync()
    {
        _connectionString ??= await TestPostgres.CreateDatabaseAsync();
        await base.InitializeAsync();
        if (Services.GetRequiredService<Core.Storage.IStorageDatabase>() is not Tollgate.Storage.Postgres.PostgresDatabase)
            throw new InvalidOperationException("PostgresHost started on another provider");
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(_connectionString);
        settings["Tollgate:Storage:Password"] = builder.Password;   // as operators should: the password apart from the string
        builder.Password = null;
        settings["Tollgate:Storage:Provider"] = "postgres";
        settings["Tollgate:Storage:ConnectionString"] = builder.ToString();
        foreach (var (k, v) in _extra) settings[k] = v;
    }
}

public static class JsonExtensions
{
    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static string Str(this JsonObject o, string name) => o[name]!.GetValue<string>();
}
