namespace FibreCafe.Gateway.Dispatch;

/// <summary>A claimed outbox row with everything needed to call the supplier.</summary>
public sealed record DispatchWork(
    long OutboxId,
    long Attempts,
    long CancellationId,
    string Tenant,
    long ServiceProblemId,
    string ProblemSupplierReference,
    string Supplier,
    string ReasonCode,
    string? Text,
    string ConversationId,
    string RequestId,
    string? TestScenario = null,
    string? TestKciDelay = null);

/// <summary>
/// The final outcome of sending one cancellation, applied to the cancellation and its problem in
/// one transaction, with the KCI that tells the tenant.
/// </summary>
public sealed record DispatchResult(
    string CancellationStatus, string? ErrorCode, IReadOnlyList<string> Messages, string? SupplierReference,
    Kcis.TenantKciFacts? TenantKci = null);
