using FibreCafe.Gateway.OAuth;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Dispatch;

/// <summary>
/// Sends the outbox to the suppliers, one attempt per claim: claim (with a lease, so any number of
/// gateway processes share one database), one call through the supplier's pipeline, then store the
/// outcome or the next attempt time and let go. Slots are counted per supplier (<see cref="SupplierSlots"/>),
/// so a supplier that is down never holds the others' cancellations back.
/// </summary>
public sealed partial class Dispatcher(
    ISupplierOutbox store, OutboxSignals signals, SupplierCaller caller, PartnerPipelines pipelines, GatewayMetrics metrics,
    IOptions<DispatchOptions> options, IOptionsMonitor<Dictionary<string, SupplierOptions>> suppliers,
    TimeProvider clock, ILogger<Dispatcher> logger) : LeasedWorker<DispatchWork>(signals.Cancellations, logger)
{
    private readonly SupplierSlots _slots = new(pipelines);
    private DateTimeOffset _nextSweep; // only the claim loop reads and writes it

    protected override int MaxConcurrency => options.Value.MaxConcurrency;
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    public static string Partner(string supplier) => PartnerHttpClients.Supplier(supplier);

    protected override async Task<IReadOnlyList<DispatchWork>> ClaimAsync(int max)
    {
        var configured = suppliers.CurrentValue;
        var now = clock.GetUtcNow();
        // Every supplier busy: the only rows a claim could take are those needing no slot (window over,
        // supplier unknown), and they can wait for the poll. Claiming on every wake-up (each accepted
        // cancellation wakes the dispatcher) scanned the backlog hundreds of times a second under load.
        var size = _slots.ClaimSize(configured, max);
        if (size == 0)
        {
            if (now < _nextSweep) return [];
            (_nextSweep, size) = (now + options.Value.PollInterval, max);
        }
        var filter = _slots.Filter(configured, now);
        var claimed = await store.ClaimDispatchesAsync(Owner, options.Value.LeaseDuration, size, filter, CancellationToken.None);
        var taken = new List<DispatchWork>(claimed.Count);
        foreach (var work in claimed)
        {
            configured.TryGetValue(work.Supplier, out var supplier);
            if (_slots.TryTake(work, supplier, now)) taken.Add(work);
            // More than the supplier's free slots came back: give the rest back as they were, due now.
            else await store.ReleaseDispatchAsync(work.OutboxId, Owner, now, CancellationToken.None);
        }
        return taken;
    }

    protected override async Task ProcessAsync(DispatchWork work, CancellationToken stopping)
    {
        try
        {
            await SendAsync(work, stopping);
        }
        finally
        {
            _slots.Return(work.Supplier);
            // Rows of this supplier may have been left due for want of its slot: claim again now, not at the next poll.
            signals.Cancellations.Notify();
        }
    }

    private async Task SendAsync(DispatchWork work, CancellationToken stopping)
    {
        try
        {
            if (!suppliers.CurrentValue.TryGetValue(work.Supplier, out var supplier) || string.IsNullOrEmpty(supplier.BaseUrl))
            {
                await Complete(work, DispatchOutcomes.Failed("GATEWAY_FAULT", $"supplier {work.Supplier} is not configured"));
                return;
            }
            var budget = supplier.Resilience.Budget();
            if (work.Attempts >= budget.MaxAttempts)
            {
                // Its holder died after the last attempt: the budget is spent.
                await Complete(work, DispatchOutcomes.Failed("SUPPLIER_FAULT", $"no answer from the supplier within {budget.MaxAttempts} attempt(s)"));
                return;
            }
            var pipeline = pipelines.For<SupplierAnswer>(Partner(work.Supplier), () => Current(work.Supplier).Resilience,
                answer => answer.Kind == SupplierAnswerKind.Retryable);
            var attempt = await OutboxAttempt.RunAsync(pipeline, work.Attempts,
                () => store.BeginDispatchAttemptAsync(work.OutboxId, Owner, options.Value.LeaseDuration, CancellationToken.None),
                ct =>
                {
                    metrics.DispatchAttempt(work.Supplier);
                    return caller.CancelAsync(work, supplier, ct);
                }, stopping);
            if (attempt is null) return;

            var (outcome, made) = (attempt.Outcome, attempt.AttemptsMade);
            if (attempt.BreakerOpenFor is null && !SupplierAnswers.IsTransient(outcome))
            {
                await Complete(work, DispatchOutcomes.From(outcome, made));
                return;
            }
            var now = clock.GetUtcNow();
            if (budget.NextAttempt(made, work.WindowStartedAt, now, attempt.BreakerOpenFor ?? outcome.Result?.RetryAfter) is { } next)
            {
                await store.ReleaseDispatchAsync(work.OutboxId, Owner, next, CancellationToken.None);
                return;
            }
            // The window is over (or the ceiling of attempts reached): the lifecycle makes it FAILED_TO_SEND.
            await Complete(work, attempt.BreakerOpenFor is null ? DispatchOutcomes.From(outcome, made)
                : DispatchOutcomes.Failed("SUPPLIER_FAULT",
                    $"the supplier was unavailable (circuit open) until the end of its {budget.Window} retry window, after {made} attempt(s)"));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await store.ReleaseDispatchAsync(work.OutboxId, Owner, clock.GetUtcNow(), CancellationToken.None);
            LogReleased(work.CancellationId);
        }
    }

    private SupplierOptions Current(string supplier) => suppliers.CurrentValue.GetValueOrDefault(supplier) ?? new SupplierOptions();

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
}
