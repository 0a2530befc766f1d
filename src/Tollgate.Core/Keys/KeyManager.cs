using Microsoft.Extensions.Logging;
using Tollgate.Core.Apis;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Keys;

/// <summary>
/// Owns the signing keys: loads them (decrypting) into the key ring and moves each through its
/// life on schedule — published, signing, retired, unpublished, deleted. At any moment exactly one
/// key signs per algorithm: a successor's activation is its predecessor's retirement. Changes to
/// the schedule are made under the cluster-wide <see cref="ClusterLocks.Keys"/> lock, reading the
/// store afresh, so several nodes never create two keys where one is due.
/// </summary>
public sealed partial class KeyManager(IKeyStore store, KeyProtector protector, KeyRing ring, KeySchedule schedule, IClusterLock clusterLock, AuditTrail audit,
    TimeProvider time, ILogger<KeyManager> logger)
{
    // Orders this node's own replacements of the ring (a reload racing a rotation).
    private readonly SemaphoreSlim _ringGate = new(1, 1);

    /// <summary>Loads the keys and brings the schedule up to date (first start: a key per algorithm).</summary>
    public Task LoadAsync(CancellationToken cancellationToken) => RotateDueAsync(cancellationToken);

    /// <summary>Does whatever the schedule says is due now; run periodically and after manual changes.</summary>
    public async Task RotateDueAsync(CancellationToken cancellationToken)
    {
        await using var held = await clusterLock.AcquireAsync(ClusterLocks.Keys, cancellationToken);
        await _ringGate.WaitAsync(cancellationToken);
        try
        {
            var now = time.Now();
            var keys = await LoadKeysAsync(cancellationToken);
            foreach (var alg in SigningAlgorithms.Supported)
            {
                var mine = keys.Where(k => k.Alg == alg).ToList();
                var current = mine.Where(k => k.SignsAt(now)).MaxBy(k => k.ActivatesAt);
                if (current is null && !mine.Any(k => k.ActivatesAt > now))
                {
                    keys.Add(await CreateAsync(alg, now, null, AuditActor.System, cancellationToken));
                    continue;
                }
                var hasSuccessor = mine.Any(k => current is not null && k.ActivatesAt > current.ActivatesAt);
                if (current is not null && !hasSuccessor && current.ActivatesAt + schedule.PeriodFor(alg) - schedule.PrePublish <= now)
                {
                    var activatesAt = Later(current.ActivatesAt + schedule.PeriodFor(alg), now + schedule.PrePublish);
                    keys.Add(await ScheduleSuccessorAsync(current, activatesAt, AuditActor.System, cancellationToken));
                    keys[keys.IndexOf(current)] = current.WithSchedule(current.CreatedAt, current.ActivatesAt, activatesAt, null);
                }
            }
            foreach (var key in keys.ToList())
            {
                if (key.RetiresAt is { } retired && retired <= now && key.ExpiresAt is null)
                {
                    var expiresAt = retired + schedule.MaxTokenLifetime() + schedule.Margin;
                    await store.UpdateScheduleAsync(key.Kid, key.RetiresAt, expiresAt, cancellationToken);
                    keys[keys.IndexOf(key)] = key.WithSchedule(key.CreatedAt, key.ActivatesAt, key.RetiresAt, expiresAt);
                }
                else if (key.ExpiresAt is { } expires && expires <= now)
                {
                    await store.DeleteAsync(key.Kid, cancellationToken);
                    keys.Remove(key);
                    LogKeyDeleted(logger, key.Kid, key.Alg);
                }
            }
            ring.Replace(keys, now);
        }
        finally
        {
            _ringGate.Release();
        }
    }

    /// <summary>Another node changed the keys: load them as stored, changing nothing.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _ringGate.WaitAsync(cancellationToken);
        try
        {
            ring.Replace(await LoadKeysAsync(cancellationToken), time.Now());
        }
        finally
        {
            _ringGate.Release();
        }
    }

    /// <summary>
    /// Manual rotation: publishes a successor for <paramref name="alg"/> now that starts signing at
    /// <paramref name="activatesAt"/> (default: after the pre-publish interval; now for an emergency,
    /// when caches will fetch the unknown kid on first sight).
    /// </summary>
    public async Task<SigningKey> RotateAsync(string alg, DateTimeOffset? activatesAt, AuditActor actor, CancellationToken cancellationToken)
    {
        SigningKey successor;
        await using (await clusterLock.AcquireAsync(ClusterLocks.Keys, cancellationToken))
        {
            var now = time.Now();
            var keys = await LoadKeysAsync(cancellationToken);
            var at = activatesAt ?? now + schedule.PrePublish;
            // A successor already waiting is replaced: never two keys queued for one algorithm.
            foreach (var pending in keys.Where(k => k.Alg == alg && k.ActivatesAt > now))
                await store.DeleteAsync(pending.Kid, cancellationToken);
            var current = keys.Where(k => k.Alg == alg && k.SignsAt(now)).MaxBy(k => k.ActivatesAt);
            successor = current is null ? await CreateAsync(alg, at, null, actor, cancellationToken) : await ScheduleSuccessorAsync(current, at, actor, cancellationToken);
        }
        await RotateDueAsync(cancellationToken);
        return successor;
    }

    /// <summary>Publishes a successor and sets the current key to retire the moment the successor starts signing.</summary>
    private async Task<SigningKey> ScheduleSuccessorAsync(SigningKey current, DateTimeOffset activatesAt, AuditActor actor, CancellationToken cancellationToken)
    {
        var successor = await CreateAsync(current.Alg, activatesAt, current, actor, cancellationToken);
        await store.UpdateScheduleAsync(current.Kid, activatesAt, null, cancellationToken);
        LogKeyScheduled(logger, successor.Kid, successor.Alg, activatesAt, current.Kid);
        return successor;
    }

    /// <summary>A new key; its audit entry (<c>key.rotate</c>) records the key it succeeds as "before" (public schedule only).</summary>
    private async Task<SigningKey> CreateAsync(string alg, DateTimeOffset activatesAt, SigningKey? predecessor, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.Now();
        using var generated = SigningKey.Generate(alg);
        var key = generated.WithSchedule(now, activatesAt, null, null);
        var record = audit.Record(actor, "key.rotate", AuditKinds.Key, key.Kid, predecessor is null ? null : AuditSnapshots.Of(predecessor), AuditSnapshots.Of(key));
        await store.InsertAsync(new StoredKey(key.Kid, key.Alg, protector.Protect(key.Pkcs8), key.CreatedAt, key.ActivatesAt, null, null), record, cancellationToken);
        audit.Committed(record);
        return key;
    }

    private async Task<List<SigningKey>> LoadKeysAsync(CancellationToken cancellationToken)
        => (await store.LoadAllAsync(cancellationToken))
            .Select(k => ring.Find(k.Kid) is { } loaded && loaded.RetiresAt == k.RetiresAt && loaded.ExpiresAt == k.ExpiresAt
                ? loaded
                : SigningKey.FromPkcs8(k.Alg, Unprotect(k), k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.ExpiresAt))
            .ToList();

    private byte[] Unprotect(StoredKey key)
    {
        try
        {
            return protector.Unprotect(key.ProtectedPrivateKey);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"Signing key {key.Kid} in the database cannot be decrypted with this node's system secret ({e.Message}). " +
                "Every node sharing a database must be configured with the same Tollgate:Secrets:System (the first encrypts; keep the old one listed while rotating).", e);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(EventId = LogEvents.SigningKeyPublished, Level = LogLevel.Information, Message = "Signing key {Kid} ({Alg}) published; signs from {ActivatesAt:o}, succeeding {Previous}")]
    private static partial void LogKeyScheduled(ILogger logger, string kid, string alg, DateTimeOffset activatesAt, string previous);

    [LoggerMessage(EventId = LogEvents.SigningKeyDeleted, Level = LogLevel.Information, Message = "Signing key {Kid} ({Alg}) unpublished and deleted: every token it signed has expired")]
    private static partial void LogKeyDeleted(ILogger logger, string kid, string alg);
}
