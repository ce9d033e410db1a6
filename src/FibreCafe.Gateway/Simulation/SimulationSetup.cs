using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Simulation;

public sealed class SimulationOptions
{
    public const string Section = "Simulator";

    /// <summary>Start a simulated SUPPLIER1 and a TENANT1 stand-in with the gateway (Development, Debug builds only).</summary>
    public bool Enabled { get; set; }
    public int SupplierPort { get; set; } = 5081;
    public int TenantPort { get; set; } = 5082;
    /// <summary>Where the stand-ins listen: loopback, so nothing off this machine reaches them or their admin API.</summary>
    public string Host { get; set; } = "127.0.0.1";
    public string GatewayUrl { get; set; } = "http://localhost:5080";
    public string? MappingsFolder { get; set; }
    public int DefaultKciDelaySeconds { get; set; } = 30;
    /// <summary>Requests each stand-in keeps for GET /__admin/requests; the oldest go first.</summary>
    public int MaxRequestLogCount { get; set; } = 1000;
}

public static class SimulationSetup
{
    public static IServiceCollection AddDevelopmentStandIns(this IServiceCollection services)
    {
        services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.Section);
#if SUPPLIER_SIMULATOR
        services.AddHostedService<DevelopmentStandIns>();
#else
        services.AddHostedService<NoStandIns>();
#endif
        return services;
    }
}

/// <summary>A Release build has no simulator: if one is asked for, say so once rather than send to nothing.</summary>
internal sealed class NoStandIns(IOptions<SimulationOptions> options, ILogger<NoStandIns> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        if (options.Value.Enabled)
            logger.LogWarning("Simulator:Enabled is true but this is a Release build, which carries no simulator; run a Debug build (dotnet run) or start src/FibreCafe.SupplierSimulator yourself");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
