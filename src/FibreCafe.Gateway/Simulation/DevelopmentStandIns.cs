using FibreCafe.SupplierSimulator;
using Microsoft.Extensions.Options;
using WireMock.Server;

namespace FibreCafe.Gateway.Simulation;

public sealed class SimulationOptions
{
    public const string Section = "Simulator";

    /// <summary>Start a simulated SUPPLIER1 and a TENANT1 stand-in with the gateway (Development only).</summary>
    public bool Enabled { get; set; }
    public int SupplierPort { get; set; } = 5081;
    public int TenantPort { get; set; } = 5082;
    public string GatewayUrl { get; set; } = "http://localhost:5080";
    public string? MappingsFolder { get; set; }
    public int DefaultKciDelaySeconds { get; set; } = 30;
}

/// <summary>
/// The whole journey with one command: in Development the gateway starts the supplier simulator
/// (the same mapping files QA uses) and a tenant stand-in that records the KCIs TENANT1 receives.
/// </summary>
public sealed class DevelopmentStandIns(IOptions<SimulationOptions> options, ILogger<DevelopmentStandIns> logger) : IHostedService
{
    private WireMockServer? _supplier;
    private WireMockServer? _tenant;

    public Task StartAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return Task.CompletedTask;
        var simulator = new SimulatorOptions
        {
            Port = o.SupplierPort, GatewayUrl = o.GatewayUrl, DefaultKciDelaySeconds = o.DefaultKciDelaySeconds,
        };
        if (!string.IsNullOrEmpty(o.MappingsFolder)) simulator.MappingsFolder = o.MappingsFolder;
        _supplier = SupplierSimulator.SupplierSimulator.Start(simulator);
        _tenant = TenantStandIn.Start(o.TenantPort);
        logger.LogInformation("Simulated SUPPLIER1 on {Supplier} ({Count} mappings); TENANT1's KCIs recorded at {Tenant}/__admin/requests",
            _supplier.Url, _supplier.Mappings.Count(), _tenant.Url);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _supplier?.Stop();
        _tenant?.Stop();
        return Task.CompletedTask;
    }
}
