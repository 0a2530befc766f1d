using System.Security.Cryptography;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Browser apps through nginx: a <c>tollgate serve</c> of its own with the token handler on (trusted
/// origin, cookie prefix, key, phantom token), an opaque-token API and a granted SPA client, the
/// contacts API process, and two nginx gateways rendered with <c>TOKEN_HANDLER=on</c>: one in front
/// of the contacts API, one in front of a <see cref="RecordingApi"/> that shows what nginx sent
/// upstream. Every process is on a free loopback port and is stopped by its pid.
/// </summary>
public sealed class TokenHandlerFixture : IAsyncLifetime
{
    public const string Api = "https://spa.contacts.example";
    public const string Origin = "https://app.example";
    public const string Prefix = "example";
    private const string RootSecret = "e2e-th-root-secret-0123456789";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-e2e-th-").FullName;
    private readonly List<IAsyncDisposable> _running = [];

    /// <summary>A fresh AES-256 key for this run, as the OAuth Agent and Tollgate share it.</summary>
    public string Key { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public TollgateAdmin Admin { get; private set; } = null!;
    public string Issuer { get; private set; } = "";
    public ClientCredentials Spa { get; private set; } = null!;
    public NginxGateway Gateway { get; private set; } = null!;
    public NginxGateway RecordingGateway { get; private set; } = null!;
    public RecordingApi Recorder { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync(); // xUnit does not dispose a fixture whose start failed
            throw;
        }
    }

    private async Task StartAsync()
    {
        var port = ServiceProcess.FreePort();
        Issuer = $"http://127.0.0.1:{port}";
        var tollgate = Run(ServiceProcess.Start("tollgate-th", "dotnet",
        [
            RepoPaths.TollgateDll, "serve", "--urls", Issuer, $"--Tollgate:DataDirectory={Path.Combine(_directory, "tollgate")}",
            $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}",
            $"--Tollgate:Decisions:TokenHandler:TrustedWebOrigins:0={Origin}",
            $"--Tollgate:Decisions:TokenHandler:CookieNamePrefix={Prefix}",
            $"--Tollgate:Decisions:TokenHandler:EncryptionKey={Key}",
            "--Tollgate:Decisions:TokenHandler:UsePhantomToken=true",
        ], new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory));
        var contactsPort = ServiceProcess.FreePort();
        var contacts = Run(ServiceProcess.Start("contacts-th", "dotnet",
            [RepoPaths.ContactsDll, "--urls", $"http://127.0.0.1:{contactsPort}", $"--Contacts:Database={Path.Combine(_directory, "contacts.db")}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory));
        Recorder = Run(await RecordingApi.StartAsync());
        await Task.WhenAll(tollgate.WaitForHttpAsync($"{Issuer}/health/ready"), contacts.WaitForHttpAsync($"http://127.0.0.1:{contactsPort}/health"));

        Admin = new TollgateAdmin(Issuer);
        await Admin.LoginAsync(RootSecret);
        await Admin.CreateApiAsync(Api, tokenFormat: "opaque");
        await Admin.PutRoutesAsync(Api, ScenarioFixture.Rules);
        Spa = await Admin.CreateClientAsync("single-page app");
        await Admin.CreateGrantAsync(Spa.ClientId, Api, "read:contacts", "write:contacts");

        Gateway = Run(await NginxGateway.StartAsync(Path.Combine(_directory, "gw-contacts"), $"127.0.0.1:{port}", $"127.0.0.1:{contactsPort}", Api, tokenHandler: true));
        RecordingGateway = Run(await NginxGateway.StartAsync(Path.Combine(_directory, "gw-recorder"), $"127.0.0.1:{port}", $"127.0.0.1:{Recorder.Port}", Api, tokenHandler: true));
    }

    /// <summary>A browser session as an OAuth Agent sets it up: a new opaque token for the SPA, in encrypted cookies with a CSRF value.</summary>
    public async Task<BrowserSession> SignInAsync()
    {
        var token = await Admin.AccessTokenAsync(Spa, Api);
        var csrf = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        return new BrowserSession(token, csrf,
            $"{Prefix}-at={CookieEncryption.Encrypt(token, Key)}; {Prefix}-csrf={CookieEncryption.Encrypt(csrf, Key)}");
    }

    private T Run<T>(T process) where T : IAsyncDisposable
    {
        _running.Add(process);
        return process;
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        for (var i = _running.Count - 1; i >= 0; i--) await _running[i].DisposeAsync();
        _running.Clear();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { } // best effort: a temp directory
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What the browser holds: the cookies (opaque access token and CSRF value, encrypted) and the CSRF value the SPA was given.</summary>
public sealed record BrowserSession(string OpaqueToken, string Csrf, string Cookies);

[CollectionDefinition(Name)]
public sealed class TokenHandlerCollection : ICollectionFixture<TokenHandlerFixture>
{
    public const string Name = "Token handler end to end";
}
