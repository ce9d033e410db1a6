using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Errors;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Kcis;

/// <summary>
/// What a supplier's KCI means for the gateway: the change to make and the KCI to raise for the
/// tenant. Only the rules of the reason codes live here; the store does the checks that need data.
/// </summary>
public static class KciPlanner
{
    public const string Informational = "INFORMATIONAL";
    public const string ActionRequired = "ACTION_REQUIRED";
    public const string Error = "ERROR";

    /// <summary>The plan, or the rule the KCI breaks (a 422 INVALID_REQUEST).</summary>
    public static (KciPlan? Plan, RequestProblem? Problem) For(InboundKci kci) => kci.ReasonCode switch
    {
        "CANCELLED" or "CANCELLATION_REJECTED" when kci.CancellationId is null =>
            (null, RequestProblem.Invalid("serviceProblem.cancellationId", $"is required with {kci.ReasonCode}")),
        "CANCELLED" => (new KciPlan(new TenantKciFacts(Informational, "CANCELLED", kci.Text),
            ProblemStatus: ServiceProblemStatus.Cancelled, CancellationId: kci.CancellationId, CancellationStatus: CancellationStatus.Completed), null),
        "CANCELLATION_REJECTED" => (new KciPlan(new TenantKciFacts(ActionRequired, "RESUBMIT", kci.Text ?? "the supplier rejected the cancellation"),
            RestoreProblem: true, CancellationId: kci.CancellationId, CancellationStatus: CancellationStatus.Rejected,
            CancellationMessages: kci.Text is null ? null : [kci.Text]), null),
        "ACKNOWLEDGED" when kci.SupplierReference is null =>
            (null, RequestProblem.Invalid("serviceProblem.supplierReference", "is required with ACKNOWLEDGED")),
        "ACKNOWLEDGED" => (new KciPlan(new TenantKciFacts(Informational, "ACKNOWLEDGED", kci.Text),
            ProblemStatus: ServiceProblemStatus.Acknowledged, SupplierReference: kci.SupplierReference), null),
        // Lifecycle codes that name a status move the problem there.
        "IN_PROGRESS" or "PENDING" or "HELD" or "NETWORK_INCIDENT" or "RESOLVED" or "COMPLETED" =>
            (new KciPlan(new TenantKciFacts(Informational, kci.ReasonCode, kci.Text), ProblemStatus: kci.ReasonCode,
                SupplierReference: kci.SupplierReference), null),
        "INFORMATION_REQUIRED" => (new KciPlan(new TenantKciFacts(ActionRequired, kci.ReasonCode, kci.Text), SupplierReference: kci.SupplierReference), null),
        // CREATED, UPDATE, COMMITTED, DELAY: news for the tenant, no change of status.
        _ => (new KciPlan(new TenantKciFacts(Informational, kci.ReasonCode, kci.Text), SupplierReference: kci.SupplierReference), null),
    };
}
