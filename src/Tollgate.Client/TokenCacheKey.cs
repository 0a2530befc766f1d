namespace Tollgate.Client;

/// <summary>
/// Tokens are shared by every HttpClient asking the same server, as the same client, for the same
/// audience and scope, and (DPoP) bound to the same key: a bound token is useless with another key.
/// </summary>
internal readonly record struct TokenCacheKey(string Server, string ClientId, string? Audience, string? Scope, string? DpopThumbprint)
{
    public static TokenCacheKey For(ClientCredentialsOptions o, string? dpopThumbprint)
        => new((o.TokenEndpoint ?? o.Authority)!.AbsoluteUri, o.ClientId, o.Audience, o.Scope, dpopThumbprint);
}
