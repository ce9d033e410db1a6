using FibreCafe.Gateway.Persistence.Sqlite;
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
            .Validate(o => o.Provider is "Sqlite", "Storage:Provider must be Sqlite")
            .ValidateOnStart();
        services.AddSingleton<IGatewayStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new SqliteGatewayStore(SqliteConnectionString(configured, storage, contentRoot), sp.GetRequiredService<TimeProvider>());
        });
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
