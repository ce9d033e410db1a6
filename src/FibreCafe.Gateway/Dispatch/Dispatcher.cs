using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Outbox;
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
    ISupplierOutbox store, OutboxSignals signals, SupplierCaller caller, SupplierPipelines pipelines, GatewayMetrics metrics,
    IOptions<DispatchOptions> options, IOptionsMonitor<Dictionary<string, SupplierOptions>> suppliers,
    TimeProvider clock, ILogger<Dispatcher> logger) : LeasedWorker<DispatchWork>(signals.Cancellations, logger)
{
    protected override int MaxConcurrency => options.Value.MaxConcurrency;
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<IReadOnlyList<DispatchWork>> ClaimAsync(int max) =>
        store.ClaimDispatchesAsync(Owner, options.Value.LeaseDuration, max, CancellationToken.None);

    protected override Task ProcessAsync(DispatchWork work, CancellationToken stopping) => SendAsync(work, stopping);

    private async Task SendAsync(DispatchWork work, CancellationToken stopping)
    {
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
                // The supplier is known to be down. That spends an attempt like a failed call, so a
                // long outage ends FAILED_TO_SEND within the budget instead of waiting without end.
                var made = await store.BeginDispatchAttemptAsync(work.OutboxId, Owner, options.Value.LeaseDuration, CancellationToken.None);
                if (made is null) return;
                if (made.Value >= max)
                {
                    await Complete(work, DispatchOutcomes.Failed("SUPPLIER_FAULT",
                        $"the supplier is unavailable (circuit open) after {made} attempt(s)"));
                    return;
                }
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
                metrics.DispatchAttempt(work.Supplier);
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
        {
            signals.Kcis.Notify();
            metrics.DispatchOutcome(work.Supplier, result.CancellationStatus, result.ErrorCode);
            metrics.CancellationState(result.CancellationStatus);
            LogOutcome(work.CancellationId, work.Supplier, result.CancellationStatus, result.ErrorCode);
        }
    }

    [LoggerMessage(LogLevel.Information, "Cancellation {CancellationId} sent to {Supplier}: {Status} {ErrorCode}")]
    private partial void LogOutcome(long cancellationId, string supplier, string status, string? errorCode);

    [LoggerMessage(LogLevel.Information, "Cancellation {CancellationId} released on shutdown")]
    private partial void LogReleased(long cancellationId);

    private sealed class LeaseLostException() : Exception("the lease on this outbox row was lost");
}
