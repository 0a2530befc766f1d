using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.OAuth;
using Tollgate.Core.Secrets;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>
/// The client-credentials grant, in protocol order:
/// <list type="number">
/// <item><see cref="ValidateGrantType"/></item>
/// <item><see cref="ClientAuthenticator.AuthenticateAsync(ClientCredential, string, CancellationToken)"/> (first the lockout of the source address for that client id)</item>
/// <item><see cref="CheckClientMayUseGrant"/></item>
/// <item><see cref="SelectApi"/> (audience, RFC 8707 resource, or the client's only grant)</item>
/// <item><see cref="RequireDpopProof"/> (a client with <c>dpop_bound_access_tokens</c>, an API with <c>require_dpop</c>)</item>
/// <item><see cref="CertificateBinding"/> (a client with <c>tls_client_certificate_bound_access_tokens</c>: the certificate it connected with)</item>
/// <item><see cref="NarrowScopes"/></item>
/// <item><see cref="Quotas.TokenReuse.Find"/> (where configured: the client's still-valid token for the same request, not counted)</item>
/// <item><see cref="Quotas.TokenQuotas.Take"/> (the client's token quota: 429 when exhausted in enforce mode)</item>
/// <item><see cref="Lifetime"/>, then the API's token format mints the token (bound to the DPoP key, <c>cnf.jkt</c>, when the host validated a proof)</item>
/// </list>
/// </summary>
public sealed partial class ClientCredentialsGrant(
    Catalog.Catalog catalog,
    ClientAuthenticator authenticator,
    IEnumerable<IAccessTokenFormat> formats,
    IIssuer issuer,
    TimeProvider time,
    ILogger<ClientCredentialsGrant> logger,
    Quotas.TokenQuotas? quotas = null,
    Quotas.TokenReuse? reuse = null)
{
    private readonly IAccessTokenFormat[] _formats = formats.OrderBy(f => f.Format).ToArray();

    public async ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (ValidateGrantType(request.GrantType) is { } grantTypeError) return grantTypeError;

        var authenticated = await authenticator.AuthenticateAsync(request.Credential, request.SourceAddress, cancellationToken);
        if (authenticated.Error is { } authError)
        {
            LogClientRejected(logger, request.Credential?.ClientId ?? "(none)", authError.Detail ?? authError.Description);
            return authError;
        }
        var client = authenticated.Value!;

        if (CheckClientMayUseGrant(client) is { } clientError) return clientError;

        var selected = SelectApi(client, request.Audience, request.Resource);
        if (selected.Error is { } apiError) return apiError;
        var (api, grant) = selected.Value;
        if (RequireDpopProof(client, api, request.DpopJkt) is { } dpopError) return dpopError;
        var certificate = CertificateBinding(client, request.CertificateThumbprint);
        if (certificate.Error is { } certificateError) return certificateError;

        var scopes = NarrowScopes(grant, request.Scope);
        if (scopes.Error is { } scopeError) return scopeError;

        var reuseKey = reuse?.KeyFor(client, api, scopes.Value!, request.DpopJkt, certificate.Value);
        if (reuseKey is { } key && reuse!.Find(key) is { } reused)
        {
            LogTokenReused(logger, client.ClientId, api.Identifier);
            return reused with { Allowance = quotas?.Peek(client) };
        }

        var quota = quotas?.Take(client) ?? (Quotas.QuotaAllowance?)null;
        if (quota.Error is { } quotaError) return quotaError;

        var now = time.GetUtcNow();
        var lifetime = Lifetime(client, api);
        var claims = new AccessTokenClaims(issuer.Value, client.ClientId, api.Identifier, scopes.Value!,
            now, now.AddSeconds(lifetime), Ids.New("", 22), request.DpopJkt, certificate.Value);
        var token = await _formats[(int)api.TokenFormat].IssueAsync(claims, api, cancellationToken);
        LogTokenIssued(logger, client.ClientId, api.Identifier, claims.Jti);
        var response = new TokenResponse(token, claims.IsDpopBound ? "DPoP" : "Bearer", lifetime, claims.Scope, api.Identifier, api.TokenFormat, quota.Value);
        if (reuseKey is { } storeKey) reuse!.Store(storeKey, response, claims);
        return response;
    }

    /// <summary>
    /// RFC 9449 §5.2: a client registered with <c>dpop_bound_access_tokens</c> (and here also an API with
    /// <c>require_dpop</c>) gets no bearer token. A missing proof is answered like a bad one, <c>invalid_dpop_proof</c>
    /// (400): the error RFC 9449 §5 defines for the token endpoint's proof check.
    /// </summary>
    internal static OAuthError? RequireDpopProof(Client client, Api api, string? dpopJkt)
    {
        if (dpopJkt is not null) return null;
        if (client.DpopBoundAccessTokens)
            return new OAuthError("invalid_dpop_proof", "This client must use DPoP-bound tokens (dpop_bound_access_tokens): send a DPoP proof.", 400);
        if (api.RequireDpop)
            return new OAuthError("invalid_dpop_proof", $"The API '{api.Identifier}' requires DPoP-bound tokens: send a DPoP proof.", 400);
        return null;
    }

    /// <summary>
    /// RFC 8705 §3: a client registered with <c>tls_client_certificate_bound_access_tokens</c> gets tokens bound
    /// to the certificate of its connection (<c>cnf.x5t#S256</c>), and none without one. Other clients get unbound tokens.
    /// </summary>
    internal static OAuthResult<string?> CertificateBinding(Client client, string? thumbprint)
    {
        if (!client.TlsClientCertificateBoundAccessTokens) return (string?)null;
        if (thumbprint is null)
            return OAuthError.InvalidRequest("This client must use certificate-bound tokens (tls_client_certificate_bound_access_tokens): connect with its TLS client certificate.");
        return thumbprint;
    }

    internal static OAuthError? ValidateGrantType(string? grantType) => grantType switch
    {
        null or "" => OAuthError.InvalidRequest("grant_type is required."),
        GrantTypeNames.ClientCredentials => null,
        _ => OAuthError.UnsupportedGrantType(grantType),
    };

    internal static OAuthError? CheckClientMayUseGrant(Client client)
        => client.GrantTypes.Contains(GrantTypeNames.ClientCredentials)
            ? null
            : OAuthError.UnauthorizedClient("This client may not use the client_credentials grant.");

    internal OAuthResult<(Api, Grant)> SelectApi(Client client, string? audience, string? resource)
    {
        if (audience is not null && resource is not null && audience != resource)
            return OAuthError.InvalidRequest("audience and resource name different APIs; send one of them.");
        if (resource is not null && !Uri.TryCreate(resource, UriKind.Absolute, out _))
            return OAuthError.InvalidTarget("resource must be an absolute URI (RFC 8707).");

        var snapshot = catalog.Current;
        var grants = snapshot.GrantsOf(client.ClientId);
        var target = audience ?? resource;
        if (string.IsNullOrEmpty(target))
        {
            if (grants.Count != 1)
                return OAuthError.InvalidRequest(grants.Count == 0
                    ? "This client has no grant to any API."
                    : "audience (or resource) is required: this client is granted access to several APIs.");
            target = grants.Keys.First();
        }

        var api = snapshot.FindApi(target);
        if (api is null) return OAuthError.InvalidTarget($"No API is registered with the identifier '{target}'.");
        if (!grants.TryGetValue(target, out var grant))
            return OAuthError.AccessDenied($"This client is not granted access to '{target}'.");
        return (api, grant);
    }

    /// <summary>The requested scopes when all are granted; all granted scopes when none is requested.</summary>
    internal static OAuthResult<string> NarrowScopes(Grant grant, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return string.Join(' ', grant.Scope);

        var wanted = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var missing = wanted.Where(s => !grant.Scope.Contains(s)).ToArray();
        if (missing.Length > 0)
            return OAuthError.InvalidScope($"Scope not granted to this client for this API: {string.Join(' ', missing)}.");
        return string.Join(' ', wanted);
    }

    internal static int Lifetime(Client client, Api api)
        => client.AccessTokenLifetime is { } own && own < api.AccessTokenLifetime ? own : api.AccessTokenLifetime;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Token issued to {ClientId} for {Audience}, jti {Jti}")]
    private static partial void LogTokenIssued(ILogger logger, string clientId, string audience, string jti);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Token reused for {ClientId} for {Audience}")]
    private static partial void LogTokenReused(ILogger logger, string clientId, string audience);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Client authentication failed for {ClientId}: {Reason}")]
    private static partial void LogClientRejected(ILogger logger, string clientId, string reason);
}
