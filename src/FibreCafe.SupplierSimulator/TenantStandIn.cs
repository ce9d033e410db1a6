using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// A tenant's Tenant Updates API that takes every KCI (204) and remembers it: read them with
/// GET {url}/__admin/requests (WireMock's admin API).
/// </summary>
public static class TenantStandIn
{
    public static WireMockServer Start(int port)
    {
        var server = WireMockServer.Start(new WireMockServerSettings { Port = port == 0 ? null : port, StartAdminInterface = true });
        server.Given(Request.Create().WithPath("/kcis").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        return server;
    }
}
