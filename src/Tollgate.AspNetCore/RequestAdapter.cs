using Microsoft.AspNetCore.Http;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.AspNetCore;

/// <summary>An ASP.NET Core request as the engine reads it: method, path, the token header only.</summary>
internal static class RequestAdapter
{
    public static AuthorizationRequest From(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(1, StringComparer.OrdinalIgnoreCase);
        if (request.Headers.Authorization is { Count: > 0 } authorization) headers["Authorization"] = authorization.ToString();
        return new AuthorizationRequest
        {
            Method = request.Method,
            Path = request.PathBase.Add(request.Path).Value is { Length: > 0 } p ? p : "/",
            Headers = headers,
        };
    }
}
