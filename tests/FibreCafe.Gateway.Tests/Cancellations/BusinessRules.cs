using System.Net;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Cancellations;

public sealed class BusinessRules
{
    private static GatewayClient Api => SharedGateway.Client;

    [Test]
    public async Task A_problem_that_does_not_exist_is_NOT_FOUND()
    {
        using var response = await Api.Cancel(987_654_321);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("NOT_FOUND"));
        Assert.That(error.Messages, Is.EqualTo(new[] { "serviceProblemId: service problem 987654321 was not found" }));
    }

    [Test]
    public async Task Another_tenants_problem_gets_the_same_answer_as_one_that_does_not_exist()
    {
        var theirs = await Api.NewProblem(tenant: "TENANT2");

        using var response = await Api.Cancel(theirs, tenant: "TENANT1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("NOT_FOUND"));
        Assert.That(error.Messages, Is.EqualTo(new[] { $"serviceProblemId: service problem {theirs} was not found" }));
        var untouched = await Api.Store.GetServiceProblemAsync("TENANT2", theirs, CancellationToken.None);
        Assert.That(untouched!.Status, Is.EqualTo(ServiceProblemStatus.Acknowledged));
    }

    [TestCase(ServiceProblemStatus.FailedToSend)]
    [TestCase(ServiceProblemStatus.Rejected)]
    [TestCase(ServiceProblemStatus.Cancelled)]
    [TestCase(ServiceProblemStatus.Resolved)]
    [TestCase(ServiceProblemStatus.Completed)]
    public async Task A_closed_problem_cannot_be_cancelled_and_the_answer_names_its_status(string status)
    {
        var problem = await Api.NewProblem(status);

        using var response = await Api.Cancel(problem);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages, Is.EqualTo(new[] { $"serviceProblemId: service problem {problem} is {status} and can no longer be cancelled" }));
    }

    [Test]
    public async Task A_problem_the_supplier_has_not_acknowledged_cannot_be_cancelled_yet()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.ReceivedByGateway, supplierReference: null);

        using var response = await Api.Cancel(problem);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages[0], Does.Contain($"service problem {problem} is not yet acknowledged by the supplier"));
    }

    [Test]
    public async Task A_problem_already_pending_cancellation_cannot_take_a_second_one()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.PendingCancellation);

        using var response = await Api.Cancel(problem);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages, Is.EqualTo(new[] { $"serviceProblemId: service problem {problem} already has a cancellation in progress" }));
    }

    [Test]
    public async Task The_second_cancellation_of_a_problem_is_refused_once_the_first_is_accepted()
    {
        var problem = await Api.NewProblem();
        using var first = await Api.Cancel(problem);

        using var second = await Api.Cancel(problem);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }
}
