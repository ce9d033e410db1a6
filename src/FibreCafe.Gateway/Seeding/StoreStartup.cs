using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Seeding;

/// <summary>
/// Applies migrations at start (and the demo data where configured). A database that is down at
/// start does not stop the gateway: it answers 503 and migrates on the first request that reaches it.
/// </summary>
public sealed class StoreStartup(IGatewayStore store, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<StoreStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            if (storage.Value.MigrateOnStart) await store.MigrateAsync(ct);
            if (storage.Value.SeedDemoData)
            {
                var added = await store.AddServiceProblemsAsync(DemoData.Problems(clock.GetUtcNow()), ct);
                logger.LogInformation("Demo data: {Added} service problems added", added);
            }
        }
        catch (StoreUnavailableException e)
        {
            logger.LogError(e, "Database unavailable at start; requests answer 503 until it is back");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
