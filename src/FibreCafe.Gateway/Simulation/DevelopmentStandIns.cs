using FibreCafe.SupplierSimulator;
using Microsoft.Extensions.Options;
using WireMock.Server;

namespace FibreCafe.Gateway.Simulation;

/// <summary>
/// The whole journey with one command: in Development the gateway starts the supplier simulator
/// (the same mapping files QA uses) and a tenant stand-in that records the KCIs TENANT1 receives.
/// Compiled into Debug builds only (see the project file).
/// </summary>
public sealed class DevelopmentStandIns(IOptions<SimulationOptions> options, ILogger<DevelopmentStandIns> logger,
    IHostApplicationLifetime lifetime) : IHostedService
{
    private WireMockServer? _supplier;
    private WireMockServer? _tenant;

    public Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.CompletedTask;
        var simulator = new SimulatorOptions
        {
            Port = o.SupplierPort, Host = o.Host, GatewayUrl = o.GatewayUrl, DefaultKciDelaySeconds = o.DefaultKciDelaySeconds,
            MaxRequestLogCount = o.MaxRequestLogCount,
            PortHint = "Stop what uses it, or set Simulator:SupplierPort and SUPPLIER1's BaseUrl and TokenUrl to another.",
        };
        if (!string.IsNullOrEmpty(o.MappingsFolder)) simulator.MappingsFolder = o.MappingsFolder;
        try
        {
            _supplier = SupplierSimulator.SupplierSimulator.Start(simulator);
            _tenant = TenantStandIn.Start(o.TenantPort, o.MaxRequestLogCount);
        }
        catch (Exception e) when (e is PortInUseException or BadMappingException)
        {
            // One line that says what to change, then a clean stop with a failing exit code: no stack trace.
            logger.LogCritical("{Problem} Or run without the stand-ins: Simulator__Enabled=false.", e.Message);
            Environment.ExitCode = 3;
            _supplier?.Stop();
            // Stopping now would cancel Kestrel's own start (an unhandled exception): stop once started.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
            return Task.CompletedTask;
        }
        logger.LogInformation("Simulated SUPPLIER1 on {Supplier} ({Count} mappings); TENANT1's KCIs recorded at {Tenant}/__admin/requests",
            _supplier.Url, _supplier.Mappings.Count(m => !m.IsAdminInterface), _tenant.Url);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _supplier?.Stop();
        _tenant?.Stop();
        return Task.CompletedTask;
    }
}
