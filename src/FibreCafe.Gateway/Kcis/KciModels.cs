namespace FibreCafe.Gateway.Kcis;

/// <summary>A KCI as a supplier sent it, checked against the Supplier Updates API contract.</summary>
public sealed record InboundKci(
    string Id, string Supplier, long ServiceProblemId, long SequenceNumber, string ReasonCode, string? Text,
    DateTimeOffset IssuedOn, string? SupplierReference, long? CancellationId);

/// <summary>What a gateway-raised or forwarded KCI says; the envelope and entity are added at delivery.</summary>
public sealed record TenantKciFacts(string UpdateType, string InformationType, string? Notes = null, string? ErrorJson = null);

/// <summary>
/// What an inbound KCI changes, decided from its reason code by <see cref="KciPlanner"/>; the store
/// applies it in one transaction after its own checks (duplicate, owner, sequence).
/// </summary>
public sealed record KciPlan(
    TenantKciFacts TenantKci,
    string? ProblemStatus = null,
    bool RestoreProblem = false,
    string? SupplierReference = null,
    long? CancellationId = null,
    string? CancellationStatus = null,
    IReadOnlyList<string>? CancellationMessages = null);

public enum ApplyKciOutcome
{
    Applied,
    /// <summary>That KCI id was received before: nothing changes.</summary>
    Duplicate,
    /// <summary>Older than the last applied for the problem: stored, not applied.</summary>
    Stale,
    /// <summary>No such problem for this supplier.</summary>
    ProblemNotFound,
    CancellationNotOfProblem,
}

/// <summary>A tenant KCI claimed for delivery, with the latest state of its service problem.</summary>
public sealed record TenantKciWork(
    string Id, string Tenant, string Supplier, long ServiceProblemId, long SequenceNumber, string ConversationId,
    string UpdateType, string InformationType, string? Notes, string? Error, DateTimeOffset IssuedOn, DateTimeOffset? ReceivedOn,
    long Attempts, string ProblemStatus, string? SupplierReference, DateTimeOffset ProblemCreated, DateTimeOffset ProblemUpdated,
    long? CancellationId, string? CancellationStatus);

/// <summary>A tenant KCI as the Tenant API's reads show it.</summary>
public sealed record TenantKci(
    string Id, long SequenceNumber, DateTimeOffset IssuedOn, DateTimeOffset? ReceivedOn, string UpdateType,
    string InformationType, string? Notes, DateTimeOffset? DeliveredAt, DateTimeOffset? UndeliverableAt, long Attempts, string? LastError);

/// <summary>How a delivery attempt ended: delivered, to be tried again at a time, or given up.</summary>
public sealed record KciDeliveryResult(bool Delivered, DateTimeOffset? RetryAt, string? Error);
