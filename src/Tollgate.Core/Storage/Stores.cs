using Tollgate.Core.Apis;
using Tollgate.Core.Audit;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Policies;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Storage;

// Stores persist; the catalog snapshot serves reads on hot paths. Inserts return false on a
// duplicate key, updates and deletes return false when the record does not exist. A write given an
// AuditRecord appends it to the audit trail in the same transaction, only when the write changed something.

public interface IClientStore
{
    Task<IReadOnlyList<Client>> LoadAllAsync(CancellationToken cancellationToken);
    Task<Page<Client>> ListAsync(PageRequest page, CancellationToken cancellationToken);
    /// <summary>The client with its secrets; null when there is none.</summary>
    Task<Client?> FindAsync(string clientId, CancellationToken cancellationToken);
    Task<bool> InsertAsync(Client client, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> UpdateAsync(Client client, AuditRecord? audit, CancellationToken cancellationToken);
    /// <summary>Deletes the client with its secrets and grants.</summary>
    Task<bool> DeleteAsync(string clientId, AuditRecord? audit, CancellationToken cancellationToken);
    /// <summary>Replaces all of a client's secrets at once.</summary>
    Task ReplaceSecretsAsync(string clientId, IReadOnlyList<ClientSecret> secrets, AuditRecord? audit, CancellationToken cancellationToken);
}

public interface IApiStore
{
    Task<IReadOnlyList<Api>> LoadAllAsync(CancellationToken cancellationToken);
    Task<Page<Api>> ListAsync(PageRequest page, CancellationToken cancellationToken);
    Task<Api?> FindAsync(string id, CancellationToken cancellationToken);
    Task<bool> InsertAsync(Api api, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> UpdateAsync(Api api, AuditRecord? audit, CancellationToken cancellationToken);
    /// <summary>Deletes the API with the grants to it.</summary>
    Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken);
}

public interface IGrantStore
{
    Task<IReadOnlyList<Grant>> LoadAllAsync(CancellationToken cancellationToken);
    Task<Page<Grant>> ListAsync(PageRequest page, string? clientId, string? audience, CancellationToken cancellationToken);
    Task<Grant?> FindAsync(string id, CancellationToken cancellationToken);
    Task<bool> InsertAsync(Grant grant, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> UpdateAsync(Grant grant, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken);
}

public interface IPolicyStore
{
    Task<IReadOnlyList<AccessPolicy>> LoadAllAsync(CancellationToken cancellationToken);
    /// <summary>In creation order; with <paramref name="subject"/>, only policies listing exactly that subject entry.</summary>
    Task<Page<AccessPolicy>> ListAsync(PageRequest page, string? subject, CancellationToken cancellationToken);
    Task<AccessPolicy?> FindAsync(string id, CancellationToken cancellationToken);
    Task<bool> InsertAsync(AccessPolicy policy, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> UpdateAsync(AccessPolicy policy, AuditRecord? audit, CancellationToken cancellationToken);
    Task<bool> DeleteAsync(string id, AuditRecord? audit, CancellationToken cancellationToken);
}

/// <summary>A signing key as stored: the private key encrypted by the key protector.</summary>
public sealed record StoredKey(string Kid, string Alg, string ProtectedPrivateKey, DateTimeOffset CreatedAt,
    DateTimeOffset ActivatesAt, DateTimeOffset? RetiresAt, DateTimeOffset? ExpiresAt);

public interface IKeyStore
{
    Task<IReadOnlyList<StoredKey>> LoadAllAsync(CancellationToken cancellationToken);
    Task InsertAsync(StoredKey key, AuditRecord? audit, CancellationToken cancellationToken);
    Task UpdateScheduleAsync(string kid, DateTimeOffset? retiresAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken);
    Task DeleteAsync(string kid, CancellationToken cancellationToken);
}

/// <summary>
/// Reference tokens issued by releases before sealed opaque tokens, read until the last expires.
/// Nothing writes here any more; maintenance deletes the expired rows.
/// </summary>
public interface IReferenceTokenStore
{
    /// <summary>The latest expiry of a stored reference token; null when there is none.</summary>
    Task<DateTimeOffset?> LatestExpiryAsync(CancellationToken cancellationToken);
    Task<OpaqueTokenRecord?> FindAsync(byte[] hash, CancellationToken cancellationToken);
}

/// <summary>Periodic upkeep of the store: expired reference tokens go, logs are compacted.</summary>
public interface IStorageMaintenance
{
    Task MaintainAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Client assertion ids already used (RFC 7523 §3: a jti is accepted once).</summary>
public interface IAssertionReplayStore
{
    /// <summary>Records the jti; false when it was already used.</summary>
    Task<bool> TryUseAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken);
    Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The revocation list; each entry's sequence number is the feed's version.</summary>
public interface IRevocationStore
{
    /// <summary>Stores the entry; returns its sequence number.</summary>
    Task<long> AddAsync(Revocation.Revocation entry, AuditRecord? audit, CancellationToken cancellationToken);
    Task<IReadOnlyList<Revocation.Revocation>> LoadLiveAsync(DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Live entries after <paramref name="since"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Revocation.Revocation>> ListSinceAsync(long since, int limit, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>The newest sequence number ever handed out (0 when none).</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken);
    Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
