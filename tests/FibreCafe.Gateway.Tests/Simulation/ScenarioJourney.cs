using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Gateway.ServiceProblems;
using TenantStandIn = FibreCafe.Gateway.Tests.Infrastructure.TenantStandIn;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>
/// One gateway (with its own tenant stand-in) whose SUPPLIER1 is a given URL, cancelling one
/// problem per X-Scenario. Problem ids and references are the same in every journey, so a
/// recording made in one replays in another.
/// </summary>
public sealed class ScenarioJourney : IDisposable
{
    public static readonly string[] AllScenarios =
    [
        "CANCELLATION_ACCEPTED", "CANCELLATION_REJECTED", "CANCELLATION_PENDING", "SUPPLIER_FLAKY",
        "SUPPLIER_UNAVAILABLE", "SUPPLIER_TIMEOUT", "SUPPLIER_MALFORMED", "SUPPLIER_DISCONNECT",
    ];

    private readonly TenantStandIn _tenant = new();

    public ScenarioJourney(string supplierUrl) : this(new Dictionary<string, string?>
    {
        ["Suppliers:SUPPLIER1:BaseUrl"] = supplierUrl, ["Suppliers:SUPPLIER1:TokenUrl"] = supplierUrl.TrimEnd('/') + "/oauth/token",
    })
    {
    }

    /// <param name="extra">Settings over the journey's own (a guide command's environment, for one).</param>
    /// <param name="port">The gateway's port when others must know it first; 0 lets Kestrel pick.</param>
    public ScenarioJourney(Dictionary<string, string?> extra, int port = 0)
    {
        var settings = new SupplierStandIn().GatewaySettings(maxAttempts: 3, attemptTimeout: "00:00:03");
        settings["Suppliers:SUPPLIER1:IsTestSupplier"] = "true";
        foreach (var (key, value) in _tenant.GatewaySettings()) settings[key] = value;
        foreach (var (key, value) in extra) settings[key] = value;
        Factory = new GatewayFactory(settings, port: port);
        Api = new GatewayClient(Factory);
    }

    public GatewayFactory Factory { get; }
    public GatewayClient Api { get; }
    public string GatewayUrl => Api.Http.BaseAddress!.ToString().TrimEnd('/');

    public static long ProblemFor(string scenario) => 7_100_001 + Array.IndexOf(AllScenarios, scenario);

    /// <summary>Every scenario at once; each one's final state, error code and the tenant's KCI types.</summary>
    public async Task<Dictionary<string, string>> RunAll(params string[] scenarios)
    {
        scenarios = scenarios.Length == 0 ? AllScenarios : scenarios;
        var now = DateTimeOffset.UtcNow;
        await Api.Store.AddServiceProblemsAsync([.. scenarios.Select(s => new ServiceProblem(ProblemFor(s), "TENANT1", "SUPPLIER1",
            $"SK_REC{ProblemFor(s):D9}", ServiceProblemStatus.InProgress, null, now, now))], CancellationToken.None);
        var outcomes = await Task.WhenAll(scenarios.Select(Run));
        return scenarios.Zip(outcomes).ToDictionary(p => p.First, p => p.Second);
    }

    public async Task<string> Run(string scenario)
    {
        var problem = ProblemFor(scenario);
        var id = await Cancel(problem, scenario);
        var cancellation = await Eventually.Get(() => Api.Store.GetCancellationAsync("TENANT1", id, CancellationToken.None),
            c => c!.Status is "COMPLETED" or "REJECTED" or "FAILED_TO_SEND", TimeSpan.FromSeconds(40));
        var kcis = await Eventually.Get(() => Task.FromResult(_tenant.ReceivedFor(problem)),
            k => k.Any(x => (string?)x["information"]!["type"] is "CANCELLED" or "RESUBMIT" or "FAILED_TO_SEND"), TimeSpan.FromSeconds(10));
        return $"{cancellation!.Status} {cancellation.ErrorCode} [{string.Join(", ", kcis.Select(k => (string?)k["information"]!["type"]))}]";
    }

    /// <summary>A tenant's cancellation with X-Scenario (and a 1 s KCI delay); returns the gateway's id.</summary>
    public async Task<long> Cancel(long problem, string scenario)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new StringContent(GatewayClient.CancelBody(problem), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenFor("TENANT1"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "journey-" + scenario);
        request.Headers.Add("X-Scenario", scenario);
        request.Headers.Add("X-Kci-Delay", "1");
        using var response = await Api.Http.SendAsync(request);
        return await GatewayClient.CreatedId(response);
    }

    public void Dispose()
    {
        Api.Http.Dispose();
        Factory.Dispose();
        _tenant.Dispose();
    }
}
