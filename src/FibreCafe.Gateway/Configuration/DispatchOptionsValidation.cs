using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Configuration;

/// <summary>
/// Dispatch settings checked at start, with the suppliers they serve. A claim holds its row for one
/// attempt (the wait before the next is stored, never slept), so the lease must outlive the longest
/// single attempt, or a second process could claim a row whose call is still in flight and send it
/// twice. This class is the one place that states what a lease must cover.
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
            var attempt = supplier.Resilience.LongestAttempt;
            if (dispatch.LeaseDuration <= attempt)
                failures.Add($"Dispatch:LeaseDuration ({dispatch.LeaseDuration}) must exceed one attempt to {id} " +
                             $"(twice Suppliers:{id}:Resilience:AttemptTimeout plus ReconnectDelay: {attempt}), or a call in flight could be sent twice");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
