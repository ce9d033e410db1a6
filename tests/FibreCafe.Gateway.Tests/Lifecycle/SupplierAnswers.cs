using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Lifecycle;
using Newtonsoft.Json.Linq;
using static FibreCafe.Gateway.Tests.Lifecycle.LifecycleFacts;

namespace FibreCafe.Gateway.Tests.Lifecycle;

/// <summary>What the supplier's final answer to the gateway's call makes of the cancellation, its problem and the tenant's KCIs.</summary>
public sealed class SupplierAnswers
{
    private static readonly DispatchResult Cancelled = new("COMPLETED", null, [], "SUP-9");
    private static readonly DispatchResult Accepted = new("PENDING", null, [], null);
    private static readonly DispatchResult Rejected = new("REJECTED", null, ["not cancellable now"], null);
    private static readonly DispatchResult Failed = DispatchOutcomes.Failed("SUPPLIER_TIMED_OUT", "no timely answer");

    private static IEnumerable<TestCaseData> Answers() =>
    [
        new TestCaseData(Cancelled, "CANCELLED", "INFORMATIONAL", "CANCELLED").SetArgDisplayNames("201 cancelled"),
        new TestCaseData(Accepted, "PENDING_CANCELLATION", "INFORMATIONAL", "CANCELLATION_PENDING").SetArgDisplayNames("202 accepted"),
        new TestCaseData(Rejected, "IN_PROGRESS", "ACTION_REQUIRED", "RESUBMIT").SetArgDisplayNames("422 rejected"),
        new TestCaseData(Failed, "IN_PROGRESS", "ERROR", "FAILED_TO_SEND").SetArgDisplayNames("failed to send"),
    ];

    [TestCaseSource(nameof(Answers))]
    public void An_answer_settles_a_waiting_cancellation_moves_its_problem_and_tells_the_tenant(
        DispatchResult answer, string problemAfter, string updateType, string kciType)
    {
        var now = Clock.GetUtcNow();

        var transition = CancellationLifecycle.SupplierAnswered(
            Cancellation("RECEIVED_BY_GATEWAY"), Problem("PENDING_CANCELLATION", previous: "IN_PROGRESS"), answer, now)!;

        Assert.That(transition.Problem?.Status ?? "PENDING_CANCELLATION", Is.EqualTo(problemAfter));
        Assert.That(transition.Cancellation, Is.EqualTo(new CancellationChange(42, answer.CancellationStatus, answer.ErrorCode, answer.Messages,
            answer.SupplierReference ?? "SUP-REF", answer.Messages)));
        Assert.That((transition.TenantKci!.Facts.UpdateType, transition.TenantKci.Facts.InformationType), Is.EqualTo((updateType, kciType)));
        Assert.That((transition.TenantKci.ConversationId, transition.TenantKci.IssuedOn, transition.TenantKci.ReceivedOn),
            Is.EqualTo(("conversation-1", now, (DateTimeOffset?)null)), "raised by the gateway: no receivedOn");
    }

    [Test]
    public void A_failure_tells_the_tenant_the_error_code_and_messages()
    {
        var transition = CancellationLifecycle.SupplierAnswered(Cancellation("RECEIVED_BY_GATEWAY"), Problem("PENDING_CANCELLATION", "ACKNOWLEDGED"),
            Failed, Clock.GetUtcNow())!;

        var error = JObject.Parse(transition.TenantKci!.Facts.ErrorJson!);
        Assert.That(((string?)error["code"], error["messages"]!.ToObject<string[]>()), Is.EqualTo(("SUPPLIER_TIMED_OUT", new[] { "no timely answer" })));
        Assert.That(Guid.TryParse((string?)error["uuid"], out _), Is.True);
        Assert.That(transition.Problem, Is.EqualTo(new ProblemChange("ACKNOWLEDGED", null, "SK_REF00001")));
    }

    [TestCaseSource(nameof(Answers))]
    public void A_refusal_or_failure_restores_only_a_problem_still_pending_cancellation(DispatchResult answer, string _, string __, string ___)
    {
        var transition = CancellationLifecycle.SupplierAnswered(Cancellation("RECEIVED_BY_GATEWAY"), Problem("RESOLVED"), answer, Clock.GetUtcNow())!;

        Assert.That(transition.Problem?.Status, Is.EqualTo(answer == Cancelled ? "CANCELLED" : null));
    }

    [TestCaseSource(typeof(LifecycleFacts), nameof(CancellationStatuses))]
    public void An_answer_for_a_cancellation_already_settled_by_a_kci_changes_nothing(string status)
    {
        foreach (var answer in new[] { Cancelled, Accepted, Rejected, Failed })
        {
            var transition = CancellationLifecycle.SupplierAnswered(Cancellation(status), Problem("PENDING_CANCELLATION", "IN_PROGRESS"), answer, Clock.GetUtcNow());

            Assert.That(transition is null, Is.EqualTo(status != "RECEIVED_BY_GATEWAY"), $"{status} answered {answer.CancellationStatus}");
        }
    }
}
