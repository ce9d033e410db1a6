using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Operations;

/// <summary>
/// Readiness says so when stored service problems name a supplier this gateway has no BaseUrl for:
/// their cancellations would end FAILED_TO_SEND. Degraded, not unhealthy: every other supplier's
/// traffic is fine, so the instance stays in rotation while an operator fixes the configuration.
/// The suppliers named are read at most once a minute (a DISTINCT over every problem).
/// </summary>
public sealed class SuppliersConfigured(
    IServiceProblemReads store, IOptionsMonitor<Dictionary<string, SupplierOptions>> suppliers, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(1);
    private (IReadOnlyList<string> Names, DateTimeOffset At)? _named;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        if (_named is not { } named || clock.GetUtcNow() - named.At > ReadEvery)
            _named = named = (await store.ListProblemSuppliersAsync(ct), clock.GetUtcNow());
        var configured = suppliers.CurrentValue;
        var missing = named.Names.Where(s => !configured.TryGetValue(s, out var o) || string.IsNullOrEmpty(o.BaseUrl)).ToList();
        return missing.Count == 0
            ? HealthCheckResult.Healthy("every supplier named by stored service problems is configured")
            : HealthCheckResult.Degraded($"not configured (Suppliers:<id>:BaseUrl), though stored service problems name them: {string.Join(", ", missing)}");
    }
}
