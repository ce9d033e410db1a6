using System.Net;

namespace FibreCafe.Gateway.Tests.Cancellations;

public sealed class KeyRetention
{
    [Test]
    public async Task A_key_older_than_the_configured_retention_may_be_used_for_a_new_request()
    {
        using var factory = new GatewayFactory(new() { ["Storage:IdempotencyKeyRetention"] = "00:00:00" });
        var api = new GatewayClient(factory);
        var key = Guid.NewGuid().ToString();
        using var first = await api.Cancel(await api.NewProblem(), requestId: key);

        using var second = await api.Cancel(await api.NewProblem(), requestId: key);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((long)(await second.Json())["id"]!, Is.GreaterThan((long)(await first.Json())["id"]!));
    }
}
