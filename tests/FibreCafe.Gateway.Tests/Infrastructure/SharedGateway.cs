namespace FibreCafe.Gateway.Tests;

/// <summary>
/// In the root namespace so it covers every test. One gateway for the whole run (built once, like
/// the real one), sending to a supplier stand-in that answers 202; tests use fresh problem ids
/// instead of resets.
/// </summary>
[SetUpFixture]
public sealed class SharedGateway
{
    private static SupplierStandIn? _supplier;
    private static GatewayFactory? _factory;
    private static GatewayClient? _client;

    public static GatewayClient Client => _client ?? throw new InvalidOperationException("The gateway is not started");

    [OneTimeSetUp]
    public void Start()
    {
        _supplier = new SupplierStandIn();
        _factory = new GatewayFactory(_supplier.GatewaySettings());
        _client = new GatewayClient(_factory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _client?.Http.Dispose();
        _factory?.Dispose();
        _supplier?.Dispose();
    }
}
