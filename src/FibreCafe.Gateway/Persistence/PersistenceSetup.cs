using FibreCafe.Gateway.Persistence.Sqlite;
using FibreCafe.Gateway.Persistence.SqlServer;
using FibreCafe.Gateway.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Persistence;

public static class PersistenceSetup
{
    public const string ConnectionStringName = "Gateway";

    public static IServiceCollection AddGatewayStore(this IServiceCollection services)
    {
        DateTimeOffsetHandler.Register();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is StorageOptions.Sqlite or StorageOptions.SqlServer, "Storage:Provider must be Sqlite or SqlServer")
            .ValidateOnStart();
        services.AddSingleton<IGatewayStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            var clock = sp.GetRequiredService<TimeProvider>();
            if (storage.Provider == StorageOptions.SqlServer)
            {
                if (string.IsNullOrWhiteSpace(configured))
                    throw new InvalidOperationException("Storage:Provider is SqlServer: set ConnectionStrings:Gateway");
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqlServerGatewayStore>();
                return new SqlServerGatewayStore(configured, clock, SqlServerResilience.Pipeline(), logger);
            }
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new SqliteGatewayStore(SqliteConnectionString(configured, storage, contentRoot), clock, storage.Synchronous);
        });
        // Each consumer sees only its part of the store.
        services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IServiceProblemReads>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<ISupplierOutbox>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<ISupplierKciInbox>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<ITenantKciOutbox>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IOperatorStore>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IOutboxStatsSource>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddSingleton<IStoreSchema>(sp => sp.GetRequiredService<IGatewayStore>());
        services.AddHostedService<StoreStartup>();
        return services;
    }

    /// <summary>
    /// The configured connection string, or the default file in the data folder (created if missing).
    /// Relative paths are taken from the content root; a configured folder must already exist.
    /// </summary>
    private static string SqliteConnectionString(string? configured, StorageOptions storage, string contentRoot)
    {
        var useDefault = string.IsNullOrWhiteSpace(configured);
        var builder = new SqliteConnectionStringBuilder(
            useDefault ? $"Data Source={Path.Combine(storage.DataDirectory, "gateway.db")}" : configured);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        if (useDefault) Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }
}
