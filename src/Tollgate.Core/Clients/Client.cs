using System.Collections.Immutable;

namespace Tollgate.Core.Clients;

/// <summary>A registered client application. Secrets are held only as hashes.</summary>
public sealed record Client
{
    public required string ClientId { get; init; }
    public string? ClientName { get; init; }
    public string TokenEndpointAuthMethod { get; init; } = AuthMethods.ClientSecretBasic;
    public ImmutableArray<string> GrantTypes { get; init; } = [GrantTypeNames.ClientCredentials];
    /// <summary>Seconds; when set and shorter than the API's lifetime, it wins.</summary>
    public int? AccessTokenLifetime { get; init; }
    public ImmutableArray<string> AllowedOrigins { get; init; } = [];
    /// <summary>Free JSON object, stored and returned as given.</summary>
    public string Metadata { get; init; } = "{}";
    /// <summary>May call the introspection endpoint (a resource server or gateway).</summary>
    public bool AllowIntrospection { get; init; }
    /// <summary>For private_key_jwt: the client's public keys as a JWK Set (JSON), or <see cref="JwksUri"/>.</summary>
    public string? Jwks { get; init; }
    public string? JwksUri { get; init; }
    /// <summary>RFC 9449 §5.2 <c>dpop_bound_access_tokens</c>: the token endpoint refuses this client a request without a DPoP proof.</summary>
    public bool DpopBoundAccessTokens { get; init; }
    /// <summary>RFC 8705 §2.1.2: for <c>tls_client_auth</c>, the certificate subject this client is registered with.</summary>
    public TlsClientAuthSubject? TlsClientAuth { get; init; }
    /// <summary>
    /// RFC 8705 §3.4 <c>tls_client_certificate_bound_access_tokens</c>: this client's tokens are bound to the TLS
    /// client certificate it connects with (<c>cnf.x5t#S256</c>); a token request without one is refused.
    /// </summary>
    public bool TlsClientCertificateBoundAccessTokens { get; init; }
    /// <summary>This client's own token quota, replacing the server's default (null: the default applies).</summary>
    public TokenQuota? TokenQuota { get; init; }
    public ImmutableArray<ClientSecret> Secrets { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One hashed secret of a client; several may be live while a secret rotates.</summary>
public sealed record ClientSecret(string Id, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

public static class AuthMethods
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";
    public const string PrivateKeyJwt = "private_key_jwt";
    /// <summary>RFC 8705 §2.1: a TLS client certificate from a trusted CA, with the registered subject.</summary>
    public const string TlsClientAuth = "tls_client_auth";
    /// <summary>RFC 8705 §2.2: a self-signed TLS client certificate whose key is in the client's registered JWK Set.</summary>
    public const string SelfSignedTlsClientAuth = "self_signed_tls_client_auth";
    public static readonly ImmutableArray<string> Supported = [ClientSecretBasic, ClientSecretPost, PrivateKeyJwt, TlsClientAuth, SelfSignedTlsClientAuth];

    /// <summary>The methods that prove the client with something other than a shared secret: such a client gets no secret.</summary>
    public static bool UsesNoSecret(string method) => method is PrivateKeyJwt or TlsClientAuth or SelfSignedTlsClientAuth;

    /// <summary>The methods that prove the client with its registered public keys (<c>jwks</c> or <c>jwks_uri</c>).</summary>
    public static bool UsesKeys(string method) => method is PrivateKeyJwt or SelfSignedTlsClientAuth;
}

/// <summary>
/// RFC 8705 §2.1.2: the one certificate subject a <c>tls_client_auth</c> client registers, by its
/// metadata name (<see cref="Fields"/>) and the expected value.
/// </summary>
public sealed record TlsClientAuthSubject(string Field, string Value)
{
    public const string SubjectDn = "tls_client_auth_subject_dn";
    public const string SanDns = "tls_client_auth_san_dns";
    public const string SanUri = "tls_client_auth_san_uri";
    public const string SanIp = "tls_client_auth_san_ip";
    public const string SanEmail = "tls_client_auth_san_email";
    public static readonly ImmutableArray<string> Fields = [SubjectDn, SanDns, SanUri, SanIp, SanEmail];
}

public static class GrantTypeNames
{
    public const string ClientCredentials = "client_credentials";
    public static readonly ImmutableArray<string> Supported = [ClientCredentials];
}
