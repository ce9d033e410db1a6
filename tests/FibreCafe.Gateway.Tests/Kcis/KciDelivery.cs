using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Kcis;

/// <summary>Delivery to a tenant that is sometimes down: in order, none missing, and visible when it cannot be done.</summary>
public sealed class KciDelivery : GatewayWithStandIns
{
    [Test]
    public async Task A_tenant_down_for_the_first_attempts_gets_every_KCI_in_sequence_order()
    {
        // The first three deliveries fail (three steps of the schedule: a 503 is not retried within the attempt), then the tenant is back.
        for (var i = 0; i < 3; i++)
        {
            var mapping = Tenant.Server.Given(Request.Create().WithPath(TenantStandIn.Path).UsingPost()).AtPriority(1).InScenario("outage");
            if (i > 0) mapping = mapping.WhenStateIs($"down {i}");
            mapping.WillSetStateTo($"down {i + 1}").RespondWith(Response.Create().WithStatusCode(503));
        }
        var problem = await Api.NewProblem();

        foreach (var (code, sequence) in new[] { ("IN_PROGRESS", 1), ("DELAY", 2), ("UPDATE", 3), ("RESOLVED", 4) })
            (await Api.SendKci(code, problem, sequence)).Dispose();

        var received = await TenantKcis(problem, 4);
        Assert.That(received.Select(k => (long)k["sequenceNumber"]!), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
        Assert.That(received.Select(k => (string?)k["information"]!["type"]), Is.EqualTo(new[] { "IN_PROGRESS", "DELAY", "UPDATE", "RESOLVED" }));
        Assert.That(received.Select(k => (string?)k["id"]).Distinct().Count(), Is.EqualTo(4));
        Assert.That(Tenant.Server.LogEntries.Count(e => e.ResponseMessage!.StatusCode is 503), Is.EqualTo(3), "the outage was real");
    }

    [Test]
    public async Task A_KCI_that_cannot_be_delivered_by_the_end_of_the_schedule_is_marked_undeliverable()
    {
        Tenant.Server.Given(Request.Create().WithPath(TenantStandIn.Path).UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(500));
        var problem = await Api.NewProblem();

        (await Api.SendKci("IN_PROGRESS", problem, 1)).Dispose();

        var update = await Eventually.Get(async () =>
        {
            using var read = await Api.Get($"/service-problems/{problem}");
            return (await read.Json())["updates"]!.Single();
        }, u => (string?)u["delivery"] != "PENDING");
        Assert.That((string?)update["delivery"], Is.EqualTo("UNDELIVERABLE"));
        var stored = (await Api.Store.GetTenantKcisAsync("TENANT1", problem, CancellationToken.None)).Single();
        Assert.That((stored.Attempts, stored.LastError), Is.EqualTo((4L, "the tenant answered 500")));
        Assert.That((await Api.Store.ListUndeliverableKcisAsync(CancellationToken.None)).Select(k => k.Id), Does.Contain(stored.Id));

        // The tenant is fixed; an operator sends it again.
        Tenant.Reset();
        var resent = await Api.Store.ResendKciAsync(stored.Id, CancellationToken.None);
        var delivered = await TenantKcis(problem, 1);

        Assert.That(resent, Is.EqualTo(FibreCafe.Gateway.Operations.ResendOutcome.Resent));
        Assert.That((string?)delivered.Single()["id"], Is.EqualTo(stored.Id));
    }
}
