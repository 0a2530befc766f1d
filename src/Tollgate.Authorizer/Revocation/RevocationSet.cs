using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// The revocation list as the hot path reads it: immutable, swapped whole by
/// <see cref="RevocationFeed"/>, so a reader sees every entry of a pull or none of them.
/// Token entries live in two <see cref="JtiTable"/>s, a large base and a small recent one, like
/// an LSM tree: a pull with a few new entries rebuilds only the recent table, and the two merge
/// when the recent one outgrows a quarter of the base (amortised O(1) work per entry). Client and
/// grant entries are few (one per deleted client or narrowed grant) and sit in a dictionary by
/// client id, copied on change. A check is at most one SHA-256 and three hash lookups.
/// </summary>
internal sealed class RevocationSet
{
    private const int MinRecent = 4096;

    public static readonly RevocationSet Empty = new(JtiTable.Empty, JtiTable.Empty, new Dictionary<string, ClientRevocations>(StringComparer.Ordinal));

    private readonly JtiTable _tokens;
    private readonly JtiTable _recent;
    private readonly Dictionary<string, ClientRevocations> _clients;

    private RevocationSet(JtiTable tokens, JtiTable recent, Dictionary<string, ClientRevocations> clients)
    {
        _tokens = tokens;
        _recent = recent;
        _clients = clients;
        PrincipalCount = clients.Values.Sum(c => c.Count);
        EarliestExpiry = Math.Min(Math.Min(tokens.EarliestExpiry, recent.EarliestExpiry),
            clients.Values.Select(c => c.EarliestExpiry).DefaultIfEmpty(long.MaxValue).Min());
    }

    public int TokenCount => _tokens.Count + _recent.Count;
    public int PrincipalCount { get; }
    public int Count => TokenCount + PrincipalCount;
    /// <summary>Unix seconds when the first entry can be dropped.</summary>
    public long EarliestExpiry { get; }
    /// <summary>Bytes of the token tables (the bulk of a large list).</summary>
    public long TokenTableBytes => _tokens.Bytes + _recent.Bytes;

    /// <summary>
    /// <see cref="RevocationRule"/> over this list: token entries by the jti's hash; the token's
    /// client (<see cref="ValidatedToken.Principal"/>) for client and grant entries.
    /// </summary>
    public bool IsRevoked(ValidatedToken token)
    {
        if (token.Jti is { } jti && TokenCount > 0)
        {
            var hash = JtiHash.Of(jti);
            if (_tokens.Contains(hash) || _recent.Contains(hash)) return true;
        }
        if (_clients.Count == 0 || token.Principal is not { } clientId || !_clients.TryGetValue(clientId, out var client)) return false;
        return client.Matches(RevocationRule.IssuedAt(token.IssuedAt), token.Audiences, token.Scopes);
    }

    /// <summary>This list plus <paramref name="batch"/>, dropping added entries already expired at <paramref name="now"/>.</summary>
    public RevocationSet With(RevocationBatch batch, long now)
    {
        var tokens = _tokens;
        var recent = _recent;
        if (batch.Tokens.Count > 0)
        {
            if (recent.Count + batch.Tokens.Count > Math.Max(MinRecent, tokens.Count / 4))
                (tokens, recent) = (JtiTable.Build([tokens, recent], batch.Tokens, now), JtiTable.Empty);
            else
                recent = JtiTable.Build([recent], batch.Tokens, now);
        }
        var clients = _clients;
        if (batch.Principals.Count > 0)
        {
            clients = new Dictionary<string, ClientRevocations>(_clients, StringComparer.Ordinal);
            foreach (var group in batch.Principals.GroupBy(p => p.ClientId, StringComparer.Ordinal))
            {
                if (ClientRevocations.Merge(clients.GetValueOrDefault(group.Key), [.. group], now) is { } merged) clients[group.Key] = merged;
                else clients.Remove(group.Key);
            }
        }
        return new RevocationSet(tokens, recent, clients);
    }

    /// <summary>This list without entries expired at <paramref name="now"/> (the tokens they match have all expired).</summary>
    public RevocationSet Purge(long now)
    {
        var clients = new Dictionary<string, ClientRevocations>(StringComparer.Ordinal);
        foreach (var (clientId, entries) in _clients)
            if (ClientRevocations.Merge(entries, [], now) is { } live) clients[clientId] = live;
        return new RevocationSet(JtiTable.Build([_tokens, _recent], [], now), JtiTable.Empty, clients);
    }
}
