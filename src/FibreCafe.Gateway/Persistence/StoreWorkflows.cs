using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Lifecycle;
using FibreCafe.Gateway.Operations;
using static FibreCafe.Gateway.Cancellations.CreateCancellationOutcome;

namespace FibreCafe.Gateway.Persistence;

/// <summary>
/// Every read-decide-write of the stores, written once for all providers: read the rows (locked by
/// the provider's transaction), let <see cref="CancellationLifecycle"/> decide, write its decision.
/// Rows are locked problem first, then cancellation (but in an operator's resend, where only the
/// cancellation names its problem): SQL Server's deadlock retry covers that rare crossing.
/// </summary>
public static class StoreWorkflows
{
    public static async Task<CreateCancellationResult> CreateAsync(IStoreTransaction tx, NewCancellation request, DateTimeOffset keyExpires, DateTimeOffset now)
    {
        if (await tx.ReadKeyAsync(request.Tenant, request.RequestId, now) is { } key)
            return key.Fingerprint == request.Fingerprint
                ? new CreateCancellationResult(Replayed, await tx.ReadCancellationAsync(key.CancellationId))
                : new CreateCancellationResult(RequestIdReused);

        var problem = await tx.ReadProblemAsync(request.ServiceProblemId);
        if (CancellationLifecycle.Refusal(problem, request.Tenant) is { } refusal)
            return new CreateCancellationResult(refusal, ProblemStatus: problem?.Tenant == request.Tenant ? problem.Status : null);

        var created = await tx.InsertCancellationAsync(request, problem!.Supplier, CancellationLifecycle.NewCancellationStatus, keyExpires, now);
        await tx.SaveAsync(CancellationLifecycle.Accepted(problem), now);
        return new CreateCancellationResult(Created, created);
    }

    public static async Task<bool> CompleteDispatchAsync(IStoreTransaction tx, long outboxId, string owner, DispatchResult result, DateTimeOffset now)
    {
        // The lease was lost: someone else owns the outcome.
        if (await tx.CloseDispatchAsync(outboxId, owner, now) is not { } closed) return false;
        var problem = await tx.ReadProblemAsync(closed.ServiceProblemId);
        var cancellation = await tx.ReadCancellationAsync(closed.CancellationId);
        if (CancellationLifecycle.SupplierAnswered(cancellation!, problem!, result, now) is { } transition)
            await tx.SaveAsync(transition, now);
        return true;
    }

    public static async Task<ApplyKciOutcome> ApplySupplierKciAsync(IStoreTransaction tx, InboundKci kci, KciPlan plan, DateTimeOffset now)
    {
        if (await tx.KnowsSupplierKciAsync(kci.Id)) return ApplyKciOutcome.Duplicate;
        var problem = await tx.ReadProblemAsync(kci.ServiceProblemId);
        var cancellation = plan.CancellationId is { } id && problem is not null ? await tx.ReadCancellationAsync(id) : null;
        var latest = cancellation is null && problem is not null ? await tx.LatestConversationAsync(problem.Id) : null;

        var (outcome, transition) = CancellationLifecycle.SupplierKci(kci, plan, problem, cancellation, latest, now);
        if (outcome is ApplyKciOutcome.Applied or ApplyKciOutcome.Stale)
            await tx.RecordSupplierKciAsync(kci, applied: outcome == ApplyKciOutcome.Applied, now);
        if (transition is not null) await tx.SaveAsync(transition, now);
        return outcome;
    }

    public static async Task<ResendOutcome> ResendCancellationAsync(IStoreTransaction tx, long id, DateTimeOffset now)
    {
        if (await tx.ReadCancellationAsync(id) is not { } cancellation) return ResendOutcome.NotFound;
        var problem = await tx.ReadProblemAsync(cancellation.ServiceProblemId);
        var (outcome, transition) = CancellationLifecycle.Resend(cancellation, problem!);
        if (transition is null) return outcome;
        await tx.SaveAsync(transition, now);
        await tx.RequeueDispatchAsync(id, now);
        return outcome;
    }
}
