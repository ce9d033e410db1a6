using System.Net;

namespace FibreCafe.Gateway.Tests.Kcis;

public sealed class TenantReads
{
    private static GatewayClient Api => SharedGateway.Client;

    [Test]
    public async Task Another_tenants_problem_and_cancellation_are_NOT_FOUND()
    {
        var theirs = await Api.NewProblem(tenant: "TENANT2");
        using var created = await Api.Cancel(theirs, tenant: "TENANT2");
        var id = await GatewayClient.CreatedId(created);

        using var problem = await Api.Get($"/service-problems/{theirs}");
        using var cancellation = await Api.Get($"/service-problem-cancellations/{id}");

        Assert.That((problem.StatusCode, cancellation.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That(((await problem.Error()).Code, (await cancellation.Error()).Code), Is.EqualTo(("NOT_FOUND", "NOT_FOUND")));
    }

    [Test]
    public async Task A_cancellation_reads_back_as_the_201_plus_its_times_and_messages()
    {
        var problem = await Api.NewProblem();
        using var created = await Api.Cancel(problem, "ISSUE_RESOLVED", "fixed itself");
        var first = await created.Json();

        using var read = await Api.Get($"/service-problem-cancellations/{(long)first["id"]!}");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await read.Json();
        Assert.Multiple(() =>
        {
            foreach (var field in new[] { "id", "serviceProblemId", "reasonCode", "text" })
                Assert.That(body[field]!.ToString(), Is.EqualTo(first[field]!.ToString()), field);
            Assert.That(body["created"], Is.Not.Null);
            Assert.That(body["updated"], Is.Not.Null);
            Assert.That(body["messages"], Is.Not.Null);
        });
    }

    [TestCase("abc")]
    [TestCase("12.5")]
    [TestCase("99999999999999999999")]
    public async Task An_id_that_is_not_a_whole_number_is_MALFORMED(string id)
    {
        using var response = await Api.Get($"/service-problems/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Error()).Messages, Does.Contain("id: must be a whole number within the int64 range"));
    }
}
