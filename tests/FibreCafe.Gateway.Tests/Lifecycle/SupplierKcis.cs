using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Lifecycle;
using static FibreCafe.Gateway.Tests.Lifecycle.LifecycleFacts;

namespace FibreCafe.Gateway.Tests.Lifecycle;

/// <summary>What a supplier's KCI makes of a service problem, its cancellation and the tenant's KCIs.</summary>
public sealed class SupplierKcis
{
    private static InboundKci Kci(string reasonCode, long sequence = 5, long? cancellationId = null, string? reference = null, string? text = "news") =>
        new(Guid.NewGuid().ToString(), Supplier, 7, sequence, reasonCode, text, Clock.GetUtcNow().AddMinutes(-1), reference, cancellationId);

    private static (ApplyKciOutcome, Transition?) Apply(InboundKci kci, FibreCafe.Gateway.ServiceProblems.ServiceProblem? problem,
        FibreCafe.Gateway.Cancellations.Cancellation? cancellation = null, string? latest = null) =>
        CancellationLifecycle.SupplierKci(kci, KciPlanner.For(kci).Plan!, problem, cancellation, latest, Clock.GetUtcNow());

    [TestCaseSource(typeof(LifecycleFacts), nameof(CancellationStatuses))]
    public void Cancelled_completes_the_cancellation_and_cancels_the_problem_unless_it_was_completed_already(string status)
    {
        var (outcome, t) = Apply(Kci("CANCELLED", cancellationId: 42), Problem("PENDING_CANCELLATION", "IN_PROGRESS"), Cancellation(status));

        Assert.That(outcome, Is.EqualTo(ApplyKciOutcome.Applied));
        Assert.That(t!.SupplierSequence, Is.EqualTo(5));
        if (status == "COMPLETED")
        {
            Assert.That((t.Problem, t.Cancellation, t.TenantKci), Is.EqualTo(((ProblemChange?)null, (CancellationChange?)null, (RaisedKci?)null)));
            return;
        }
        Assert.That(t.Problem, Is.EqualTo(new ProblemChange("CANCELLED", "IN_PROGRESS", "SK_REF00001")));
        Assert.That((t.Cancellation!.Status, t.Cancellation.ErrorCode), Is.EqualTo(("COMPLETED", (string?)null)));
        Assert.That((t.TenantKci!.Facts.UpdateType, t.TenantKci.Facts.InformationType, t.TenantKci.ConversationId),
            Is.EqualTo(("INFORMATIONAL", "CANCELLED", "conversation-1")));
        Assert.That(t.TenantKci.ReceivedOn, Is.EqualTo(Clock.GetUtcNow()));
    }

    [TestCaseSource(typeof(LifecycleFacts), nameof(CancellationStatuses))]
    public void Cancellation_rejected_rejects_with_the_suppliers_text_and_puts_the_problem_back(string status)
    {
        var (_, t) = Apply(Kci("CANCELLATION_REJECTED", cancellationId: 42, text: "engineer on site"),
            Problem("PENDING_CANCELLATION", "HELD"), Cancellation(status, """["earlier"]"""));

        if (status == "REJECTED")
        {
            Assert.That(t!.TenantKci, Is.Null, "already rejected: nothing new for the tenant");
            return;
        }
        Assert.That(t!.Problem, Is.EqualTo(new ProblemChange("HELD", null, "SK_REF00001")));
        Assert.That((t.Cancellation!.Status, t.Cancellation.Messages.Single()), Is.EqualTo(("REJECTED", "engineer on site")));
        Assert.That((t.TenantKci!.Facts.UpdateType, t.TenantKci.Facts.InformationType), Is.EqualTo(("ACTION_REQUIRED", "RESUBMIT")));
    }

    [Test]
    public void A_rejection_without_text_keeps_the_messages_the_cancellation_had()
    {
        var (_, t) = Apply(Kci("CANCELLATION_REJECTED", cancellationId: 42, text: null), Problem("PENDING_CANCELLATION", "HELD"),
            Cancellation("PENDING", """["earlier"]"""));

        Assert.That((t!.Cancellation!.Messages.Single(), t.Cancellation.EventMessages.Count), Is.EqualTo(("earlier", 0)));
    }

