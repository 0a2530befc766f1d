namespace Tollgate.Authorizer.Jwks;

/// <summary>The outcome of looking a <c>kid</c> up: the key, or why there is none.</summary>
public readonly record struct KeyLookup(VerificationKey? Key, bool KeysUnavailable)
{
    public static KeyLookup Found(VerificationKey key) => new(key, false);
    public static readonly KeyLookup Unknown = new(null, false);
    public static readonly KeyLookup Unavailable = new(null, true);
}
