using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Dpop;

namespace Tollgate.AspNetCore;

/// <summary>
/// An ASP.NET Core request as the engine reads it: method, path, the token header, and for DPoP the
/// <c>DPoP</c> header(s) (comma-joined, so two are seen as two) and the URL the proof's <c>htu</c> must
/// name: <c>Request.Scheme</c>, <c>Request.Host</c>, <c>PathBase</c> + <c>Path</c> (behind a proxy, let
/// <c>UseForwardedHeaders</c> set the scheme and host the client used); the connection's TLS client
/// certificate, for certificate-bound tokens (RFC 8705).
/// </summary>
internal static class RequestAdapter
{
    public static AuthorizationRequest From(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).Value is { Length: > 0 } p ? p : "/";
        var dpop = request.Headers[DpopBinding.HeaderName];
        var headers = new Dictionary<string, string>(dpop.Count > 0 ? 2 : 1, StringComparer.OrdinalIgnoreCase);
        if (request.Headers.Authorization is { Count: > 0 } authorization) headers["Authorization"] = authorization.ToString();
        if (dpop.Count > 0) headers[DpopBinding.HeaderName] = dpop.ToString();
        return new AuthorizationRequest
        {
            Method = request.Method,
            Path = path,
            Headers = headers,
            Url = dpop.Count > 0 && request.Host.HasValue ? $"{request.Scheme}://{request.Host.Value}{path}" : null,
            // Kestrel's TLS client certificate (or one UseCertificateForwarding set from a trusted proxy's header).
            ClientCertificate = request.HttpContext.Connection.ClientCertificate?.ExportCertificatePem(),
        };
    }
}
