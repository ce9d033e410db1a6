using FibreCafe.Gateway.ServiceProblems;
using static FibreCafe.Gateway.ServiceProblems.ServiceProblemStatus;

namespace FibreCafe.Gateway.Seeding;

/// <summary>The service problems a newcomer can cancel right away (Development only; listed in the README).</summary>
public static class DemoData
{
    public static IReadOnlyList<ServiceProblem> Problems(DateTimeOffset now) =>
    [
        Problem(1001, "TENANT1", ServiceProblemStatus.Acknowledged, "SK_PRO000001001", now),
        Problem(1002, "TENANT1", InProgress, "SK_PRO000001002", now),
        Problem(1003, "TENANT1", Resolved, "SK_PRO000001003", now),
        Problem(1004, "TENANT1", ReceivedByGateway, null, now),
        Problem(1005, "TENANT1", PendingCancellation, "SK_PRO000001005", now),
        Problem(2001, "TENANT2", ServiceProblemStatus.Acknowledged, "SK_PRO000002001", now),
    ];

    /// <summary>Acknowledged problems with supplier references, for QA and load tests (seed-problems).</summary>
    public static IReadOnlyList<ServiceProblem> AcknowledgedProblems(string tenant, string supplier, long from, int count, DateTimeOffset now) =>
        [.. Enumerable.Range(0, count).Select(i => from + i)
            .Select(id => new ServiceProblem(id, tenant, supplier, $"SK_PRO{id:D9}", ServiceProblemStatus.Acknowledged, null, now, now))];

    private static ServiceProblem Problem(long id, string tenant, string status, string? reference, DateTimeOffset now) =>
        new(id, tenant, "SUPPLIER1", reference, status, status == PendingCancellation ? ServiceProblemStatus.Acknowledged : null, now, now);
}
