using System.Net;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.ServiceProblems;
using Newtonsoft.Json.Linq;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Dispatch;

/// <summary>Each answer a supplier can give, through the real dispatcher, ends in the state the table of issue [C] gives.</summary>
public sealed class SupplierOutcomes
{
    private SupplierStandIn _supplier = null!;
    private GatewayFactory _factory = null!;
    private GatewayClient _api = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _supplier = new SupplierStandIn();
        _factory = new GatewayFactory(_supplier.GatewaySettings());
        _api = new GatewayClient(_factory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _factory.Dispose();
        _supplier.Dispose();
    }

    [SetUp]
    public void ResetSupplier() => _supplier.Reset();

    private static IResponseBuilder Json(int status, object body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JObject.FromObject(body).ToString());

    private static IResponseBuilder Error(int status, params string[] messages) =>
        Json(status, new { uuid = Guid.NewGuid().ToString(), code = "INVALID_REQUEST", messages });

    /// <summary>Cancels a fresh IN_PROGRESS problem and waits for the dispatcher to finish with it.</summary>
    private async Task<(Cancellation Cancellation, ServiceProblem Problem)> CancelAndWait()
    {
        var problem = await _api.NewProblem(ServiceProblemStatus.InProgress);
        using var response = await _api.Cancel(problem, text: "no longer needed");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = (long)(await response.Json())["id"]!;
        var cancellation = await Eventually.Get(() => _api.Store.GetCancellationAsync("TENANT1", id, CancellationToken.None),
            c => c!.Status != CancellationStatus.ReceivedByGateway);
        var after = await _api.Store.GetServiceProblemAsync("TENANT1", problem, CancellationToken.None);
        return (cancellation!, after!);
    }

