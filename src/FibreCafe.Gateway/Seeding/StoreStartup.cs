using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Seeding;

/// <summary>
/// Applies migrations at start (and the demo data where configured). A database that is down at
/// start does not stop the gateway: requests answer 503 while this keeps trying in the background.
/// </summary>
public sealed class StoreStartup(IStoreSchema store, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<StoreStartup> logger)
    : BackgroundService
{
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);

    public override async Task StartAsync(CancellationToken ct)
    {
        // The first try is part of start-up, so a healthy gateway never serves before its schema exists.
        if (!await TryPrepareAsync(ct)) await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !await TryPrepareAsync(stoppingToken))
            await Task.Delay(RetryEvery, clock, stoppingToken);
    }

    private async Task<bool> TryPrepareAsync(CancellationToken ct)
    {
        try
        {
            if (storage.Value.MigrateOnStart) await store.MigrateAsync(ct);
            if (storage.Value.SeedDemoData)
            {
                var added = await store.AddServiceProblemsAsync(DemoData.Problems(clock.GetUtcNow()), ct);
                logger.LogInformation("Demo data: {Added} service problems added", added);
            }
            return true;
        }
        catch (StoreUnavailableException e)
        {
            logger.LogError(e, "Database unavailable at start; requests answer 503, retrying every {Seconds} s", RetryEvery.TotalSeconds);
            return false;
        }
    }
}
