using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Gateway.ServiceProblems;
using FibreCafe.SupplierSimulator;
using WireMock.Server;
using TenantStandIn = FibreCafe.Gateway.Tests.Infrastructure.TenantStandIn;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>Each X-Scenario, through the gateway and the simulated supplier, ends as a tenant would expect.</summary>
public sealed class Scenarios
{
    // Stopped on a background task in [OneTimeTearDown]: SUPPLIER_TIMEOUT holds answers open for minutes.
#pragma warning disable NUnit1032
    private WireMockServer _simulator = null!;
#pragma warning restore NUnit1032
    private SimulatorOptions _options = null!;
    private TenantStandIn _tenant = null!;
    private GatewayFactory _factory = null!;
    private GatewayClient _api = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _options = new SimulatorOptions { MappingsFolder = SimulatorMappings.Folder, Port = 0, DefaultKciDelaySeconds = 1 };
        _simulator = SupplierSimulator.SupplierSimulator.Start(_options);
        _tenant = new TenantStandIn();
        var settings = new SupplierStandIn().GatewaySettings(maxAttempts: 3, attemptTimeout: "00:00:01");
        settings["Suppliers:SUPPLIER1:BaseUrl"] = _simulator.Url;
        settings["Suppliers:SUPPLIER1:TokenUrl"] = _simulator.Url + "/oauth/token";
        settings["Suppliers:SUPPLIER1:IsTestSupplier"] = "true";
        foreach (var (key, value) in _tenant.GatewaySettings()) settings[key] = value;
        _factory = new GatewayFactory(settings);
        _api = new GatewayClient(_factory);
        _options.GatewayUrl = _api.Http.BaseAddress!.ToString(); // the simulator's KCIs and token come from this gateway
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _factory.Dispose();
        _tenant.Dispose();
        _ = Task.Run(_simulator.Stop);
    }

    private async Task<(string Status, string? Error, IReadOnlyList<string?> TenantKcis)> Run(string scenario, Func<string, bool> done) =>
        (await RunFor(scenario, done)).Outcome;

    private async Task<((string Status, string? Error, IReadOnlyList<string?> TenantKcis) Outcome, FibreCafe.Gateway.Cancellations.Cancellation Cancellation)> RunFor(string scenario, Func<string, bool> done)
    {
        var problem = await _api.NewProblem(ServiceProblemStatus.InProgress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new StringContent(GatewayClient.CancelBody(problem), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api.TokenFor("TENANT1"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "scenario-" + scenario);
        request.Headers.Add("X-Scenario", scenario);
        request.Headers.Add("X-Kci-Delay", "1");
        using var response = await _api.Http.SendAsync(request);
        var id = await GatewayClient.CreatedId(response);
        var cancellation = await Eventually.Get(() => _api.Store.GetCancellationAsync("TENANT1", id, CancellationToken.None),
            c => done(c!.Status), TimeSpan.FromSeconds(30));
        var kcis = await Eventually.Get(() => Task.FromResult(_tenant.ReceivedFor(problem)),
            k => k.Any(x => (string?)x["information"]!["type"] is "CANCELLED" or "RESUBMIT" or "FAILED_TO_SEND"), TimeSpan.FromSeconds(10));
        return ((cancellation!.Status, cancellation.ErrorCode, [.. kcis.Select(k => (string?)k["information"]!["type"])]), cancellation);
    }

    private static bool Final(string status) => status is "COMPLETED" or "REJECTED" or "FAILED_TO_SEND";

    [Test]
    public async Task CANCELLATION_ACCEPTED_completes_at_once()
    {
        var (status, _, kcis) = await Run("CANCELLATION_ACCEPTED", Final);
        Assert.That((status, kcis.Last()), Is.EqualTo(("COMPLETED", "CANCELLED")));
    }

    [Test]
    public async Task CANCELLATION_REJECTED_is_rejected_and_the_tenant_asked_to_resubmit()
    {
        var (status, _, kcis) = await Run("CANCELLATION_REJECTED", Final);
        Assert.That((status, kcis.Last()), Is.EqualTo(("REJECTED", "RESUBMIT")));
    }

    [Test]
    public async Task CANCELLATION_PENDING_is_pending_then_completed_by_the_suppliers_KCI()
    {
        var (status, _, kcis) = await Run("CANCELLATION_PENDING", Final);
        Assert.That(status, Is.EqualTo("COMPLETED"));
        Assert.That(kcis, Is.EqualTo(new[] { "CANCELLATION_PENDING", "CANCELLED" }));
    }

    [Test]
    public async Task SUPPLIER_FLAKY_completes_after_two_503s()
    {
        var (status, _, _) = await Run("SUPPLIER_FLAKY", Final);
        Assert.That(status, Is.EqualTo("COMPLETED"));
    }

    [TestCase("SUPPLIER_UNAVAILABLE", "SUPPLIER_FAULT")]
    [TestCase("SUPPLIER_TIMEOUT", "SUPPLIER_TIMED_OUT")]
    [TestCase("SUPPLIER_MALFORMED", "SUPPLIER_FAULT")]
    [TestCase("SUPPLIER_DISCONNECT", "SUPPLIER_FAULT")]
    public async Task A_failing_supplier_ends_FAILED_TO_SEND_and_the_tenant_gets_the_ERROR(string scenario, string error)
    {
        var (status, code, kcis) = await Run(scenario, Final);
        Assert.That((status, code, kcis.Last()), Is.EqualTo(("FAILED_TO_SEND", error, "FAILED_TO_SEND")));
    }

    [Test]
    public async Task A_dropped_connection_is_retried_until_the_budget_is_spent()
    {
        var ((status, code, _), cancellation) = await RunFor("SUPPLIER_DISCONNECT", Final);

        Assert.That((status, code), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT")));
        Assert.That(cancellation.OutcomeMessages(), Has.Some.Contains("(3 attempt(s))"), "the gateway's whole budget of three attempts");
    }
}
