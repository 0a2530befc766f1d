using System.Security.Cryptography;
using Tollgate.Client;

namespace Tollgate.Client.Tests.Infrastructure;

/// <summary>A real authorization server the client tests run against, with its clients registered.</summary>
public abstract class AuthServer : IAsyncLifetime
{
    public const string Secret = "client-secret-for-tests-0123456789abcdef";

    /// <summary>The P-256 key of the private_key_jwt client (its public half registered with the server).</summary>
    public ECDsa JwtKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public const string JwtKeyId = "client-key-1";

    public abstract string Issuer { get; }
    public abstract string TokenEndpoint { get; }
    public abstract string Audience { get; }
    public abstract string AudienceParameter { get; }
    public abstract string BasicClientId { get; }
    public abstract string PostClientId { get; }
    public abstract string JwtClientId { get; }
    /// <summary>A scope the clients are granted.</summary>
    public abstract string Scope { get; }
    /// <summary>A scope the server knows but never grants these clients.</summary>
    public abstract string UngrantedScope { get; }

    /// <summary>The client's secret (Tollgate makes its own; oidc-provider is given <see cref="Secret"/>).</summary>
    public virtual string SecretOf(string clientId) => Secret;

    public abstract Task InitializeAsync();
    public virtual Task DisposeAsync()
    {
        JwtKey.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The public JWK of <see cref="JwtKey"/>.</summary>
    protected string PublicJwk()
    {
        var p = JwtKey.ExportParameters(false);
        return $$"""{"kty":"EC","crv":"P-256","kid":"{{JwtKeyId}}","use":"sig","alg":"ES256","x":"{{Base64Url(p.Q.X!)}}","y":"{{Base64Url(p.Q.Y!)}}"}""";
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Options for the client_secret_basic client with the server's endpoint given directly.</summary>
    public void Basic(ClientCredentialsOptions o)
    {
        o.TokenEndpoint = new Uri(TokenEndpoint);
        o.ClientId = BasicClientId;
        o.ClientSecret = SecretOf(BasicClientId);
        o.Audience = Audience;
        o.AudienceParameter = AudienceParameter;
        o.Scope = Scope;
    }
}
