using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Lifecycle;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.ServiceProblems;
using static FibreCafe.Gateway.Tests.Lifecycle.LifecycleFacts;

namespace FibreCafe.Gateway.Tests.Lifecycle;

/// <summary>Whether a service problem can take a cancellation, for every status it can be in; and an operator's resend.</summary>
public sealed class CreatingAndResending
{
    private static readonly string[] Closed = ["FAILED_TO_SEND", "REJECTED", "CANCELLED", "RESOLVED", "COMPLETED"];

    [TestCaseSource(typeof(LifecycleFacts), nameof(ProblemStatuses))]
    public void An_acknowledged_problem_takes_a_cancellation_unless_it_is_closed_or_already_pending_cancellation(string status)
    {
        var refusal = CancellationLifecycle.Refusal(Problem(status), Tenant);

        var expected = Closed.Contains(status) ? CreateCancellationOutcome.ProblemClosed
            : status == "PENDING_CANCELLATION" ? CreateCancellationOutcome.ProblemAlreadyPendingCancellation
            : (CreateCancellationOutcome?)null;
        Assert.That(refusal, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(LifecycleFacts), nameof(ProblemStatuses))]
    public void An_open_problem_without_the_suppliers_reference_is_not_yet_acknowledged(string status)
    {
        var refusal = CancellationLifecycle.Refusal(Problem(status, reference: null), Tenant);

        if (!Closed.Contains(status) && status != "PENDING_CANCELLATION")
            Assert.That(refusal, Is.EqualTo(CreateCancellationOutcome.ProblemNotAcknowledged));
    }

    [Test]
    public void A_missing_problem_and_another_tenants_problem_are_both_not_found()
    {
        Assert.That(CancellationLifecycle.Refusal(null, Tenant), Is.EqualTo(CreateCancellationOutcome.ProblemNotFound));
        Assert.That(CancellationLifecycle.Refusal(Problem("ACKNOWLEDGED"), "TENANT2"), Is.EqualTo(CreateCancellationOutcome.ProblemNotFound));
    }

    [Test]
    public void A_taken_cancellation_moves_the_problem_to_pending_cancellation_remembering_where_it_was()
    {
        var transition = CancellationLifecycle.Accepted(Problem("IN_PROGRESS"));

        Assert.That(CancellationLifecycle.NewCancellationStatus, Is.EqualTo("RECEIVED_BY_GATEWAY"));
        Assert.That(transition, Is.EqualTo(new Transition(7, new ProblemChange("PENDING_CANCELLATION", "IN_PROGRESS", "SK_REF00001"))));
    }

    [TestCaseSource(typeof(LifecycleFacts), nameof(CancellationStatuses))]
    public void Only_a_cancellation_that_failed_to_send_is_resent(string status)
    {
        var (outcome, transition) = CancellationLifecycle.Resend(Cancellation(status, """["down"]"""), Problem("IN_PROGRESS"));

        if (status != "FAILED_TO_SEND")
        {
            Assert.That((outcome, transition), Is.EqualTo((ResendOutcome.NotFailed, (Transition?)null)));
            return;
        }
        Assert.That(outcome, Is.EqualTo(ResendOutcome.Resent));
        Assert.That(transition!.Problem, Is.EqualTo(new ProblemChange("PENDING_CANCELLATION", "IN_PROGRESS", "SK_REF00001")));
        Assert.That(transition.Cancellation, Is.EqualTo(transition.Cancellation! with { Id = 42, Status = "RECEIVED_BY_GATEWAY", ErrorCode = null }));
        Assert.That((transition.Cancellation.Messages, transition.Cancellation.EventMessages), Is.EqualTo((Array.Empty<string>(), new[] { "resent by an operator" })));
        Assert.That(transition.TenantKci, Is.Null);
    }

    [TestCaseSource(typeof(LifecycleFacts), nameof(ProblemStatuses))]
    public void A_failed_cancellation_is_resent_only_while_its_problem_could_take_a_new_one(string status)
    {
        var (outcome, _) = CancellationLifecycle.Resend(Cancellation("FAILED_TO_SEND"), Problem(status));

        var couldTakeOne = CancellationLifecycle.Refusal(Problem(status), Tenant) is null;
        Assert.That(outcome, Is.EqualTo(couldTakeOne ? ResendOutcome.Resent : ResendOutcome.ProblemMovedOn));
        Assert.That(couldTakeOne, Is.EqualTo(!Closed.Contains(status) && status != "PENDING_CANCELLATION"));
    }

    [Test]
    public void Every_service_problem_status_is_one_the_tenant_api_knows()
    {
        var spec = Enum.GetNames<Contracts.TenantApi.ServiceProblemStatus>();

        Assert.That(ServiceProblemStatus.All, Is.EquivalentTo(spec));
    }
}
