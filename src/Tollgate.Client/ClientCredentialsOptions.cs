using System.Security.Cryptography;

namespace Tollgate.Client;

/// <summary>
/// One client-credentials token source: where to ask (<see cref="TokenEndpoint"/>, or
/// <see cref="Authority"/> for discovery), who asks (<see cref="ClientId"/> with a secret or a
/// private key) and for what (<see cref="Audience"/>, <see cref="Scope"/>).
/// </summary>
public sealed class ClientCredentialsOptions
{
    /// <summary>The token endpoint itself; when null it is discovered from <see cref="Authority"/>.</summary>
    public Uri? TokenEndpoint { get; set; }
    /// <summary>The issuer: its token endpoint is read from <c>/.well-known/oauth-authorization-server</c> (then <c>openid-configuration</c>).</summary>
    public Uri? Authority { get; set; }
    public string ClientId { get; set; } = "";
    /// <summary>For <see cref="ClientAuthenticationMethod.ClientSecretBasic"/> and <see cref="ClientAuthenticationMethod.ClientSecretPost"/>.</summary>
    public string? ClientSecret { get; set; }
    public ClientAuthenticationMethod AuthenticationMethod { get; set; } = ClientAuthenticationMethod.ClientSecretBasic;
    /// <summary>For <see cref="ClientAuthenticationMethod.PrivateKeyJwt"/>: an <see cref="RSA"/> or P-256 <see cref="ECDsa"/> key (owned by the caller).</summary>
    public AsymmetricAlgorithm? SigningKey { get; set; }
    /// <summary>The <c>kid</c> of <see cref="SigningKey"/> in the JWK Set registered with the server.</summary>
    public string? SigningKeyId { get; set; }
    /// <summary><c>RS256</c>, <c>PS256</c> or <c>ES256</c>; by default RS256 for an RSA key and ES256 for an EC key.</summary>
    public string? SigningAlgorithm { get; set; }

    /// <summary>The API the token is for; sent as <see cref="AudienceParameter"/>.</summary>
    public string? Audience { get; set; }
    /// <summary><c>audience</c> (Tollgate, Auth0) or <c>resource</c> (RFC 8707, e.g. oidc-provider).</summary>
    public string AudienceParameter { get; set; } = "audience";
    /// <summary>Space-separated scopes; none sent when null.</summary>
    public string? Scope { get; set; }

    /// <summary>A token is renewed in the background this long before it expires (at most half its lifetime).</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A token is no longer sent this close to its expiry (at most a quarter of its lifetime): the call waits for a new one.</summary>
    public TimeSpan ExpirySkew { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Lifetime assumed when the server's answer has no <c>expires_in</c>.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Retry a call once with a fresh token when the API answers 401 (request content is buffered for that).</summary>
    public bool RetryOnUnauthorized { get; set; } = true;

    /// <summary>
    /// DPoP (RFC 9449): every token request carries a proof, so the server binds the token to
    /// <see cref="DpopKey"/>; every call then sends <c>Authorization: DPoP</c> and a proof for its method and URL.
    /// </summary>
    public bool Dpop { get; set; }
    /// <summary>The DPoP key (an <see cref="RSA"/> or P-256 <see cref="ECDsa"/> key, owned by the caller); null: one is generated per named client.</summary>
    public AsymmetricAlgorithm? DpopKey { get; set; }
    /// <summary><c>ES256</c>, <c>RS256</c> or <c>PS256</c>; by default ES256 (a generated P-256 key) or the one that fits <see cref="DpopKey"/>.</summary>
    public string? DpopAlgorithm { get; set; }

    /// <summary>Turns DPoP on with <paramref name="key"/>, or with a key generated for this named client when null.</summary>
    public ClientCredentialsOptions UseDpop(AsymmetricAlgorithm? key = null, string? algorithm = null)
    {
        Dpop = true;
        DpopKey = key;
        DpopAlgorithm = algorithm;
        return this;
    }

    /// <summary>Every problem with these options, each naming the setting; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TokenEndpoint is null && Authority is null) errors.Add("TokenEndpoint or Authority must be set");
        if (TokenEndpoint is { IsAbsoluteUri: false } || Authority is { IsAbsoluteUri: false }) errors.Add("TokenEndpoint and Authority must be absolute URLs");
        if (string.IsNullOrWhiteSpace(ClientId)) errors.Add("ClientId must be set");
        switch (AuthenticationMethod)
        {
            case ClientAuthenticationMethod.PrivateKeyJwt when SigningKey is not (RSA or ECDsa):
                errors.Add("SigningKey must be an RSA or ECDsa key for private_key_jwt");
                break;
            case ClientAuthenticationMethod.PrivateKeyJwt when ClientAssertion.AlgorithmFor(this) is null:
                errors.Add($"SigningAlgorithm '{SigningAlgorithm}' does not fit the key (RS256 or PS256 for RSA, ES256 for P-256)");
                break;
            case ClientAuthenticationMethod.ClientSecretBasic or ClientAuthenticationMethod.ClientSecretPost when string.IsNullOrEmpty(ClientSecret):
                errors.Add($"ClientSecret must be set for {AuthenticationMethod}");
                break;
        }
        if (string.IsNullOrWhiteSpace(AudienceParameter)) errors.Add("AudienceParameter must name a form parameter");
        if (RenewBefore < TimeSpan.Zero || ExpirySkew < TimeSpan.Zero) errors.Add("RenewBefore and ExpirySkew cannot be negative");
        if (DefaultLifetime <= TimeSpan.Zero) errors.Add("DefaultLifetime must be positive");
        errors.AddRange(ValidateDpop());
        return errors;
    }

    private IEnumerable<string> ValidateDpop()
    {
        if (!Dpop)
        {
            if (DpopKey is not null || DpopAlgorithm is not null) yield return "DpopKey and DpopAlgorithm need Dpop = true (or UseDpop(...))";
            yield break;
        }
        if (DpopKey is null)
        {
            if (DpopAlgorithm is not (null or "ES256" or "RS256" or "PS256")) yield return $"DpopAlgorithm '{DpopAlgorithm}' is not ES256, RS256 or PS256";
        }
        else if (DpopKey is not (RSA or ECDsa)) yield return "DpopKey must be an RSA or ECDsa key";
        else if (DpopKey is RSA { KeySize: < 2048 }) yield return "DpopKey: an RSA key needs at least 2048 bits";
        else if (JwsSigner.AlgorithmFor(DpopKey, DpopAlgorithm) is null)
            yield return $"DpopAlgorithm '{DpopAlgorithm}' does not fit DpopKey (RS256 or PS256 for RSA, ES256 for P-256)";
    }
}
