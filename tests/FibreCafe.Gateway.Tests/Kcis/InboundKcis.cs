using System.Net;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Kcis;

/// <summary>What a supplier may send to POST /kcis, and what it may not.</summary>
public sealed class InboundKcis : GatewayWithStandIns
{
    private async Task<string> ProblemStatus(long problem) =>
        (await Api.Store.GetServiceProblemAsync("TENANT1", problem, CancellationToken.None))!.Status;

    [Test]
    public async Task The_same_KCI_twice_is_answered_204_and_applied_once()
    {
        var problem = await Api.NewProblem();
        var id = Guid.NewGuid().ToString();

        using var first = await Api.SendKci("IN_PROGRESS", problem, 1, id: id);
        using var again = await Api.SendKci("IN_PROGRESS", problem, 1, id: id);

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent)));
        await TenantKcis(problem, 1);
        await Task.Delay(300);
        Assert.That(Tenant.ReceivedFor(problem), Has.Count.EqualTo(1));
        Assert.That(await ProblemStatus(problem), Is.EqualTo(ServiceProblemStatus.InProgress));
    }

    [Test]
    public async Task An_older_KCI_arriving_late_is_kept_but_never_moves_the_problem_back()
    {
        var problem = await Api.NewProblem();
        using var newer = await Api.SendKci("RESOLVED", problem, 5);

        using var older = await Api.SendKci("IN_PROGRESS", problem, 3);

        Assert.That((newer.StatusCode, older.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent)));
        Assert.That(await ProblemStatus(problem), Is.EqualTo(ServiceProblemStatus.Resolved));
        await TenantKcis(problem, 1);
        await Task.Delay(300);
        Assert.That(Tenant.ReceivedFor(problem).Select(k => (string?)k["information"]!["type"]), Is.EqualTo(new[] { "RESOLVED" }));
    }

    [Test]
    public async Task ACKNOWLEDGED_sets_the_supplier_reference_and_the_status()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.ReceivedByGateway, supplierReference: null);

        using var kci = await Api.SendKci("ACKNOWLEDGED", problem, 1, supplierReference: "SK_NEWREF01");

        Assert.That(kci.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var read = await Api.Get($"/service-problems/{problem}");
        var body = await read.Json();
        Assert.That(((string?)body["status"], (string?)body["supplierIdentifier"]), Is.EqualTo(("ACKNOWLEDGED", "SK_NEWREF01")));
    }

    [Test]
    public async Task A_lifecycle_KCI_while_a_cancellation_is_pending_is_what_a_rejection_goes_back_to()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.Acknowledged);
        using var created = await Api.Cancel(problem);
        var id = await GatewayClient.CreatedId(created);
        await Api.WaitForCancellation(id, c => c.Status == "PENDING");

        using var progress = await Api.SendKci("IN_PROGRESS", problem, 1);
        var during = await ProblemStatus(problem);
        using var rejected = await Api.SendKci("CANCELLATION_REJECTED", problem, 2, cancellationId: id);

        Assert.That(during, Is.EqualTo(ServiceProblemStatus.PendingCancellation));
        Assert.That(await ProblemStatus(problem), Is.EqualTo(ServiceProblemStatus.InProgress));
    }

    [Test]
    public async Task A_KCI_about_an_unknown_problem_is_NOT_FOUND()
    {
        using var response = await Api.SendKci("IN_PROGRESS", 999_999_999, 1);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That((error.Code, error.Messages[0]), Is.EqualTo(("NOT_FOUND", "serviceProblem.id: service problem 999999999 was not found")));
    }

    [Test]
    public async Task A_supplier_cannot_send_KCIs_about_another_suppliers_problem()
    {
        var theirs = await Api.NewProblem(supplier: "SUPPLIER2");

        using var response = await Api.SendKci("RESOLVED", theirs, 1);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.Error()).Code, Is.EqualTo("NOT_FOUND"));
        Assert.That(await ProblemStatus(theirs), Is.EqualTo(ServiceProblemStatus.Acknowledged));
    }

    [Test]
    public async Task A_cancellation_id_of_another_problem_is_INVALID_REQUEST()
    {
        var problem = await Api.NewProblem();
        var other = await Api.NewProblem();
        using var created = await Api.Cancel(other);
        var id = await GatewayClient.CreatedId(created);

        using var response = await Api.SendKci("CANCELLED", problem, 1, cancellationId: id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That((error.Code, error.Messages[0]),
            Is.EqualTo(("INVALID_REQUEST", $"serviceProblem.cancellationId: cancellation {id} is not a cancellation of service problem {problem}")));
    }

    [Test]
    public async Task CANCELLED_without_a_cancellation_id_is_INVALID_REQUEST()
    {
        using var response = await Api.SendKci("CANCELLED", await Api.NewProblem(), 1);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.Error()).Messages[0], Is.EqualTo("serviceProblem.cancellationId: is required with CANCELLED"));
    }

    [Test]
    public async Task A_KCI_whose_id_is_not_a_UUID_is_MALFORMED()
    {
        using var response = await Api.SendKci("UPDATE", await Api.NewProblem(), 1, id: "not-a-uuid");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Error()).Messages, Does.Contain("id: must be a UUID"));
    }

    [Test]
    public async Task A_tenant_token_cannot_send_KCIs()
    {
        using var response = await Api.SendKci("RESOLVED", await Api.NewProblem(), 1, client: "TENANT1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await response.Error()).Code, Is.EqualTo("NOT_AUTHORISED"));
    }

    [Test]
    public async Task A_supplier_token_cannot_read_the_Tenant_API()
    {
        var problem = await Api.NewProblem();

        using var response = await Api.Get($"/service-problems/{problem}", client: "SUPPLIER1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
