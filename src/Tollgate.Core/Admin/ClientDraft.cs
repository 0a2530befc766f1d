namespace Tollgate.Core.Admin;

/// <summary>A client as sent by an administrator: null means "not given" (default on create, unchanged on update).</summary>
public sealed record ClientDraft(
    string? ClientId,
    string? ClientName,
    string? TokenEndpointAuthMethod,
    IReadOnlyList<string>? GrantTypes,
    int? AccessTokenLifetime,
    IReadOnlyList<string>? AllowedOrigins,
    /// <summary>Raw JSON; must be an object.</summary>
    string? Metadata,
    bool? AllowIntrospection,
    /// <summary>Raw JSON JWK Set, for private_key_jwt.</summary>
    string? Jwks = null,
    string? JwksUri = null,
    /// <summary>RFC 9449 §5.2: the token endpoint refuses this client a request without a DPoP proof.</summary>
    bool? DpopBoundAccessTokens = null)
{
    /// <summary>RFC 8705 §2.1.2: the subject fields given (a <c>tls_client_auth</c> client registers exactly one; null: none given).</summary>
    public IReadOnlyList<Clients.TlsClientAuthSubject>? TlsClientAuth { get; init; }
    /// <summary>RFC 8705 §3.4: the client's tokens are bound to the TLS client certificate it connects with.</summary>
    public bool? TlsClientCertificateBoundAccessTokens { get; init; }
    /// <summary>Raw JSON of the client's own token quota (<c>{}</c>: none, the server's default applies).</summary>
    public string? TokenQuota { get; init; }
}

/// <summary>A newly created client with its secret, which is shown this once and never again.</summary>
public sealed record CreatedClient(Clients.Client Client, string? ClientSecret);
