using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Configuration;

/// <summary>
/// Dispatch settings checked at start, with the suppliers they serve. The lease is renewed before
/// every attempt, so it must outlive one attempt plus the longest backoff delay, or a second
/// process could claim a row whose call is still in flight and send it twice. When the retry
/// model changes, this class is the one place that states what a lease must cover.
/// </summary>
public sealed class DispatchOptionsValidation(IOptions<Dictionary<string, SupplierOptions>> suppliers) : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions dispatch)
    {
        var failures = new List<string>();
        if (dispatch.PollInterval <= TimeSpan.Zero) failures.Add($"Dispatch:PollInterval ({dispatch.PollInterval}) must be above zero");
        if (dispatch.MaxConcurrency < 1) failures.Add($"Dispatch:MaxConcurrency ({dispatch.MaxConcurrency}) must be at least 1");
        if (dispatch.Enabled && suppliers.Value.Count == 0)
            failures.Add("Dispatch is enabled but no supplier is configured (Suppliers:<id>:BaseUrl); set Dispatch:Enabled=false for a gateway that only takes requests");
        foreach (var (id, supplier) in suppliers.Value)
        {
            if (!Uri.TryCreate(supplier.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                failures.Add($"Suppliers:{id}:BaseUrl '{supplier.BaseUrl}' must be an absolute http(s) URL");
            var covered = supplier.Resilience.AttemptTimeout + supplier.Resilience.MaxDelay;
            if (dispatch.LeaseDuration <= covered)
                failures.Add($"Dispatch:LeaseDuration ({dispatch.LeaseDuration}) must exceed Suppliers:{id}:Resilience:AttemptTimeout + MaxDelay ({covered}): " +
                             "a lease is renewed before each attempt and must outlive the attempt and the backoff after it");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
