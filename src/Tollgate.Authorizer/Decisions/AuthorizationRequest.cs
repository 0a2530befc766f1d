namespace Tollgate.Authorizer.Decisions;

/// <summary>
/// One request to authorize, as every adapter can build it: the method and path being called and
/// the request's headers and query (names case-insensitive), or just a bare token (REST TOKEN
/// authorizer, where API Gateway passes only the header value).
/// </summary>
public sealed record AuthorizationRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>
    /// The caller's IP address as the host knows it (API Gateway's <c>sourceIp</c>, the proxy's
    /// <c>X-Real-IP</c>, the connection): policies see it as context key <c>remoteIPAddress</c>.
    /// </summary>
    public string? RemoteAddress { get; init; }
    /// <summary>
    /// The request's absolute URL as the client addressed it (<c>scheme://host[:port]/path</c>; a
    /// query is ignored): the <c>htu</c> a DPoP proof must name. Null when the adapter cannot know
    /// it (REST TOKEN authorizer): a DPoP-bound token is then refused.
    /// </summary>
    public string? Url { get; init; }
    /// <summary>
    /// The caller's TLS client certificate as PEM (or URL-escaped PEM, as nginx's
    /// <c>$ssl_client_escaped_cert</c>), as the gateway that terminated TLS saw it; null when there
    /// was none. A certificate-bound token (<c>cnf.x5t#S256</c>, RFC 8705) needs it.
    /// </summary>
    public string? ClientCertificate { get; init; }

    /// <summary>
    /// A request carrying only a credential value (REST TOKEN authorizer): it is taken as the
    /// <c>Authorization</c> header, so both <c>Bearer &lt;token&gt;</c> and a bare token work.
    /// </summary>
    public static AuthorizationRequest ForToken(string authorizationValue, string method, string path) => new()
    {
        Method = method,
        Path = path,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = authorizationValue },
    };
}

/// <summary>The decision engine: extract → validate → revocation → route → scopes → decision.</summary>
public interface IAuthorizer
{
    ValueTask<Decision> DecideAsync(AuthorizationRequest request, CancellationToken cancellationToken = default);
}
