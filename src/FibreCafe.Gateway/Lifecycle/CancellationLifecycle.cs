using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.ServiceProblems;
using static FibreCafe.Gateway.ServiceProblems.ServiceProblemStatus;

namespace FibreCafe.Gateway.Lifecycle;

/// <summary>
/// The one place that decides how a service problem and its cancellation move: whether a
/// cancellation may be created or resent, what the supplier's answer and the supplier's KCIs make
/// of both, and which KCI tells the tenant. No I/O: the stores read the rows, ask here, and write
/// the <see cref="Transition"/> as it is.
/// </summary>
public static class CancellationLifecycle
{
    public const string ResentMessage = "resent by an operator";

    /// <summary>The status a new cancellation is stored with.</summary>
    public const string NewCancellationStatus = CancellationStatus.ReceivedByGateway;

    /// <summary>Why the problem cannot take a cancellation now, or null when it can.</summary>
    public static CreateCancellationOutcome? Refusal(ServiceProblem? problem, string tenant)
    {
        if (problem is null || problem.Tenant != tenant)
            return CreateCancellationOutcome.ProblemNotFound;
        if (Closed.Contains(problem.Status))
            return CreateCancellationOutcome.ProblemClosed;
        if (problem.Status == PendingCancellation)
            return CreateCancellationOutcome.ProblemAlreadyPendingCancellation;
        if (string.IsNullOrEmpty(problem.SupplierReference))
            return CreateCancellationOutcome.ProblemNotAcknowledged;
        return null;
    }

    /// <summary>A cancellation is taken: the problem is PENDING_CANCELLATION and remembers where it was.</summary>
    public static Transition Accepted(ServiceProblem problem) =>
        new(problem.Id, new ProblemChange(PendingCancellation, problem.Status, problem.SupplierReference));

    /// <summary>An operator sends a FAILED_TO_SEND cancellation again, if its problem could still take a new one.</summary>
    public static (ResendOutcome Outcome, Transition? Transition) Resend(Cancellation cancellation, ServiceProblem problem)
    {
        if (cancellation.Status != CancellationStatus.FailedToSend) return (ResendOutcome.NotFailed, null);
        // The same rules as a new request: a problem that moved on is not cancelled behind the tenant's back.
        if (Refusal(problem, cancellation.Tenant) is not null) return (ResendOutcome.ProblemMovedOn, null);
        return (ResendOutcome.Resent, Accepted(problem) with
        {
            Cancellation = new CancellationChange(cancellation.Id, NewCancellationStatus, null, [], cancellation.SupplierReference, [ResentMessage]),
        });
    }

    /// <summary>
    /// The supplier's final answer to the gateway's call. Null when the cancellation no longer waits
    /// for it: a supplier KCI settled it first, and that outcome stands.
    /// </summary>
    public static Transition? SupplierAnswered(Cancellation cancellation, ServiceProblem problem, DispatchResult result, DateTimeOffset now)
    {
        if (cancellation.Status != CancellationStatus.ReceivedByGateway) return null;
        var change = new CancellationChange(cancellation.Id, result.CancellationStatus, result.ErrorCode, result.Messages,
            result.SupplierReference ?? cancellation.SupplierReference, result.Messages);
        var restored = problem.Status == PendingCancellation ? Restore(problem) : null;
        var problemAfter = result.CancellationStatus switch
        {
            CancellationStatus.Completed => new ProblemChange(Cancelled, problem.PreviousStatus, problem.SupplierReference),
            CancellationStatus.Rejected or CancellationStatus.FailedToSend => restored,
            _ => null, // PENDING: the problem stays PENDING_CANCELLATION until the supplier's KCI
        };
        return new Transition(problem.Id, problemAfter, change, new RaisedKci(cancellation.ConversationId, TenantKcis.For(result), now, null));
    }

    /// <summary>
    /// A supplier's KCI, planned from its reason code by <see cref="KciPlanner"/>: refused when the
    /// problem is not the supplier's or the cancellation not the problem's; stored but not applied
    /// when older than the last one applied; applied without news for the tenant when it repeats how
    /// the cancellation was already settled.
    /// </summary>
    public static (ApplyKciOutcome Outcome, Transition? Transition) SupplierKci(
        InboundKci kci, KciPlan plan, ServiceProblem? problem, Cancellation? cancellation, string? latestConversation, DateTimeOffset now)
    {
        if (problem is null || problem.Supplier != kci.Supplier) return (ApplyKciOutcome.ProblemNotFound, null);
        if (plan.CancellationId is not null && cancellation?.ServiceProblemId != problem.Id) return (ApplyKciOutcome.CancellationNotOfProblem, null);
        if (kci.SequenceNumber <= problem.LastSupplierSequence) return (ApplyKciOutcome.Stale, null);

        var sequenced = new Transition(problem.Id, SupplierSequence: kci.SequenceNumber);
        if (cancellation is not null && cancellation.Status == plan.CancellationStatus) return (ApplyKciOutcome.Applied, sequenced);

        var messages = plan.CancellationMessages is { Count: > 0 } m ? m : null;
        var settled = cancellation is null ? null : new CancellationChange(cancellation.Id, plan.CancellationStatus!, null,
            messages ?? cancellation.OutcomeMessages(), cancellation.SupplierReference, messages ?? []);
        var conversation = cancellation?.ConversationId ?? latestConversation ?? $"fibre-cafe-problem-{problem.Id}";
        return (ApplyKciOutcome.Applied, sequenced with
        {
            Problem = Moved(problem, plan),
            Cancellation = settled,
            TenantKci = new RaisedKci(conversation, plan.TenantKci, kci.IssuedOn, now),
        });
    }

    /// <summary>While a cancellation is pending, a lifecycle status lands in PreviousStatus, so a rejection restores the latest one.</summary>
    private static ProblemChange Moved(ServiceProblem problem, KciPlan plan)
    {
        var reference = plan.SupplierReference ?? problem.SupplierReference;
        var pending = problem.Status == PendingCancellation;
        return plan switch
        {
            { RestoreProblem: true } when pending => Restore(problem) with { SupplierReference = reference },
            { ProblemStatus: Cancelled } => new(Cancelled, problem.PreviousStatus, reference),
            { ProblemStatus: { } status } when pending => new(problem.Status, status, reference),
            { ProblemStatus: { } status } => new(status, problem.PreviousStatus, reference),
            _ => new(problem.Status, problem.PreviousStatus, reference),
        };
    }

    private static ProblemChange Restore(ServiceProblem problem) =>
        new(problem.PreviousStatus ?? problem.Status, null, problem.SupplierReference);
}
