using Tollgate.Core.Audit;
using Tollgate.Core.Clients;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>
/// Secret rotation without downtime: add a new secret while the old ones stay valid until a chosen
/// expiry, list them (metadata only), change an expiry, delete one. Expired secrets stop working by
/// themselves (the authenticator ignores them).
/// </summary>
public sealed class ClientSecretAdmin(IClientStore store, Catalog.Catalog catalog, AuditTrail audit, TimeProvider time)
{
    /// <summary>Live secrets a client may hold at once.</summary>
    public const int MaxLiveSecrets = 3;

    public AdminResult<IReadOnlyList<ClientSecret>> List(string clientId)
        => catalog.Current.FindClient(clientId) is { } client
            ? AdminResult<IReadOnlyList<ClientSecret>>.Ok(client.Secrets)
            : AdminResult<IReadOnlyList<ClientSecret>>.NotFound($"No client '{clientId}'.");

    /// <summary>Adds a secret; <paramref name="expireOthersAt"/> sets when the existing ones stop working.</summary>
    public async Task<AdminResult<(ClientSecret Secret, string Value)>> AddAsync(string clientId, DateTimeOffset? expiresAt, DateTimeOffset? expireOthersAt,
        AuditActor actor, CancellationToken cancellationToken)
    {
        if (catalog.Current.FindClient(clientId) is not { } client) return AdminResult<(ClientSecret, string)>.NotFound($"No client '{clientId}'.");
        var now = time.Now();
        var validation = new Validation()
            .Check(expiresAt is null || expiresAt > now, "expires_at", "must be in the future.")
            .Check(expireOthersAt is null || expireOthersAt >= now, "expire_others_at", "must not be in the past (use now to expire them at once).");
        if (!validation.IsValid) return AdminResult<(ClientSecret, string)>.Invalid(validation);

        var others = client.Secrets.Where(s => s.IsLiveAt(now))
            .Select(s => expireOthersAt is { } at && (s.ExpiresAt is null || s.ExpiresAt > at) ? s with { ExpiresAt = at } : s)
            .ToList();
        if (others.Count(s => s.IsLiveAt(now)) >= MaxLiveSecrets)
            return AdminResult<(ClientSecret, string)>.Conflict($"A client holds at most {MaxLiveSecrets} live secrets; expire or delete one first.");

        var value = SecretHasher.GenerateSecret();
        var secret = new ClientSecret(Ids.New("sec_"), SecretHasher.HashGenerated(value), now, expiresAt);
        await SaveAsync(client, [.. others, secret], actor, "client.secret.add", cancellationToken);
        return AdminResult<(ClientSecret, string)>.Created((secret, value));
    }

    public async Task<AdminResult<ClientSecret>> SetExpiryAsync(string clientId, string secretId, DateTimeOffset? expiresAt, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Find(clientId, secretId) is not ({ } client, { } secret)) return AdminResult<ClientSecret>.NotFound($"No secret '{secretId}' for client '{clientId}'.");
        var now = time.Now();
        if (expiresAt is { } at && at < now) return AdminResult<ClientSecret>.Invalid("expires_at", "must not be in the past.");
        if (expiresAt is { } soon && soon <= now && LiveOthers(client, secretId, now) == 0)
            return AdminResult<ClientSecret>.Conflict("This is the client's only live secret; add a new one first.");
        var updated = secret with { ExpiresAt = expiresAt };
        await SaveAsync(client, client.Secrets.Select(s => s.Id == secretId ? updated : s).ToList(), actor, "client.secret.update", cancellationToken);
        return AdminResult<ClientSecret>.Ok(updated);
    }

    public async Task<AdminResult<ClientSecret>> DeleteAsync(string clientId, string secretId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (Find(clientId, secretId) is not ({ } client, { } secret)) return AdminResult<ClientSecret>.NotFound($"No secret '{secretId}' for client '{clientId}'.");
        if (LiveOthers(client, secretId, time.Now()) == 0 && secret.IsLiveAt(time.Now()))
            return AdminResult<ClientSecret>.Conflict("This is the client's only live secret; add a new one first.");
        await SaveAsync(client, client.Secrets.Where(s => s.Id != secretId).ToList(), actor, "client.secret.delete", cancellationToken);
        return AdminResult<ClientSecret>.Ok(secret);
    }

    private (Client?, ClientSecret?) Find(string clientId, string secretId)
    {
        var client = catalog.Current.FindClient(clientId);
        return (client, client?.Secrets.FirstOrDefault(s => s.Id == secretId));
    }

    private static int LiveOthers(Client client, string secretId, DateTimeOffset now) => client.Secrets.Count(s => s.Id != secretId && s.IsLiveAt(now));

    private async Task SaveAsync(Client client, List<ClientSecret> secrets, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        // Expired secrets are dropped on every change: they can never be used again.
        var now = time.Now();
        var kept = secrets.Where(s => s.IsLiveAt(now)).ToList();
        var record = audit.Record(actor, action, AuditKinds.Client, client.ClientId, AuditSnapshots.Of(client), AuditSnapshots.Of(client with { Secrets = [.. kept] }));
        await store.ReplaceSecretsAsync(client.ClientId, kept, record, cancellationToken);
        audit.Committed(record);
        catalog.Update(s => s.FindClient(client.ClientId) is { } current ? s.WithClient(current with { Secrets = [.. kept] }) : s);
    }
}
