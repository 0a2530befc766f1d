using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Revocation;

/// <summary>
/// The revocation list: persisted (it is also the feed authorizers pull) and held in memory for
/// the hot path, indexed so a check is a few hash lookups whatever the list's size.
/// </summary>
public sealed partial class RevocationList(IRevocationStore store, TimeProvider time, ILogger<RevocationList> logger)
{
    private readonly ConcurrentDictionary<string, Revocation> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableList<Revocation>> _byClient = new(StringComparer.Ordinal);

    private long _latest;
    // How far this node has read the store's list without a gap: where catching up resumes. Kept
    // apart from Latest, which this node's own writes can move past entries other nodes committed.
    private long _caughtUp;
    private readonly SemaphoreSlim _catchUp = new(1, 1);

    public int Count => _tokens.Count + _byClient.Values.Sum(l => l.Count);

    /// <summary>The newest entry's sequence number: the feed's version.</summary>
    public long Latest => Interlocked.Read(ref _latest);

    /// <summary>
    /// Whether an entry revokes a token the decision engine validated, with the token's facts as
    /// <see cref="RevocationRule"/> reads them: a token with several audiences is revoked when any matches.
    /// </summary>
    public bool IsRevoked(ValidatedToken token)
    {
        var jti = token.Jti ?? "";
        var clientId = token.Principal ?? "";
        var issuedAt = RevocationRule.IssuedAt(token.IssuedAt);
        if (token.Audiences.Count == 0) return IsRevoked(jti, clientId, "", issuedAt, token.Scopes);
        foreach (var audience in token.Audiences)
            if (IsRevoked(jti, clientId, audience, issuedAt, token.Scopes)) return true;
        return false;
    }

    /// <summary>Whether an entry revokes the token (<see cref="Revocation.Matches"/>); <paramref name="issuedAt"/> in Unix seconds.</summary>
    public bool IsRevoked(string jti, string clientId, string audience, long issuedAt, ReadOnlySpan<string> scopes)
    {
        if (_tokens.ContainsKey(jti)) return true;
        if (!_byClient.TryGetValue(clientId, out var entries)) return false;
        foreach (var entry in entries)
            if (entry.Matches(jti, clientId, audience, issuedAt, scopes)) return true;
        return false;
    }

    public Task RevokeTokenAsync(string jti, string clientId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => AddAsync(new Revocation { Kind = RevocationKind.Token, Jti = jti, ClientId = clientId, ExpiresAt = expiresAt }, cancellationToken);

    /// <summary>Every token of the client issued up to now; kept as long as the longest token may live.</summary>
    public Task RevokeClientAsync(string clientId, TimeSpan longestLifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return AddAsync(new Revocation
        {
            Kind = RevocationKind.Client, ClientId = clientId, IssuedUntil = now.ToUnixTimeSeconds(), ExpiresAt = now + longestLifetime + TimeSpan.FromSeconds(1),
        }, cancellationToken);
    }

    /// <summary>Tokens of the client for the API issued up to now that carry a scope outside <paramref name="stillGranted"/>.</summary>
    public Task RevokeGrantAsync(string clientId, string audience, IEnumerable<string> stillGranted, TimeSpan longestLifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return AddAsync(new Revocation
        {
            Kind = RevocationKind.Grant, ClientId = clientId, Audience = audience, IssuedUntil = now.ToUnixTimeSeconds(),
            Scopes = [.. stillGranted], ExpiresAt = now + longestLifetime + TimeSpan.FromSeconds(1),
        }, cancellationToken);
    }

    public Task<Revocation> AddAsync(Revocation entry, CancellationToken cancellationToken) => AddAsync(entry, null, cancellationToken);

    /// <summary>Stores the entry; an admin's explicit revocation carries its audit entry (<paramref name="audit"/>, written in the same transaction).</summary>
    public async Task<Revocation> AddAsync(Revocation entry, Audit.AuditRecord? audit, CancellationToken cancellationToken)
    {
        entry = entry with { CreatedAt = time.Now() };
        entry = entry with { Seq = await store.AddAsync(entry, audit, cancellationToken) };
        Index(entry);
        LogRevoked(logger, entry.Kind, entry.ClientId ?? "", entry.Jti ?? "", entry.Audience ?? "");
        return entry;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The version first: every entry up to it has committed, so the load below holds them all.
        var latest = await store.LatestAsync(cancellationToken);
        foreach (var entry in await store.LoadLiveAsync(time.GetUtcNow(), cancellationToken)) Index(entry);
        if (latest > Latest) Interlocked.Exchange(ref _latest, latest);
        Interlocked.Exchange(ref _caughtUp, latest);
    }

    /// <summary>Reads the entries other nodes added since the last catch-up; returns how many were new.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            var added = 0;
            while (true)
            {
                var page = await store.ListSinceAsync(Interlocked.Read(ref _caughtUp), 1000, time.GetUtcNow(), cancellationToken);
                foreach (var entry in page)
                {
                    if (Index(entry)) added++;
                    Interlocked.Exchange(ref _caughtUp, entry.Seq);
                }
                if (page.Count < 1000) break;
            }
            // Entries that expired before this node read them leave no row, but the version moves on.
            var latest = await store.LatestAsync(cancellationToken);
            long seen;
            while ((seen = Interlocked.Read(ref _latest)) < latest && Interlocked.CompareExchange(ref _latest, latest, seen) != seen) { }
            return added;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    public Task<IReadOnlyList<Revocation>> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
        => store.ListSinceAsync(since, limit, time.GetUtcNow(), cancellationToken);

    /// <summary>Forgets entries whose tokens have all expired, in memory and in the store.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (jti, entry) in _tokens)
            if (!entry.IsLive(now)) _tokens.TryRemove(jti, out _);
        foreach (var (clientId, entries) in _byClient)
        {
            var live = entries.RemoveAll(e => !e.IsLive(now));
            if (live.IsEmpty) _byClient.TryRemove(clientId, out _);
            else if (live.Count != entries.Count) _byClient[clientId] = live;
        }
        await store.PurgeAsync(now, cancellationToken);
    }

    /// <summary>Adds the entry to the in-memory index; false when it was there already (a catch-up re-reading this node's own write).</summary>
    private bool Index(Revocation entry)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _latest)) < entry.Seq && Interlocked.CompareExchange(ref _latest, entry.Seq, seen) != seen) { }
        if (entry.Kind == RevocationKind.Token)
        {
            var before = _tokens.GetValueOrDefault(entry.Jti!);
            _tokens[entry.Jti!] = entry;
            return before?.Seq != entry.Seq;
        }
        var added = true;
        _byClient.AddOrUpdate(entry.ClientId!, _ => [entry], (_, list) =>
        {
            added = !list.Any(e => e.Seq == entry.Seq);
            return added ? list.Add(entry) : list;
        });
        return added;
    }

    [LoggerMessage(EventId = LogEvents.RevocationRecorded, Level = LogLevel.Information, Message = "Revocation {Kind}: client {ClientId} jti {Jti} audience {Audience}")]
    private static partial void LogRevoked(ILogger logger, RevocationKind kind, string clientId, string jti, string audience);
}
