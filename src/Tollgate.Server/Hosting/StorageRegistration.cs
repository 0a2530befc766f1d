using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Audit;
using Tollgate.Core.Storage;
using Tollgate.Storage.Postgres;
using Tollgate.Storage.Sqlite;

namespace Tollgate.Server.Hosting;

/// <summary>The storage provider's stores, chosen by <c>Tollgate:Storage:Provider</c>; nothing else knows which.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddTollgateStorage(this IServiceCollection services, StorageOptions options, DataDirectory data, AuditChain chain)
        => options.Provider == StorageOptions.Postgres ? services.AddPostgresStores(options, chain) : services.AddSqliteStores(data, chain);

    private static IServiceCollection AddSqliteStores(this IServiceCollection services, DataDirectory data, AuditChain chain)
    {
        var db = new SqliteDatabase(data.DatabasePath, chain);
        services.AddSingleton(db);
        services.AddSingleton<IStorageDatabase>(db);
        services.AddSingleton<IClientStore, SqliteClientStore>();
        services.AddSingleton<IApiStore, SqliteApiStore>();
        services.AddSingleton<IGrantStore, SqliteGrantStore>();
        services.AddSingleton<IPolicyStore, SqlitePolicyStore>();
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IReferenceTokenStore, SqliteReferenceTokenStore>();
        services.AddSingleton<IRevocationStore, SqliteRevocationStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IAssertionReplayStore, SqliteAssertionReplayStore>();
        services.AddSingleton<IStorageMaintenance, SqliteMaintenance>();
        services.AddSingleton<IClusterLock, InProcessClusterLock>();
        return services;
    }

    private static IServiceCollection AddPostgresStores(this IServiceCollection services, StorageOptions options, AuditChain chain)
    {
        var db = new PostgresDatabase(options.ConnectionString!, options.Password, chain);
        services.AddSingleton(db);
        services.AddSingleton<IStorageDatabase>(db);
        services.AddSingleton<IClientStore, PostgresClientStore>();
        services.AddSingleton<IApiStore, PostgresApiStore>();
        services.AddSingleton<IGrantStore, PostgresGrantStore>();
        services.AddSingleton<IPolicyStore, PostgresPolicyStore>();
        services.AddSingleton<IKeyStore, PostgresKeyStore>();
        services.AddSingleton<IRevocationStore, PostgresRevocationStore>();
        services.AddSingleton<IAuditStore, PostgresAuditStore>();
        services.AddSingleton<IAssertionReplayStore, PostgresAssertionReplayStore>();
        services.AddSingleton<IStorageMaintenance, PostgresMaintenance>();
        // Several nodes: locks across them, and the change feed each follows to stay current.
        services.AddSingleton<IClusterLock, PostgresClusterLock>();
        services.AddSingleton<IChangeFeed, PostgresChangeFeed>();
        services.AddSingleton<Core.Catalog.ClusterSync>();
        services.AddHostedService<ClusterSyncService>();
        return services;
    }
}
