using Tollgate.Authorizer.Jwks;

namespace Tollgate.Core.Keys;

/// <summary>
/// This server's own published keys as the decision engine's validator reads them (the JWKS it
/// serves, parsed once per change of the key ring): the key source for validating its own tokens.
/// Only keys still published verify: an unpublished key's tokens have all expired.
/// </summary>
public sealed class PublishedKeys(KeyRing keys, TimeProvider time) : IKeySource
{
    private sealed record Parsed(ReadOnlyMemory<byte> Jwks, KeySet Set);

    private Parsed _parsed = new(default, KeySet.Empty);

    public ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken)
    {
        if (kid is null || keys.Find(kid) is not { } key || !key.PublishedAt(time.GetUtcNow())) return ValueTask.FromResult(KeyLookup.Unknown);
        return ValueTask.FromResult(Current().Find(kid) is { } found ? KeyLookup.Found(found) : KeyLookup.Unknown);
    }

    private KeySet Current()
    {
        var parsed = Volatile.Read(ref _parsed);
        var jwks = keys.JwksJson;
        if (parsed.Jwks.Equals(jwks)) return parsed.Set;
        var set = JwksParser.Parse(jwks.Span, out _);
        Volatile.Write(ref _parsed, new Parsed(jwks, set));
        return set;
    }
}
