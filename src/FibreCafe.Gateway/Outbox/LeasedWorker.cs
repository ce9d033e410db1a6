using FibreCafe.Gateway.Persistence;

namespace FibreCafe.Gateway.Outbox;

/// <summary>
/// The loop shared by both outboxes: claim as many due rows as there are free slots (with a lease,
/// so many processes can share one database), process each on its own, and on shutdown wait
/// until every slot is back, so each row in hand was finished or released.
/// </summary>
/// <summary>What readiness asks of a background worker.</summary>
public interface IWorkerStatus
{
    bool IsRunning { get; }
}

public abstract class LeasedWorker<TWork>(WorkSignal signal, ILogger logger) : BackgroundService, IWorkerStatus
{
    public bool IsRunning { get; private set; }

    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected abstract int MaxConcurrency { get; }
    protected abstract TimeSpan PollInterval { get; }

    protected abstract Task<IReadOnlyList<TWork>> ClaimAsync(int max);

    /// <summary>Handles one row; must finish or release it, also when <paramref name="stopping"/> fires.</summary>
    protected abstract Task ProcessAsync(TWork work, CancellationToken stopping);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var slots = new SemaphoreSlim(MaxConcurrency, MaxConcurrency);
        IsRunning = true;
        logger.LogInformation("{Worker} {Owner} started", GetType().Name, Owner);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(stopping);
                var free = slots.CurrentCount + 1;
                IReadOnlyList<TWork> claimed = [];
                try
                {
                    claimed = await ClaimAsync(free);
                }
                catch (StoreUnavailableException e)
                {
                    logger.LogWarning(e, "{Worker} cannot reach the database; trying again", GetType().Name);
                }
                catch (Exception e)
                {
                    // A worker that dies would leave its outbox unsent: log, wait, go on.
                    logger.LogError(e, "{Worker} could not claim work; trying again", GetType().Name);
                }
                if (claimed.Count == 0) slots.Release();
                for (var i = 0; i < claimed.Count; i++)
                {
                    // One slot is already ours; the others were free when counted and only this loop takes slots.
                    if (i > 0) await slots.WaitAsync(CancellationToken.None);
                    _ = ProcessAndReleaseAsync(claimed[i], slots, stopping);
                }
                if (claimed.Count < free) await signal.WaitAsync(PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        IsRunning = false;
        for (var i = 0; i < MaxConcurrency; i++) await slots.WaitAsync(CancellationToken.None);
        logger.LogInformation("{Worker} {Owner} stopped", GetType().Name, Owner);
    }

    private async Task ProcessAndReleaseAsync(TWork work, SemaphoreSlim slots, CancellationToken stopping)
    {
        try
        {
            await Task.Yield();
            await ProcessAsync(work, stopping);
        }
        catch (Exception e)
        {
            // The lease runs out and another claim tries again; nothing accepted is dropped.
            logger.LogError(e, "{Worker} failed on {Work}; it will be taken again when its lease expires", GetType().Name, work);
        }
        finally
        {
            slots.Release();
        }
    }
}
