using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Gateway.Tests.Lifecycle;

/// <summary>Rows as a store would read them, for the lifecycle's unit tests; time from a fake clock.</summary>
internal static class LifecycleFacts
{
    public const string Tenant = "TENANT1";
    public const string Supplier = "SUPPLIER1";

    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    public static IEnumerable<string> ProblemStatuses => ServiceProblemStatus.All.Order();

    public static readonly string[] CancellationStatuses =
    [
        CancellationStatus.ReceivedByGateway, CancellationStatus.Pending, CancellationStatus.FailedToSend,
        CancellationStatus.Rejected, CancellationStatus.Completed,
    ];

    public static ServiceProblem Problem(string status, string? previous = null, string? reference = "SK_REF00001", long lastSequence = 0) =>
        new(7, Tenant, Supplier, reference, status, previous, Clock.GetUtcNow().AddHours(-1), Clock.GetUtcNow().AddHours(-1), lastSequence);

    public static Cancellation Cancellation(string status, string? messages = null) =>
        new(42, Tenant, 7, "OTHER", "why", status, "req-1", "conversation-1", "fp", Clock.GetUtcNow(), Clock.GetUtcNow(),
            SupplierReference: "SUP-REF", Messages: messages);
}