    [Test]
    public async Task A_201_completes_the_cancellation_keeps_the_supplier_reference_and_cancels_the_problem()
    {
        _supplier.AnswerCancellations(Json(201, new
        {
            id = 1, serviceProblemId = 1, supplierServiceProblemReference = "SK_PRO1", reasonCode = "OTHER", supplierReference = "SUPCAN-77",
        }), priority: 1);

        var (cancellation, problem) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.SupplierReference, cancellation.ErrorCode), Is.EqualTo(("COMPLETED", "SUPCAN-77", (string?)null)));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.Cancelled));
    }

    [Test]
    public async Task A_202_leaves_the_cancellation_pending_and_the_problem_pending_cancellation()
    {
        var (cancellation, problem) = await CancelAndWait();

        Assert.That(cancellation.Status, Is.EqualTo("PENDING"));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.PendingCancellation));
    }

    [Test]
    public async Task A_422_rejects_with_the_suppliers_messages_and_puts_the_problem_back()
    {
        _supplier.AnswerCancellations(Error(422, "engineer already on site"), priority: 1);

        var (cancellation, problem) = await CancelAndWait();

        Assert.That(cancellation.Status, Is.EqualTo("REJECTED"));
        Assert.That(cancellation.OutcomeMessages(), Is.EqualTo(new[] { "engineer already on site" }));
        Assert.That((problem.Status, problem.PreviousStatus), Is.EqualTo((ServiceProblemStatus.InProgress, (string?)null)));
    }

    [Test]
    public async Task A_400_fails_to_send_as_a_gateway_fault_without_a_retry()
    {
        _supplier.AnswerCancellations(Error(400, "text: too long"), priority: 1);

        var (cancellation, problem) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "GATEWAY_FAULT")));
        Assert.That(cancellation.OutcomeMessages(), Does.Contain("text: too long"));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
        Assert.That(_supplier.Cancellations(cancellation.Id), Has.Count.EqualTo(1));
    }

    [TestCase(401)]
    [TestCase(403)]
    public async Task Not_being_authorised_fails_to_send_as_a_supplier_fault_without_a_retry(int status)
    {
        _supplier.AnswerCancellations(Error(status, "bad token"), priority: 1);

        var (cancellation, problem) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT")));
        Assert.That(cancellation.OutcomeMessages()[0], Does.Contain("not authorised"));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
        Assert.That(_supplier.Cancellations(cancellation.Id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_supplier_that_keeps_failing_with_500_fails_to_send_as_a_supplier_fault_once_the_budget_is_spent()
    {
        _supplier.AnswerCancellations(Error(500, "database down"), priority: 1);

        var (cancellation, problem) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT")));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
        Assert.That(_supplier.Cancellations(cancellation.Id), Has.Count.EqualTo(3), "MaxAttempts is 3");
    }

    [Test]
    public async Task A_501_fails_to_send_as_a_supplier_fault_without_a_retry()
    {
        _supplier.AnswerCancellations(Error(501, "not here"), priority: 1);

        var (cancellation, _) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT")));
        Assert.That(_supplier.Cancellations(cancellation.Id), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_201_with_an_unreadable_body_fails_to_send_as_a_supplier_fault()
    {
        _supplier.AnswerCancellations(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("{not json"), priority: 1);

        var (cancellation, _) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT")));
        Assert.That(cancellation.OutcomeMessages()[0], Does.Contain("could not be read"));
    }

    [Test]
    public async Task A_supplier_that_never_answers_ends_SUPPLIER_TIMED_OUT_within_the_configured_budget()
    {
        _supplier.AnswerCancellations(Response.Create().WithStatusCode(201).WithDelay(TimeSpan.FromSeconds(2)), priority: 1); // far beyond the 0.5 s attempt timeout
        // Budget: 3 attempts of 0.5 s and at most 2 backoffs of 0.2 s = 1.9 s; the margin is for a busy machine.
        var budget = TimeSpan.FromSeconds(1.9) + TimeSpan.FromSeconds(5);
        var started = DateTime.UtcNow;

        var (cancellation, problem) = await CancelAndWait();

        Assert.That((cancellation.Status, cancellation.ErrorCode), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_TIMED_OUT")));
        Assert.That(cancellation.OutcomeMessages()[0], Does.Contain("did not receive a timely response"));
        Assert.That(problem.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
        Assert.That(cancellation.Updated - cancellation.Created, Is.LessThan(budget));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(budget + TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Two_503s_then_a_201_complete_after_exactly_three_attempts_with_one_X_Request_ID()
    {
        _supplier.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(SupplierStandIn.Path).UsingPost())
            .AtPriority(1).InScenario("flaky").WillSetStateTo("failed once").RespondWith(Response.Create().WithStatusCode(503));
        _supplier.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(SupplierStandIn.Path).UsingPost())
            .AtPriority(1).InScenario("flaky").WhenStateIs("failed once").WillSetStateTo("failed twice").RespondWith(Response.Create().WithStatusCode(503));
        _supplier.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(SupplierStandIn.Path).UsingPost())
            .AtPriority(1).InScenario("flaky").WhenStateIs("failed twice").RespondWith(Json(201, new
            {
                id = 1, serviceProblemId = 1, supplierServiceProblemReference = "SK_PRO1", reasonCode = "OTHER",
            }));

        var (cancellation, _) = await CancelAndWait();

        Assert.That(cancellation.Status, Is.EqualTo("COMPLETED"));
        var received = _supplier.Cancellations(cancellation.Id);
        Assert.That(received, Has.Count.EqualTo(3));
        Assert.That(received.Select(r => r.Headers["X-Request-ID"]).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_real_supplier_never_sees_a_verification_scenario()
    {
        var problem = await _api.NewProblem();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new StringContent(GatewayClient.CancelBody(problem), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", await _api.TokenFor("TENANT1"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "c");
        request.Headers.Add("X-Scenario", "CANCELLATION_REJECTED");
        request.Headers.Add("X-Kci-Delay", "5");
        using var response = await _api.Http.SendAsync(request);

        var id = await GatewayClient.CreatedId(response);
        var received = await Eventually.Get(() => Task.FromResult(_supplier.Cancellations(id)), r => r.Count > 0);

        Assert.That(received.Single().Headers.Keys, Has.None.EqualTo("X-Scenario").And.None.EqualTo("X-Kci-Delay"));
    }

    [Test]
    public async Task The_supplier_gets_the_contract_body_the_tenants_conversation_id_the_tenant_and_a_bearer_token()
    {
        var (cancellation, _) = await CancelAndWait();

        var (body, headers) = _supplier.Cancellations(cancellation.Id).Single();
        var problem = cancellation.ServiceProblemId;
        Assert.Multiple(() =>
        {
            Assert.That((long)body["id"]!, Is.EqualTo(cancellation.Id));
            Assert.That((long)body["serviceProblemId"]!, Is.EqualTo(problem));
            Assert.That((string?)body["supplierServiceProblemReference"], Is.EqualTo($"SK_PRO{problem:D9}"));
            Assert.That((string?)body["reasonCode"], Is.EqualTo("NO_LONGER_REQUIRED"));
            Assert.That((string?)body["text"], Is.EqualTo("no longer needed"));
            Assert.That(headers["X-Conversation-ID"], Is.EqualTo("conv-tests"));
            Assert.That(headers["Tenant"], Is.EqualTo("TENANT1"));
            Assert.That(headers["Authorization"], Is.EqualTo("Bearer " + SupplierStandIn.Token));
        });
    }
}
