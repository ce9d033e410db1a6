namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>
/// A fixture base: one gateway per test class, wired to its own supplier and tenant stand-ins
/// (both reset before each test), with budgets and schedules small enough for tests.
/// </summary>
public abstract class GatewayWithStandIns
{
    protected SupplierStandIn Supplier { get; private set; } = null!;
    protected TenantStandIn Tenant { get; private set; } = null!;
    protected GatewayFactory Factory { get; private set; } = null!;
    protected GatewayClient Api { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartGateway()
    {
        Supplier = new SupplierStandIn();
        Tenant = new TenantStandIn();
        var settings = Supplier.GatewaySettings();
        foreach (var (key, value) in Tenant.GatewaySettings()) settings[key] = value;
        Factory = new GatewayFactory(settings);
        Api = new GatewayClient(Factory);
    }

    [OneTimeTearDown]
    public void StopGateway()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        Supplier.Dispose();
        Tenant.Dispose();
    }

    [SetUp]
    public void ResetStandIns()
    {
        Supplier.Reset();
        Tenant.Reset();
    }

    /// <summary>Waits until the tenant has accepted <paramref name="count"/> KCIs about the problem.</summary>
    protected Task<IReadOnlyList<Newtonsoft.Json.Linq.JObject>> TenantKcis(long problem, int count) =>
        Eventually.Get(() => Task.FromResult(Tenant.ReceivedFor(problem)), k => k.Count >= count);
}
