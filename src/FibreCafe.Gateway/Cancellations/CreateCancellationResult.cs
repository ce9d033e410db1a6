namespace FibreCafe.Gateway.Cancellations;

public enum CreateCancellationOutcome
{
    Created,
    /// <summary>Same X-Request-ID, same body: the original cancellation, nothing new stored.</summary>
    Replayed,
    /// <summary>Same X-Request-ID, different body.</summary>
    RequestIdReused,
    /// <summary>No such problem for this tenant (another tenant's problem looks the same).</summary>
    ProblemNotFound,
    ProblemClosed,
    ProblemNotAcknowledged,
    ProblemAlreadyPendingCancellation,
}

/// <summary>The store's answer to a cancellation request; <see cref="ProblemStatus"/> explains a refusal.</summary>
public sealed record CreateCancellationResult(
    CreateCancellationOutcome Outcome,
    Cancellation? Cancellation = null,
    string? ProblemStatus = null);
