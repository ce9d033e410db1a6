namespace FibreCafe.Gateway.ServiceProblems;

/// <summary>The service problem lifecycle of the Tenant API, as stored.</summary>
public static class ServiceProblemStatus
{
    public const string ReceivedByGateway = "RECEIVED_BY_GATEWAY";
    public const string SentToSupplier = "SENT_TO_SUPPLIER";
    public const string FailedToSend = "FAILED_TO_SEND";
    public const string Rejected = "REJECTED";
    public const string Acknowledged = "ACKNOWLEDGED";
    public const string InProgress = "IN_PROGRESS";
    public const string Pending = "PENDING";
    public const string Held = "HELD";
    public const string NetworkIncident = "NETWORK_INCIDENT";
    public const string PendingAmendment = "PENDING_AMENDMENT";
    public const string PendingCancellation = "PENDING_CANCELLATION";
    public const string Cancelled = "CANCELLED";
    public const string Resolved = "RESOLVED";
    public const string Completed = "COMPLETED";

    /// <summary>Closed problems take no more requests (RESOLVED counts as closed: our choice).</summary>
    public static readonly IReadOnlySet<string> Closed =
        new HashSet<string> { FailedToSend, Rejected, Cancelled, Resolved, Completed };

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        ReceivedByGateway, SentToSupplier, FailedToSend, Rejected, Acknowledged, InProgress, Pending,
        Held, NetworkIncident, PendingAmendment, PendingCancellation, Cancelled, Resolved, Completed,
    };
}
