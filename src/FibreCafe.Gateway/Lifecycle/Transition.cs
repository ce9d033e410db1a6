using FibreCafe.Gateway.Kcis;

namespace FibreCafe.Gateway.Lifecycle;

/// <summary>
/// What <see cref="CancellationLifecycle"/> decided for one event, for a store to write in one
/// transaction: each part that is null is left as it is. The store stamps every change with its now.
/// </summary>
public sealed record Transition(
    long ProblemId,
    ProblemChange? Problem = null,
    CancellationChange? Cancellation = null,
    RaisedKci? TenantKci = null,
    long? SupplierSequence = null);

/// <summary>The service problem's new status, the status a rejection would restore, and the supplier's reference.</summary>
public sealed record ProblemChange(string Status, string? PreviousStatus, string? SupplierReference);

/// <summary>The cancellation's new state, and the messages of the event that records the change.</summary>
public sealed record CancellationChange(
    long Id, string Status, string? ErrorCode, IReadOnlyList<string> Messages, string? SupplierReference, IReadOnlyList<string> EventMessages);

/// <summary>A KCI for the tenant; the store numbers it after the problem's last one and makes it due at once.</summary>
public sealed record RaisedKci(string ConversationId, TenantKciFacts Facts, DateTimeOffset IssuedOn, DateTimeOffset? ReceivedOn);
