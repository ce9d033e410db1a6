using Newtonsoft.Json.Linq;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>
/// A supplier on WireMock.Net (real HTTP on loopback): an OAuth2 token endpoint and the Supplier
/// API's cancellation operation, answering 202 unless a test says otherwise.
/// </summary>
public sealed class SupplierStandIn : IDisposable
{
    public const string Path = "/service-problem-cancellations";
    public const string Token = "supplier-token-for-the-gateway";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public SupplierStandIn() => Reset();

    public string Url => Server.Url!;

    /// <summary>Settings that point a gateway's SUPPLIER1 here, with a budget small enough for tests.</summary>
    public Dictionary<string, string?> GatewaySettings(int maxAttempts = 3, string attemptTimeout = "00:00:00.500") => new()
    {
        ["Suppliers:SUPPLIER1:BaseUrl"] = Url,
        ["Suppliers:SUPPLIER1:TokenUrl"] = Url + "/oauth/token",
        ["Suppliers:SUPPLIER1:ClientId"] = "fibre-cafe-gateway",
        ["Suppliers:SUPPLIER1:ClientSecret"] = "s3cret",
        // A stand-in for a real supplier: Development marks SUPPLIER1 as a test supplier, this does not.
        ["Suppliers:SUPPLIER1:IsTestSupplier"] = "false",
        ["Suppliers:SUPPLIER1:Resilience:AttemptTimeout"] = attemptTimeout,
        ["Suppliers:SUPPLIER1:Resilience:MaxAttempts"] = maxAttempts.ToString(),
        ["Suppliers:SUPPLIER1:Resilience:BaseDelay"] = "00:00:00.050",
        ["Suppliers:SUPPLIER1:Resilience:MaxDelay"] = "00:00:00.200",
        ["Suppliers:SUPPLIER1:Resilience:BreakerMinimumThroughput"] = "100000",
        // Short, so a dead holder's rows come back quickly; still longer than one attempt, as start-up demands.
        ["Dispatch:LeaseDuration"] = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(5).Ticks, (TimeSpan.Parse(attemptTimeout) * 2 + TimeSpan.FromSeconds(1)).Ticks)).ToString(),
        ["Dispatch:PollInterval"] = "00:00:00.200",
    };

    /// <summary>Back to: tokens issued, every cancellation answered 202, no requests seen.</summary>
    public void Reset()
    {
        Server.Reset();
        Server.Given(Request.Create().WithPath("/oauth/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(new JObject { ["access_token"] = Token, ["expires_in"] = 3600, ["token_type"] = "Bearer" }.ToString()));
        AnswerCancellations(Response.Create().WithStatusCode(202));
    }

    public void AnswerCancellations(IResponseBuilder response, int priority = 100) =>
        Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(priority).RespondWith(response);

    /// <summary>
    /// The cancellations the supplier received (all, or those with one gateway id), as their JSON
    /// bodies with their headers. WireMock logs a request when its answer is done, so a slow answer
    /// from an earlier test can appear late: count by id.
    /// </summary>
    public IReadOnlyList<(JObject Body, IDictionary<string, string> Headers)> Cancellations(long? id = null) =>
        [.. AllCancellations().Where(c => id is null || (long?)c.Body["id"] == id)];

    private IEnumerable<(JObject Body, IDictionary<string, string> Headers)> AllCancellations() =>
        [.. Server.LogEntries
            .Where(e => e.RequestMessage!.Path == Path)
            .Select(e => (JObject.Parse(e.RequestMessage!.Body!),
                (IDictionary<string, string>)e.RequestMessage.Headers!.ToDictionary(h => h.Key, h => string.Join(",", h.Value!), StringComparer.OrdinalIgnoreCase)))];

    public void Dispose() => Server.Stop();
}
