namespace Tollgate.Authorizer.Introspection;

/// <summary>The introspection endpoint and the SHA-256 of the token: never the token itself.</summary>
public static class IntrospectionCacheKey
{
    public static string For(Uri endpoint, string token) =>
        endpoint.AbsoluteUri + "#" + Caching.TokenHash.ToBase64Url(token);
}
