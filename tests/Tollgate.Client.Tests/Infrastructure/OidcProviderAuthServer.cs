using System.Diagnostics;
using System.Text.Json.Nodes;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Client.Tests.Infrastructure;

/// <summary>
/// npm oidc-provider (tests/interop/oidc-provider-server.mjs) as a node process on a free port; audience by RFC 8707 <c>resource</c>.
/// Its DPoP feature is on (binds tokens to a proof's key) unless <see cref="DpopEnabled"/> says otherwise.
/// </summary>
public class OidcProviderAuthServer : AuthServer
{
    protected virtual bool DpopEnabled => true;

    private Process? _process;
    private string _issuer = "";

    public override string Issuer => _issuer;
    public override string TokenEndpoint => $"{_issuer}/token";
    public override string Audience => "https://api.example";
    public override string AudienceParameter => "resource";
    public override string BasicClientId => "svc-basic";
    public override string PostClientId => "svc-post";
    public override string JwtClientId => "svc-jwt";
    public override string Scope => "read";
    public override string UngrantedScope => "admin";

    public override async Task InitializeAsync()
    {
        await NodeScripts.EnsureInstalledAsync();
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodeScripts.Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("oidc-provider-server.mjs");
        info.Environment["OIDC_SECRET"] = Secret;
        info.Environment["OIDC_RESOURCE"] = Audience;
        info.Environment["OIDC_CLIENT_JWK"] = PublicJwk();
        info.Environment["OIDC_DPOP"] = DpopEnabled ? "on" : "off";
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, _) => { };   // warnings about the dev adapter and keys
        _process.BeginErrorReadLine();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("oidc-provider exited before it listened");
        _issuer = JsonNode.Parse(line)!["issuer"]!.GetValue<string>();
    }

    public override async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>oidc-provider with its DPoP feature off: a server that ignores a <c>DPoP</c> header and issues bearer tokens.</summary>
public sealed class OidcProviderWithoutDpop : OidcProviderAuthServer
{
    protected override bool DpopEnabled => false;
}
