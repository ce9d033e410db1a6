using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// A tenant's Tenant Updates API that takes every KCI (204) and remembers the last ones: read
/// them with GET {url}/__admin/requests (WireMock's admin API). Loopback only.
/// </summary>
public static class TenantStandIn
{
    public static WireMockServer Start(int port, int maxRequestLogCount = 1000)
    {
        var actual = port == 0 ? Ports.Free() : port;
        var server = SupplierSimulator.StartServer(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{actual}"],
            StartAdminInterface = true,
            MaxRequestLogCount = maxRequestLogCount,
        }, "the TENANT1 stand-in", actual, "Stop what uses it, or set Simulator:TenantPort and Tenants:TENANT1:KciUrl to another.");
        server.Given(Request.Create().WithPath("/kcis").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        return server;
    }
}
