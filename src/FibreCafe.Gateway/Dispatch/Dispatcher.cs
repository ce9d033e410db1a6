using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace FibreCafe.Gateway.Dispatch;

/// <summary>
/// Sends the outbox to the suppliers. Claims due rows with a lease (so any number of gateway
/// processes share one database safely), sends each through its supplier's pipeline, stores the
/// outcome. On shutdown, what is still in hand is released for the next process.
/// </summary>
public sealed partial class Dispatcher(
    IGatewayStore store, DispatchSignal signal, SupplierCaller caller, SupplierPipelines pipelines,
    IOptions<DispatchOptions> options, IOptionsMonitor<Dictionary<string, SupplierOptions>> suppliers,
    TimeProvider clock, ILogger<Dispatcher> logger) : BackgroundService
{
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        var slots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        logger.LogInformation("Dispatcher {Owner} started", Owner);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(stopping);
                var free = slots.CurrentCount + 1;
                IReadOnlyList<DispatchWork> claimed = [];
                try
                {
                    claimed = await store.ClaimDispatchesAsync(Owner, settings.LeaseDuration, free, CancellationToken.None);
                }
                catch (StoreUnavailableException e)
                {
                    logger.LogWarning(e, "Dispatcher cannot reach the database; trying again");
                }
                catch (Exception e)
                {
                    // A dispatcher that dies would leave every cancellation unsent: log, wait, go on.
                    logger.LogError(e, "Dispatcher could not claim work; trying again");
                }
                if (claimed.Count == 0) slots.Release();
                for (var i = 0; i < claimed.Count; i++)
                {
                    // One slot is already ours; the others were free when counted and only this loop takes slots.
                    if (i > 0) await slots.WaitAsync(CancellationToken.None);
                    _ = SendAndReleaseAsync(claimed[i], slots, stopping);
                }
                if (claimed.Count < free) await signal.WaitAsync(settings.PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        // Every slot back means every send has finished or released its row.
        for (var i = 0; i < settings.MaxConcurrency; i++) await slots.WaitAsync(CancellationToken.None);
        logger.LogInformation("Dispatcher {Owner} stopped", Owner);
    }

    private async Task SendAndReleaseAsync(DispatchWork work, SemaphoreSlim slots, CancellationToken stopping)
    {
        try { await SendAsync(work, stopping); }
        finally { slots.Release(); }
    }

    private async Task SendAsync(DispatchWork work, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            if (!suppliers.CurrentValue.TryGetValue(work.Supplier, out var supplier) || string.IsNullOrEmpty(supplier.BaseUrl))
            {
                await Complete(work, DispatchOutcomes.Failed("GATEWAY_FAULT", $"supplier {work.Supplier} is not configured"));
                return;
            }
            var max = supplier.Resilience.MaxAttempts;
            if (work.Attempts >= max)
            {
                // Its holder died after the last attempt: the budget is spent.
                await Complete(work, DispatchOutcomes.Failed("SUPPLIER_FAULT", $"no answer from the supplier within {max} attempt(s)"));
                return;
            }
            var (outcome, attempts) = await AttemptAsync(work, supplier, stopping);
            if (outcome is { Exception: BrokenCircuitException broken })
            {
                var retryAt = clock.GetUtcNow() + (broken.RetryAfter ?? supplier.Resilience.BreakDuration);
                await store.ReleaseDispatchAsync(work.OutboxId, Owner, retryAt, CancellationToken.None);
                return;
            }
            if (outcome is { Exception: LeaseLostException }) return;
            await Complete(work, DispatchOutcomes.From(outcome, attempts));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await store.ReleaseDispatchAsync(work.OutboxId, Owner, clock.GetUtcNow(), CancellationToken.None);
            LogReleased(work.CancellationId);
        }
        catch (Exception e)
        {
            // The lease runs out and another claim tries again; nothing accepted is dropped.
            logger.LogError(e, "Dispatch of cancellation {CancellationId} failed; it will be taken again when its lease expires", work.CancellationId);
        }
    }

    private async Task<(Outcome<SupplierAnswer> Outcome, long Attempts)> AttemptAsync(DispatchWork work, SupplierOptions supplier, CancellationToken stopping)
    {
        var context = ResilienceContextPool.Shared.Get(stopping);
        context.Properties.Set(SupplierPipelines.MaxAttempts, supplier.Resilience.MaxAttempts);
        context.Properties.Set(SupplierPipelines.AttemptsMade, work.Attempts);
        try
        {
            var outcome = await pipelines.For(work.Supplier, supplier.Resilience).ExecuteOutcomeAsync(async (ctx, _) =>
            {
                // Counted before the call, so a crash mid-call still spends the attempt.
                var made = await store.BeginDispatchAttemptAsync(work.OutboxId, Owner, options.Value.LeaseDuration, CancellationToken.None);
                if (made is null) return Outcome.FromException<SupplierAnswer>(new LeaseLostException());
                ctx.Properties.Set(SupplierPipelines.AttemptsMade, made.Value);
                try
                {
                    return Outcome.FromResult(await caller.CancelAsync(work, supplier, ctx.CancellationToken));
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    return Outcome.FromException<SupplierAnswer>(e);
                }
            }, context, 0);
            stopping.ThrowIfCancellationRequested();
            return (outcome, context.Properties.GetValue(SupplierPipelines.AttemptsMade, work.Attempts));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task Complete(DispatchWork work, DispatchResult result)
    {
        if (await store.CompleteDispatchAsync(work.OutboxId, Owner, result, CancellationToken.None))
            LogOutcome(work.CancellationId, work.Supplier, result.CancellationStatus, result.ErrorCode);
    }

    [LoggerMessage(LogLevel.Information, "Cancellation {CancellationId} sent to {Supplier}: {Status} {ErrorCode}")]
    private partial void LogOutcome(long cancellationId, string supplier, string status, string? errorCode);

    [LoggerMessage(LogLevel.Information, "Cancellation {CancellationId} released on shutdown")]
    private partial void LogReleased(long cancellationId);

    private sealed class LeaseLostException() : Exception("the lease on this outbox row was lost");
}
