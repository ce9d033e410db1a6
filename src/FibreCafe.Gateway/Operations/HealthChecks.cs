using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Operations;

/// <summary>
/// /health/live: the process answers. /health/ready: the database is reachable with its schema in
/// place, the outbox workers this process should run are running, and every supplier that stored
/// problems name is configured (degraded otherwise).
/// </summary>
public static class HealthChecks
{
    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: ["ready"])
            .AddCheck<WorkersRunning>("outbox-workers", tags: ["ready"])
            .AddCheck<SuppliersConfigured>("suppliers", tags: ["ready"]);
        return services;
    }

    public static void MapGatewayHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonConvert.SerializeObject(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    private sealed class DatabaseReady(IServiceProblemReads store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                // A read of a real table: the database answers and the migrations are applied.
                await store.GetServiceProblemAsync("health-check", 0, ct);
                return HealthCheckResult.Healthy("reachable, schema in place");
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy(e is StoreUnavailableException ? "unreachable" : "schema missing or broken", e);
            }
        }
    }

    private sealed class WorkersRunning(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var stopped = new[] { ("dispatcher", (object?)services.GetService<Dispatcher>()), ("kci-deliverer", services.GetService<KciDeliverer>()) }
                .Where(w => w.Item2 is Outbox.IWorkerStatus { IsRunning: false })
                .Select(w => w.Item1)
                .ToList();
            return Task.FromResult(stopped.Count == 0
                ? HealthCheckResult.Healthy("running (or disabled by configuration)")
                : HealthCheckResult.Unhealthy($"not running: {string.Join(", ", stopped)}"));
        }
    }
}
