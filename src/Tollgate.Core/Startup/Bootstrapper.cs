using Microsoft.Extensions.Logging;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Core.Catalog;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Keys;
using Tollgate.Core.Revocation;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Startup;

/// <summary>What start-up was told about the root admin client.</summary>
public sealed record RootClientSettings(string ClientId, string? ConfiguredSecret);

/// <summary>
/// Brings a store to a state the server can serve from: keys loaded (created on first start),
/// catalog loaded, the built-in admin API and the root client with its admin grant present.
/// Returns the root secret when it was generated now (the caller shows it once).
/// </summary>
public sealed partial class Bootstrapper(
    KeyManager keys,
    IClientStore clients,
    IApiStore apis,
    IGrantStore grants,
    IPolicyStore policies,
    Catalog.Catalog catalog,
    RevocationList revocations,
    IClusterLock clusterLock,
    Audit.AuditTrail audit,
    TimeProvider time,
    ILogger<Bootstrapper> logger)
{
    /// <summary>
    /// Under the cluster-wide bootstrap lock: nodes starting at once on an empty database create
    /// one admin API, one root client and one grant; the later ones find them made.
    /// </summary>
    public async Task<string?> RunAsync(RootClientSettings root, CancellationToken cancellationToken)
    {
        await using var held = await clusterLock.AcquireAsync(ClusterLocks.Bootstrap, cancellationToken);
        await keys.LoadAsync(cancellationToken);
        await revocations.LoadAsync(cancellationToken);
        await LoadCatalogAsync(cancellationToken);

        var now = time.Now();
        if (catalog.Current.FindApi(SystemIdentity.AdminAudience) is null)
        {
            var adminApi = new Api
            {
                Id = Ids.New("api_"), Identifier = SystemIdentity.AdminAudience, Name = "Tollgate admin API",
                Scopes = [new ApiScope(SystemIdentity.AdminScope, "Manage APIs, clients, grants, keys and revocations")],
                AccessTokenLifetime = 900, CreatedAt = now, UpdatedAt = now,
            };
            var record = audit.Record(Audit.AuditActor.System, "api.create", Audit.AuditKinds.Api, adminApi.Id, null, Audit.AuditSnapshots.Of(adminApi));
            if (!await apis.InsertAsync(adminApi, record, cancellationToken))
                throw new InvalidOperationException($"Start-up could not create the admin API '{SystemIdentity.AdminAudience}': the store already has an API with its id or identifier.");
            audit.Committed(record);
            catalog.Update(c => c.WithApi(adminApi));
        }

        string? generated = null;
        var existing = catalog.Current.FindClient(root.ClientId);
        if (existing is null)
        {
            var secret = root.ConfiguredSecret ?? (generated = SecretHasher.GenerateSecret());
            var rootClient = new Client
            {
                ClientId = root.ClientId, ClientName = "Tollgate root admin", AllowIntrospection = true, CreatedAt = now, UpdatedAt = now,
                Secrets = [new ClientSecret(Ids.New("sec_"), Hash(secret, root.ConfiguredSecret is not null), now, null)],
            };
            var record = audit.Record(Audit.AuditActor.System, "client.create", Audit.AuditKinds.Client, rootClient.ClientId, null, Audit.AuditSnapshots.Of(rootClient));
            if (!await clients.InsertAsync(rootClient, record, cancellationToken))
                throw new InvalidOperationException($"Start-up could not create the root client '{root.ClientId}': the store already has it.");
            audit.Committed(record);
            catalog.Update(c => c.WithClient(rootClient));
            LogRootCreated(logger, root.ClientId);
        }
        else if (root.ConfiguredSecret is { } configured && !existing.Secrets.Any(s => SecretHasher.Verify(configured, s.Hash)))
        {
            // The operator changed the configured secret: the configuration is the source of truth.
            ClientSecret[] replaced = [new ClientSecret(Ids.New("sec_"), Hash(configured, true), now, null)];
            var record = audit.Record(Audit.AuditActor.System, "client.secret.replace", Audit.AuditKinds.Client, root.ClientId,
                Audit.AuditSnapshots.Of(existing), Audit.AuditSnapshots.Of(existing with { Secrets = [.. replaced] }));
            await clients.ReplaceSecretsAsync(root.ClientId, replaced, record, cancellationToken);
            audit.Committed(record);
            catalog.Update(c => c.WithClient(existing with { Secrets = [.. replaced] }));
            LogRootSecretReplaced(logger, root.ClientId);
        }

        if (!catalog.Current.GrantsOf(root.ClientId).ContainsKey(SystemIdentity.AdminAudience))
        {
            var grant = new Grant
            {
                Id = Ids.New("grt_"), ClientId = root.ClientId, Audience = SystemIdentity.AdminAudience,
                Scope = [SystemIdentity.AdminScope], CreatedAt = now, UpdatedAt = now,
            };
            var record = audit.Record(Audit.AuditActor.System, "grant.create", Audit.AuditKinds.Grant, grant.Id, null, Audit.AuditSnapshots.Of(grant));
            if (!await grants.InsertAsync(grant, record, cancellationToken))
                throw new InvalidOperationException($"Start-up could not grant the root client '{root.ClientId}' the admin API: the store already has that grant.");
            audit.Committed(record);
            catalog.Update(c => c.WithGrant(grant));
        }
        return generated;
    }

    /// <summary>Rebuilds the whole catalog snapshot from the store.</summary>
    public async Task LoadCatalogAsync(CancellationToken cancellationToken)
    {
        var snapshot = CatalogSnapshot.Empty;
        foreach (var api in await apis.LoadAllAsync(cancellationToken)) snapshot = snapshot.WithApi(api);
        foreach (var client in await clients.LoadAllAsync(cancellationToken)) snapshot = snapshot.WithClient(client);
        foreach (var grant in await grants.LoadAllAsync(cancellationToken)) snapshot = snapshot.WithGrant(grant);
        foreach (var policy in await policies.LoadAllAsync(cancellationToken)) snapshot = snapshot.WithPolicy(policy);
        catalog.Replace(snapshot);
    }

    private static string Hash(string secret, bool chosenByOperator)
        => chosenByOperator ? SecretHasher.HashChosen(secret) : SecretHasher.HashGenerated(secret);

    [LoggerMessage(EventId = LogEvents.RootClientCreated, Level = LogLevel.Information, Message = "Created root admin client {ClientId}")]
    private static partial void LogRootCreated(ILogger logger, string clientId);

    [LoggerMessage(EventId = LogEvents.RootClientSecretReplaced, Level = LogLevel.Warning, Message = "Root admin client {ClientId}: secret replaced by the configured one")]
    private static partial void LogRootSecretReplaced(ILogger logger, string clientId);
}
