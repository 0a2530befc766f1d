using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.TokenHandler;

namespace Tollgate.Server.Decisions;

/// <summary>The decision engine for an API (by audience), wherever its keys and rules come from.</summary>
public interface IDecisionAuthorizers
{
    /// <summary>The audience used when a decision request names none (null: it must name one).</summary>
    string? DefaultAudience { get; }

    /// <summary>Null when this host does not know the API.</summary>
    IAuthorizer? For(string audience);

    /// <summary>The token-handler settings when browser apps call through this host (CORS answers come from them); null otherwise.</summary>
    TokenHandlerOptions? TokenHandler => null;

    /// <summary>
    /// The header the gateway puts the caller's TLS client certificate in (PEM, or URL-escaped PEM as nginx's
    /// <c>$ssl_client_escaped_cert</c>), for certificate-bound tokens (RFC 8705). Null: no header is believed,
    /// and a certificate-bound token is refused, since a caller could send the header itself.
    /// </summary>
    string? ClientCertificateHeader => null;
}