    [TestCase("IN_PROGRESS")]
    [TestCase("PENDING")]
    [TestCase("HELD")]
    [TestCase("NETWORK_INCIDENT")]
    [TestCase("RESOLVED")]
    [TestCase("COMPLETED")]
    public void A_lifecycle_status_moves_the_problem_or_while_a_cancellation_is_pending_becomes_the_status_a_rejection_restores(string code)
    {
        var (_, open) = Apply(Kci(code), Problem("ACKNOWLEDGED"));
        var (_, pending) = Apply(Kci(code), Problem("PENDING_CANCELLATION", "ACKNOWLEDGED"));

        Assert.That(open!.Problem, Is.EqualTo(new ProblemChange(code, null, "SK_REF00001")));
        Assert.That(pending!.Problem, Is.EqualTo(new ProblemChange("PENDING_CANCELLATION", code, "SK_REF00001")));
        Assert.That(open.TenantKci!.Facts.InformationType, Is.EqualTo(code));
    }

    [TestCase("CREATED")]
    [TestCase("UPDATE")]
    [TestCase("COMMITTED")]
    [TestCase("DELAY")]
    [TestCase("INFORMATION_REQUIRED")]
    public void News_is_forwarded_without_moving_the_problem(string code)
    {
        var (_, t) = Apply(Kci(code), Problem("IN_PROGRESS"), latest: "latest-conversation");

        Assert.That(t!.Problem, Is.EqualTo(new ProblemChange("IN_PROGRESS", null, "SK_REF00001")));
        Assert.That((t.TenantKci!.Facts.InformationType, t.TenantKci.ConversationId), Is.EqualTo((code, "latest-conversation")));
    }

    [Test]
    public void Acknowledged_sets_the_suppliers_reference_and_a_problem_without_cancellations_gets_a_conversation_of_its_own()
    {
        var (_, t) = Apply(Kci("ACKNOWLEDGED", reference: "SK_NEW0001"), Problem("SENT_TO_SUPPLIER", reference: null));

        Assert.That(t!.Problem, Is.EqualTo(new ProblemChange("ACKNOWLEDGED", null, "SK_NEW0001")));
        Assert.That(t.TenantKci!.ConversationId, Is.EqualTo("fibre-cafe-problem-7"));
    }

    [TestCase(4)]
    [TestCase(5)]
    public void A_kci_no_newer_than_the_last_applied_is_stale_and_changes_nothing(long sequence)
    {
        var (outcome, t) = Apply(Kci("CANCELLED", sequence, cancellationId: 42), Problem("PENDING_CANCELLATION", lastSequence: 5), Cancellation("PENDING"));

        Assert.That((outcome, t), Is.EqualTo((ApplyKciOutcome.Stale, (Transition?)null)));
    }

    [Test]
    public void Another_suppliers_problem_or_a_missing_one_is_not_found()
    {
        Assert.That(Apply(Kci("UPDATE"), null).Item1, Is.EqualTo(ApplyKciOutcome.ProblemNotFound));
        Assert.That(Apply(Kci("UPDATE"), Problem("IN_PROGRESS") with { Supplier = "SUPPLIER2" }).Item1, Is.EqualTo(ApplyKciOutcome.ProblemNotFound));
    }

    [Test]
    public void A_cancellation_of_another_problem_or_none_is_refused()
    {
        var problem = Problem("PENDING_CANCELLATION", "IN_PROGRESS");

        Assert.That(Apply(Kci("CANCELLED", cancellationId: 42), problem, null).Item1, Is.EqualTo(ApplyKciOutcome.CancellationNotOfProblem));
        Assert.That(Apply(Kci("CANCELLED", cancellationId: 42), problem, Cancellation("PENDING") with { ServiceProblemId = 8 }).Item1,
            Is.EqualTo(ApplyKciOutcome.CancellationNotOfProblem));
    }
}
