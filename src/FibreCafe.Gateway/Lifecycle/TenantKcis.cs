using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Lifecycle;

/// <summary>The KCI the gateway raises for the tenant when the supplier answers (Tenant Updates API 1.14 types).</summary>
public static class TenantKcis
{
    public static TenantKciFacts For(DispatchResult result) => result.CancellationStatus switch
    {
        CancellationStatus.Completed => new TenantKciFacts(KciPlanner.Informational, "CANCELLED", "the supplier cancelled the service problem"),
        CancellationStatus.Pending => new TenantKciFacts(KciPlanner.Informational, "CANCELLATION_PENDING",
            "the supplier accepted the cancellation and will confirm or reject it later"),
        CancellationStatus.Rejected => new TenantKciFacts(KciPlanner.ActionRequired, "RESUBMIT", string.Join("; ", result.Messages)),
        _ => new TenantKciFacts(KciPlanner.Error, "FAILED_TO_SEND", string.Join("; ", result.Messages),
            JsonConvert.SerializeObject(new { uuid = Guid.NewGuid().ToString(), code = result.ErrorCode, messages = result.Messages })),
    };
}
