namespace Tollgate.Client;

/// <summary>Tokens are shared by every HttpClient asking the same server, as the same client, for the same audience and scope.</summary>
internal readonly record struct TokenCacheKey(string Server, string ClientId, string? Audience, string? Scope)
{
    public static TokenCacheKey For(ClientCredentialsOptions o)
        => new((o.TokenEndpoint ?? o.Authority)!.AbsoluteUri, o.ClientId, o.Audience, o.Scope);
}
