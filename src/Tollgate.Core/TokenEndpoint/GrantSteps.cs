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
/// The steps every grant can use once the client is authenticated, in the order a grant takes them:
/// <list type="number">
/// <item><see cref="SelectApi"/> (audience, RFC 8707 resource, or the client's only grant)</item>
/// <item><see cref="RequireDpopProof"/> (a client with <c>dpop_bound_access_tokens</c>, an API with <c>require_dpop</c>)</item>
/// <item><see cref="CertificateBinding"/> (a client with <c>tls_client_certificate_bound_access_tokens</c>: the certificate it connected with)</item>
/// <item><see cref="NarrowScopes"/></item>
/// <item><see cref="IssueAsync"/>: <see cref="Quotas.TokenReuse.Find"/> (where configured and the grant allows it: the client's
/// still-valid token for the same request, not counted), <see cref="Quotas.TokenQuotas.Take"/> (429 when exhausted in enforce
/// mode), <see cref="Lifetime"/>, then the API's token format mints the token (bound to the DPoP key, <c>cnf.jkt</c>, or the
/// certificate, <c>cnf.x5t#S256</c>)</item>
/// </list>
/// </summary>
public sealed partial class GrantSteps(
    Catalog.Catalog catalog,
    IEnumerable<IAccessTokenFormat> formats,
    IIssuer issuer,
    TimeProvider time,
    ILogger<GrantSteps> logger,
    Quotas.TokenQuotas? quotas = null,
    Quotas.TokenReuse? reuse = null)
{
    private readonly IAccessTokenFormat[] _formats = formats.OrderBy(f => f.Format).ToArray();

    public OAuthResult<(Api, Grant)> SelectApi(Client client, string? audience, string? resource)
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

    /// <summary>
    /// RFC 9449 §5.2: a client registered with <c>dpop_bound_access_tokens</c> (and here also an API with
    /// <c>require_dpop</c>) gets no bearer token. A missing proof is answered like a bad one, <c>invalid_dpop_proof</c>
    /// (400): the error RFC 9449 §5 defines for the token endpoint's proof check.
    /// </summary>
    public static OAuthError? RequireDpopProof(Client client, Api api, string? dpopJkt)
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
    public static OAuthResult<string?> CertificateBinding(Client client, string? thumbprint)
    {
        if (!client.TlsClientCertificateBoundAccessTokens) return (string?)null;
        if (thumbprint is null)
            return OAuthError.InvalidRequest("This client must use certificate-bound tokens (tls_client_certificate_bound_access_tokens): connect with its TLS client certificate.");
        return thumbprint;
    }

    /// <summary>The requested scopes when all are granted; all granted scopes when none is requested.</summary>
    public static OAuthResult<string> NarrowScopes(Grant grant, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return string.Join(' ', grant.Scope);

        var wanted = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var missing = wanted.Where(s => !grant.Scope.Contains(s)).ToArray();
        if (missing.Length > 0)
            return OAuthError.InvalidScope($"Scope not granted to this client for this API: {string.Join(' ', missing)}.");
        return string.Join(' ', wanted);
    }

    /// <summary>Seconds: the API's token lifetime, or the client's own when shorter.</summary>
    public static int Lifetime(Client client, Api api)
        => client.AccessTokenLifetime is { } own && own < api.AccessTokenLifetime ? own : api.AccessTokenLifetime;

    /// <summary>
    /// Issues the planned token: a reused one when <paramref name="reusable"/> and token reuse has one fit to give out,
    /// else a new one, counted against the client's quota.
    /// </summary>
    public async ValueTask<OAuthResult<TokenResponse>> IssueAsync(TokenPlan plan, bool reusable, CancellationToken cancellationToken)
    {
        var (client, api) = (plan.Client, plan.Api);
        var reuseKey = reusable ? reuse?.KeyFor(client, api, plan.Scope, plan.DpopJkt, plan.CertificateThumbprint) : null;
        if (reuseKey is { } key && reuse!.Find(key) is { } reused)
        {
            LogTokenReused(logger, client.ClientId, api.Identifier);
            return reused with { Allowance = quotas?.Peek(client) };
        }

        var quota = quotas?.Take(client) ?? (Quotas.QuotaAllowance?)null;
        if (quota.Error is { } quotaError) return quotaError;

        var now = time.GetUtcNow();
        var lifetime = Lifetime(client, api);
        var claims = new AccessTokenClaims(issuer.Value, client.ClientId, api.Identifier, plan.Scope,
            now, now.AddSeconds(lifetime), Ids.New("", 22), plan.DpopJkt, plan.CertificateThumbprint);
        var token = await _formats[(int)api.TokenFormat].IssueAsync(claims, api, cancellationToken);
        LogTokenIssued(logger, client.ClientId, api.Identifier, claims.Jti);
        var response = new TokenResponse(token, claims.IsDpopBound ? "DPoP" : "Bearer", lifetime, claims.Scope, api.Identifier, api.TokenFormat, quota.Value);
        if (reuseKey is { } storeKey) reuse!.Store(storeKey, response, claims);
        return response;
    }

    [LoggerMessage(EventId = LogEvents.TokenIssued, Level = LogLevel.Debug, Message = "Token issued to {ClientId} for {Audience}, jti {Jti}")]
    private static partial void LogTokenIssued(ILogger logger, string clientId, string audience, string jti);

    [LoggerMessage(EventId = LogEvents.TokenReused, Level = LogLevel.Debug, Message = "Token reused for {ClientId} for {Audience}")]
    private static partial void LogTokenReused(ILogger logger, string clientId, string audience);
}
