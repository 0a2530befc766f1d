using Tollgate.Authorizer.Jwks;

namespace Tollgate.Core.Keys;

/// <summary>
/// This server's own published keys as the decision engine's validator reads them (the JWKS it
/// serves, parsed once per change of the key ring): the key source for validating its own tokens,
/// in introspection and in the embedded decision engines of <c>tollgate serve</c>. A change of the
/// ring is seen on the next lookup, with no fetch nor refresh interval; keys no longer published
/// are retired then (<see cref="VerificationKey.IsRetired"/>), so the engines' caches drop what they
/// signed. Only keys still published verify: an unpublished key's tokens have all expired.
/// </summary>
public sealed class PublishedKeys(KeyRing keys, TimeProvider time) : IKeySource
{
    private sealed record Parsed(ReadOnlyMemory<byte> Jwks, KeySet Set);

    private readonly Lock _lock = new();
    private Parsed _parsed = new(default, KeySet.Empty);

    public ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken)
    {
        if (kid is null || keys.Find(kid) is not { } key || !key.PublishedAt(time.GetUtcNow())) return ValueTask.FromResult(KeyLookup.Unknown);
        return ValueTask.FromResult(Current().Find(kid) is { } found ? KeyLookup.Found(found) : KeyLookup.Unknown);
    }

    private KeySet Current()
    {
        var jwks = keys.JwksJson;
        var parsed = Volatile.Read(ref _parsed);
        if (parsed.Jwks.Equals(jwks)) return parsed.Set;
        lock (_lock)
        {
            parsed = _parsed;
            if (parsed.Jwks.Equals(jwks)) return parsed.Set;
            // Unchanged keys keep their instances (and whatever was cached with them); the others retire.
            var set = parsed.Set.Succeed(JwksParser.Parse(jwks.Span, out _));
            Volatile.Write(ref _parsed, new Parsed(jwks, set));
            return set;
        }
    }
}
