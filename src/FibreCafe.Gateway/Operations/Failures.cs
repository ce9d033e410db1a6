namespace FibreCafe.Gateway.Operations;

/// <summary>A cancellation that ended FAILED_TO_SEND, as an operator sees it.</summary>
public sealed record FailedCancellation(long Id, string Tenant, long ServiceProblemId, string Supplier, string? ErrorCode, string? Messages, DateTimeOffset Updated);

/// <summary>A tenant KCI given up after its schedule.</summary>
public sealed record UndeliverableKci(string Id, string Tenant, long ServiceProblemId, long SequenceNumber, string InformationType, string? LastError, DateTimeOffset UndeliverableAt);

public enum ResendOutcome
{
    /// <summary>Back in the outbox, due now, with a fresh retry budget.</summary>
    Resent,
    NotFound,
    /// <summary>Only FAILED_TO_SEND cancellations and UNDELIVERABLE KCIs are sent again.</summary>
    NotFailed,
    /// <summary>The problem has moved on (closed, or another cancellation is pending): sending again would be wrong.</summary>
    ProblemMovedOn,
}
