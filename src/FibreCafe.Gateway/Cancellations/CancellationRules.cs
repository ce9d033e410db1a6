using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Cancellations;

/// <summary>
/// Whether a service problem can take a cancellation. The SQL Server procedure applies the same
/// rules in T-SQL; the store contract tests hold both to this order.
/// </summary>
public static class CancellationRules
{
    public static CreateCancellationOutcome? Refusal(ServiceProblem? problem, string tenant)
    {
        if (problem is null || problem.Tenant != tenant)
            return CreateCancellationOutcome.ProblemNotFound;
        if (ServiceProblemStatus.Closed.Contains(problem.Status))
            return CreateCancellationOutcome.ProblemClosed;
        if (problem.Status == ServiceProblemStatus.PendingCancellation)
            return CreateCancellationOutcome.ProblemAlreadyPendingCancellation;
        if (string.IsNullOrEmpty(problem.SupplierReference))
            return CreateCancellationOutcome.ProblemNotAcknowledged;
        return null;
    }
}
