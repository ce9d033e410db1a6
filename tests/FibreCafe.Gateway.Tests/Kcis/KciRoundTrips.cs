using System.Net;
using FibreCafe.Gateway.ServiceProblems;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Kcis;

/// <summary>Tenant → gateway → supplier → KCI → gateway → tenant, over real HTTP.</summary>
public sealed class KciRoundTrips : GatewayWithStandIns
{
    [Test]
    public async Task A_pending_cancellation_confirmed_by_a_supplier_KCI_ends_completed_and_the_tenant_hears_of_it()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.InProgress);
        using var created = await Api.Cancel(GatewayClient.CancelBody(problem), requestId: "round-trip-1", conversationId: "tenant-conv-42");
        var id = await GatewayClient.CreatedId(created);
        await Api.WaitForCancellation(id, c => c.Status == "PENDING");

        using var kci = await Api.SendKci("CANCELLED", problem, sequenceNumber: 7, cancellationId: id, text: "done at the exchange");

        Assert.That(kci.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var cancellation = await Api.Get($"/service-problem-cancellations/{id}");
        using var read = await Api.Get($"/service-problems/{problem}");
        Assert.That((string?)(await cancellation.Json())["status"], Is.EqualTo("COMPLETED"));
        var problemBody = await read.Json();
        Assert.That((string?)problemBody["status"], Is.EqualTo("CANCELLED"));
        Assert.That(problemBody["updates"]!.Select(u => (string?)u["type"]), Is.EqualTo(new[] { "CANCELLATION_PENDING", "CANCELLED" }));

        var received = await TenantKcis(problem, 2);
        var cancelled = received.Single(k => (string?)k["information"]!["type"] == "CANCELLED");
        var pending = received.Single(k => (string?)k["information"]!["type"] == "CANCELLATION_PENDING");
        Assert.Multiple(() =>
        {
            Assert.That((string?)cancelled["updateType"], Is.EqualTo("INFORMATIONAL"));
            Assert.That((long)cancelled["sequenceNumber"]!, Is.EqualTo((long)pending["sequenceNumber"]! + 1));
            Assert.That((string?)cancelled["supplier"], Is.EqualTo("SUPPLIER1"));
            Assert.That((string?)cancelled["entityType"], Is.EqualTo("SERVICE_PROBLEM"));
            Assert.That((string?)cancelled["entity"]!["status"], Is.EqualTo("CANCELLED"));
            Assert.That(cancelled["receivedOn"], Is.Not.Null, "it came from the supplier");
            Assert.That(cancelled["deliveredOn"], Is.Not.Null);
            Assert.That(pending["receivedOn"], Is.Null, "the gateway raised it");
        });
        var headers = Tenant.Received().Where(r => (long)r.Body["entity"]!["id"]! == problem).Select(r => r.Headers).ToList();
        Assert.That(headers.Select(h => h["X-Conversation-ID"]), Is.All.EqualTo("tenant-conv-42"));
        Assert.That(headers.Select(h => h["X-Request-ID"]).Distinct().Count(), Is.EqualTo(headers.Count), "a new X-Request-ID per delivery");
    }

    [Test]
    public async Task A_cancellation_the_supplier_rejects_later_is_REJECTED_and_the_tenant_is_asked_to_RESUBMIT()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.Acknowledged);
        using var created = await Api.Cancel(problem);
        var id = await GatewayClient.CreatedId(created);
        await Api.WaitForCancellation(id, c => c.Status == "PENDING");

        using var kci = await Api.SendKci("CANCELLATION_REJECTED", problem, 1, cancellationId: id, text: "an engineer is already on site");

        Assert.That(kci.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var read = await Api.Get($"/service-problem-cancellations/{id}");
        var body = await read.Json();
        Assert.That((string?)body["status"], Is.EqualTo("REJECTED"));
        Assert.That(body["messages"]!.Values<string>(), Is.EqualTo(new[] { "an engineer is already on site" }));
        var stored = await Api.Store.GetServiceProblemAsync("TENANT1", problem, CancellationToken.None);
        Assert.That(stored!.Status, Is.EqualTo(ServiceProblemStatus.Acknowledged));
        var resubmit = (await TenantKcis(problem, 2)).Last();
        Assert.That(((string?)resubmit["updateType"], (string?)resubmit["information"]!["type"], (string?)resubmit["notes"]),
            Is.EqualTo(("ACTION_REQUIRED", "RESUBMIT", "an engineer is already on site")));
    }

    [Test]
    public async Task A_supplier_that_rejects_at_once_gives_the_tenant_a_RESUBMIT_with_its_reasons()
    {
        Supplier.AnswerCancellations(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json")
            .WithBody("""{"uuid":"u","code":"INVALID_REQUEST","messages":["outside the cancellation window"]}"""), priority: 1);
        var problem = await Api.NewProblem();

        using var created = await Api.Cancel(problem);
        await GatewayClient.CreatedId(created);

        var kci = (await TenantKcis(problem, 1)).Single();
        Assert.That(((string?)kci["updateType"], (string?)kci["information"]!["type"], (string?)kci["notes"]),
            Is.EqualTo(("ACTION_REQUIRED", "RESUBMIT", "outside the cancellation window")));
        Assert.That((string?)kci["entity"]!["cancellation"]!["status"], Is.EqualTo("REJECTED"));
    }

    [Test]
    public async Task A_supplier_that_cannot_be_reached_gives_the_tenant_an_ERROR_FAILED_TO_SEND_with_the_error()
    {
        Supplier.AnswerCancellations(Response.Create().WithStatusCode(503), priority: 1);
        var problem = await Api.NewProblem();

        using var created = await Api.Cancel(problem);
        var id = await GatewayClient.CreatedId(created);

        var kci = (await TenantKcis(problem, 1)).Single();
        Assert.That(((string?)kci["updateType"], (string?)kci["information"]!["type"]), Is.EqualTo(("ERROR", "FAILED_TO_SEND")));
        Assert.That((string?)kci["error"]!["code"], Is.EqualTo("SUPPLIER_FAULT"));
        Assert.That(Guid.TryParse((string?)kci["error"]!["uuid"], out _), Is.True);
        Assert.That(kci["error"]!["messages"]!.Values<string>().First(), Does.Contain("kept failing (503)"));
        using var read = await Api.Get($"/service-problem-cancellations/{id}");
        Assert.That((string?)(await read.Json())["error"], Is.EqualTo("SUPPLIER_FAULT"));
    }
}
