namespace FibreCafe.Gateway.Dispatch;

/// <summary>A claimed outbox row with everything needed to call the supplier.</summary>
public sealed record DispatchWork(
    long OutboxId,
    long Attempts,
    DateTimeOffset WindowStartedAt,
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

/// <summary>The final outcome of sending one cancellation, as the supplier's answer gave it.</summary>
public sealed record DispatchResult(string CancellationStatus, string? ErrorCode, IReadOnlyList<string> Messages, string? SupplierReference);
