namespace FibreCafe.Gateway.Cancellations;

/// <summary>A service problem cancellation as stored; <see cref="Id"/> comes from the database.</summary>
public sealed record Cancellation(
    long Id,
    string Tenant,
    long ServiceProblemId,
    string ReasonCode,
    string? Text,
    string Status,
    string RequestId,
    string ConversationId,
    string Fingerprint,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? SupplierReference = null,
    string? ErrorCode = null,
    string? Messages = null)
{
    /// <summary>The supplier's or the gateway's messages about the outcome (stored as a JSON array).</summary>
    public IReadOnlyList<string> OutcomeMessages() =>
        Messages is null ? [] : Newtonsoft.Json.JsonConvert.DeserializeObject<List<string>>(Messages) ?? [];
}

/// <summary>What a tenant asked for, validated, ready to store.</summary>
public sealed record NewCancellation(
    string Tenant,
    long ServiceProblemId,
    string ReasonCode,
    string? Text,
    string RequestId,
    string ConversationId,
    string Fingerprint,
    TestScenario? Test = null);

/// <summary>A verification environment's X-Scenario and X-Kci-Delay, for test suppliers only.</summary>
public sealed record TestScenario(string? Scenario, string? KciDelay);

/// <summary>The request state model shared by amendments and cancellations.</summary>
public static class CancellationStatus
{
    public const string ReceivedByGateway = "RECEIVED_BY_GATEWAY";
    public const string Pending = "PENDING";
    public const string FailedToSend = "FAILED_TO_SEND";
    public const string Rejected = "REJECTED";
    public const string Completed = "COMPLETED";
}
