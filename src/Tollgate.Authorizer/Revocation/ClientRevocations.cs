namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// Everything revoked for one client id: the latest <c>client</c> entry (a later one covers every
/// token an earlier one does, so only the maximum <c>issued_until</c> is kept, with the latest
/// expiry of them) and its <c>grant</c> entries by audience. Immutable: changes build a new one.
/// </summary>
internal sealed class ClientRevocations
{
    private readonly Dictionary<string, GrantRevocation[]> _grants;

    private ClientRevocations(long issuedUntil, long clientExpires, Dictionary<string, GrantRevocation[]> grants)
    {
        IssuedUntil = issuedUntil;
        ClientExpires = clientExpires;
        _grants = grants;
        Count = (issuedUntil == long.MinValue ? 0 : 1) + grants.Values.Sum(g => g.Length);
        EarliestExpiry = Math.Min(issuedUntil == long.MinValue ? long.MaxValue : clientExpires,
            grants.Values.SelectMany(g => g).Select(g => g.Expires).DefaultIfEmpty(long.MaxValue).Min());
    }

    /// <summary><see cref="long.MinValue"/> when there is no client entry.</summary>
    public long IssuedUntil { get; }
    public long ClientExpires { get; }
    public int Count { get; }
    public long EarliestExpiry { get; }

    public bool Matches(long issuedAt, IReadOnlyList<string> audiences, string[] scopes)
    {
        if (RevocationRule.ClientMatches(IssuedUntil, issuedAt)) return true;
        if (_grants.Count == 0) return false;
        foreach (var audience in audiences)
        {
            if (!_grants.TryGetValue(audience, out var entries)) continue;
            foreach (var entry in entries)
                if (entry.Matches(issuedAt, scopes)) return true;
        }
        return false;
    }

    /// <summary><paramref name="current"/> (may be null) plus <paramref name="added"/>, less what expired at <paramref name="now"/>; null when nothing is left.</summary>
    public static ClientRevocations? Merge(ClientRevocations? current, IReadOnlyList<PrincipalRevocation> added, long now)
    {
        var until = long.MinValue;
        var expires = long.MinValue;
        if (current is not null && current.IssuedUntil != long.MinValue && RevocationRule.IsLive(current.ClientExpires, now))
            (until, expires) = (current.IssuedUntil, current.ClientExpires);

        var grants = new Dictionary<string, List<GrantRevocation>>(StringComparer.Ordinal);
        if (current is not null)
            foreach (var (audience, entries) in current._grants)
                foreach (var entry in entries)
                    if (RevocationRule.IsLive(entry.Expires, now)) Add(grants, audience, entry);

        foreach (var entry in added)
        {
            if (!RevocationRule.IsLive(entry.Expires, now)) continue;
            if (!entry.IsGrant)
            {
                until = Math.Max(until, entry.IssuedUntil);
                expires = Math.Max(expires, entry.Expires);
            }
            else Add(grants, entry.Audience!, new GrantRevocation(entry.IssuedUntil, entry.StillAllowed, entry.Expires));
        }

        if (until == long.MinValue && grants.Count == 0) return null;
        return new ClientRevocations(until, expires, grants.ToDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal));
    }

    private static void Add(Dictionary<string, List<GrantRevocation>> grants, string audience, GrantRevocation entry)
    {
        if (!grants.TryGetValue(audience, out var list)) grants[audience] = list = [];
        // The feed may deliver an entry twice (a poll racing a write): keep one.
        foreach (var e in list)
            if (e.IssuedUntil == entry.IssuedUntil && e.Expires == entry.Expires && e.StillAllowed.AsSpan().SequenceEqual(entry.StillAllowed)) return;
        list.Add(entry);
    }
}
