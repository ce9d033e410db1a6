namespace FibreCafe.SupplierSimulator;

/// <summary>How a simulated supplier runs: where its behaviour lives and whom it sends KCIs to.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Folder of WireMock mapping files (JSON); changes are picked up while running.</summary>
    public string MappingsFolder { get; set; } = Path.Combine(AppContext.BaseDirectory, "supplier-mappings");

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; } = 5081;

    /// <summary>The address it listens on: loopback unless QA asks for more (e.g. 0.0.0.0 for another machine).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The gateway that receives the simulator's KCIs (POST {GatewayUrl}/kcis) and issues its token.</summary>
    public string GatewayUrl { get; set; } = "http://localhost:5080";

    public string ClientId { get; set; } = "SUPPLIER1";
    public string ClientSecret { get; set; } = "supplier1-secret";

    /// <summary>Seconds before the follow-up KCI of CANCELLATION_PENDING, when the request has no X-Kci-Delay.</summary>
    public int DefaultKciDelaySeconds { get; set; } = 30;

    /// <summary>
    /// Record mode: pass every request on to this real supplier and save each exchange, made
    /// replayable, into <see cref="MappingsFolder"/>. Null serves the mapping files instead.
    /// </summary>
    public string? RecordFrom { get; set; }

    /// <summary>
    /// How many requests GET /__admin/requests keeps (the oldest go first): enough to read a
    /// journey, bounded so a long session or a load run does not grow without end.
    /// </summary>
    public int MaxRequestLogCount { get; set; } = 1000;

    /// <summary>What to say after "port N is already in use": how the one who started it picks another.</summary>
    public string PortHint { get; set; } = "Give it another with --port (the Development gateway's own simulated SUPPLIER1 uses 5081).";

    /// <summary>Where WireMock reports what it matched and what its webhooks did; the console for QA's own process.</summary>
    public WireMock.Logging.IWireMockLogger? Logger { get; set; }
}
