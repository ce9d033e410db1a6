using Newtonsoft.Json.Linq;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>A tenant's Tenant Updates API on WireMock.Net: takes KCIs at POST /kcis (204 unless a test says otherwise).</summary>
public sealed class TenantStandIn : IDisposable
{
    public const string Path = "/kcis";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public TenantStandIn() => Reset();

    /// <summary>TENANT1's KCIs come here, with a delivery schedule of a few quick steps.</summary>
    public Dictionary<string, string?> GatewaySettings() => new()
    {
        ["Tenants:TENANT1:KciUrl"] = Server.Url,
        ["Tenants:TENANT1:AttemptTimeout"] = "00:00:01",
        ["Kcis:Schedule:0"] = "00:00:00",
        ["Kcis:Schedule:1"] = "00:00:00.100",
        ["Kcis:Schedule:2"] = "00:00:00.100",
        ["Kcis:Schedule:3"] = "00:00:00.100",
        ["Kcis:PollInterval"] = "00:00:00.200",
        ["Kcis:LeaseDuration"] = "00:00:05",
    };

    public void Reset()
    {
        Server.Reset();
        Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(204));
    }

    /// <summary>The KCIs the tenant accepted (2xx), in the order they arrived, with their headers.</summary>
    public IReadOnlyList<(JObject Body, IDictionary<string, string> Headers)> Received() =>
        [.. Server.LogEntries
            .Where(e => e.RequestMessage!.Path == Path && e.ResponseMessage!.StatusCode is int status && status is >= 200 and < 300)
            .OrderBy(e => e.RequestMessage!.DateTime)
            .Select(e => (JObject.Parse(e.RequestMessage!.Body!),
                (IDictionary<string, string>)e.RequestMessage.Headers!.ToDictionary(h => h.Key, h => string.Join(",", h.Value!), StringComparer.OrdinalIgnoreCase)))];

    /// <summary>The KCIs about one problem that the tenant accepted.</summary>
    public IReadOnlyList<JObject> ReceivedFor(long problem) =>
        [.. Received().Select(r => r.Body).Where(b => (long)b["entity"]!["id"]! == problem)];

    public void Dispose() => Server.Stop();
}
