using System.Net;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Cancellations;

public sealed class AcceptingACancellation
{
    private static GatewayClient Api => SharedGateway.Client;

    [Test]
    public async Task An_acknowledged_problem_is_accepted_with_an_id_from_the_database()
    {
        var problem = await Api.NewProblem();

        using var response = await Api.Cancel(problem, "CUSTOMER_NETWORK_ISSUE", "Issue appears to have rectified itself.");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Json();
        var id = (long)body["id"]!;
        Assert.Multiple(() =>
        {
            Assert.That(id, Is.GreaterThanOrEqualTo(1));
            Assert.That((string?)body["status"], Is.EqualTo("RECEIVED_BY_GATEWAY"));
            Assert.That((long)body["serviceProblemId"]!, Is.EqualTo(problem));
            Assert.That((string?)body["reasonCode"], Is.EqualTo("CUSTOMER_NETWORK_ISSUE"));
            Assert.That((string?)body["text"], Is.EqualTo("Issue appears to have rectified itself."));
        });
        var stored = await Api.Store.GetCancellationAsync("TENANT1", id, CancellationToken.None);
        Assert.That(stored?.ServiceProblemId, Is.EqualTo(problem));
    }

    [Test]
    public async Task Accepting_moves_the_problem_to_pending_cancellation_and_remembers_where_it_was()
    {
        var problem = await Api.NewProblem(ServiceProblemStatus.InProgress);

        using var response = await Api.Cancel(problem);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var stored = await Api.Store.GetServiceProblemAsync("TENANT1", problem, CancellationToken.None);
        Assert.That(stored!.Status, Is.EqualTo(ServiceProblemStatus.PendingCancellation));
        Assert.That(stored.PreviousStatus, Is.EqualTo(ServiceProblemStatus.InProgress));
    }

    [Test]
    public async Task Text_is_optional_and_is_left_out_of_the_answer_when_not_given()
    {
        using var response = await Api.Cancel(await Api.NewProblem(), "ISSUE_RESOLVED");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.Json()).ContainsKey("text"), Is.False);
    }

    [Test]
    public async Task Text_of_exactly_1000_characters_is_accepted()
    {
        using var response = await Api.Cancel(await Api.NewProblem(), text: new string('x', 1000));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Both_correlation_headers_are_echoed_on_success_and_on_errors()
    {
        using var ok = await Api.Cancel(GatewayClient.CancelBody(await Api.NewProblem()), requestId: "echo-req-1", conversationId: "echo-conv-1");
        using var refused = await Api.Cancel(GatewayClient.CancelBody(0), requestId: "echo-req-2", conversationId: "echo-conv-2");

        Assert.Multiple(() =>
        {
            Assert.That(ok.Headers.GetValues("X-Request-ID"), Is.EqualTo(new[] { "echo-req-1" }));
            Assert.That(ok.Headers.GetValues("X-Conversation-ID"), Is.EqualTo(new[] { "echo-conv-1" }));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(refused.Headers.GetValues("X-Request-ID"), Is.EqualTo(new[] { "echo-req-2" }));
            Assert.That(refused.Headers.GetValues("X-Conversation-ID"), Is.EqualTo(new[] { "echo-conv-2" }));
        });
    }

    [Test]
    public async Task Twenty_concurrent_requests_for_one_problem_give_one_201_and_nineteen_422s()
    {
        var problem = await Api.NewProblem();
        await Api.TokenFor("TENANT1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Api.Cancel(problem)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(1), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.UnprocessableEntity), Is.EqualTo(19));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.UnprocessableEntity))
        {
            var error = await refused.Error();
            Assert.That(error.Messages[0], Does.Contain("already has a cancellation in progress"));
        }
        foreach (var r in responses) r.Dispose();
    }
}
