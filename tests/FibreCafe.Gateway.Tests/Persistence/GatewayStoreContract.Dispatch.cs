using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Persistence;

public abstract partial class GatewayStoreContract
{
    [Test]
    public async Task A_claimed_dispatch_is_leased_to_one_owner_until_its_lease_runs_out()
    {
        var created = await Cancel(await Problem());
        var mine = await ClaimUntilFound("owner-a", created.Cancellation!.Id, TimeSpan.FromSeconds(1));

        var meanwhile = await Store.ClaimDispatchesAsync("owner-b", TimeSpan.FromSeconds(30), 1000, CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(1.2));
        var later = await ClaimUntilFound("owner-b", created.Cancellation.Id, TimeSpan.FromSeconds(30));

        Assert.That(meanwhile.Select(w => w.CancellationId), Does.Not.Contain(created.Cancellation.Id));
        Assert.That(later.OutboxId, Is.EqualTo(mine.OutboxId));
        Assert.That(await Store.BeginDispatchAttemptAsync(mine.OutboxId, "owner-a", TimeSpan.FromSeconds(30), CancellationToken.None), Is.Null,
            "the first owner lost its lease");
    }

    [Test]
    public async Task A_dispatch_carries_what_the_supplier_needs_and_counts_its_attempts()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress, reference: "SK_CARRIED1");
        var created = await Cancel(problem, "carried", "text for the supplier");

        var work = await ClaimUntilFound("owner-c", created.Cancellation!.Id, TimeSpan.FromSeconds(30));
        var first = await Store.BeginDispatchAttemptAsync(work.OutboxId, "owner-c", TimeSpan.FromSeconds(30), CancellationToken.None);
        var second = await Store.BeginDispatchAttemptAsync(work.OutboxId, "owner-c", TimeSpan.FromSeconds(30), CancellationToken.None);
        await Store.ReleaseDispatchAsync(work.OutboxId, "owner-c", Clock.GetUtcNow(), CancellationToken.None);
        var again = await ClaimUntilFound("owner-d", created.Cancellation.Id, TimeSpan.FromSeconds(30));

        Assert.That((work.Tenant, work.ServiceProblemId, work.ProblemSupplierReference, work.Supplier, work.Text, work.ConversationId),
            Is.EqualTo((Tenant, problem, "SK_CARRIED1", "SUPPLIER1", (string?)"text for the supplier", "conv")));
        Assert.That(Guid.TryParse(work.RequestId, out _), Is.True);
        Assert.That((first, second, again.Attempts), Is.EqualTo(((long?)1, (long?)2, 2L)));
    }

    [TestCase("COMPLETED", ServiceProblemStatus.Cancelled)]
    [TestCase("PENDING", ServiceProblemStatus.PendingCancellation)]
    [TestCase("REJECTED", ServiceProblemStatus.InProgress)]
    [TestCase("FAILED_TO_SEND", ServiceProblemStatus.InProgress)]
    public async Task Completing_a_dispatch_stores_the_outcome_and_moves_the_problem(string outcome, string problemAfter)
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var created = await Cancel(problem);
        var work = await ClaimUntilFound("owner-e", created.Cancellation!.Id, TimeSpan.FromSeconds(30));

        var done = await Store.CompleteDispatchAsync(work.OutboxId, "owner-e",
            new DispatchResult(outcome, outcome == "FAILED_TO_SEND" ? "SUPPLIER_FAULT" : null, ["a reason"], "SUP-1"), CancellationToken.None);
        var twice = await Store.CompleteDispatchAsync(work.OutboxId, "owner-e",
            new DispatchResult("COMPLETED", null, [], null), CancellationToken.None);

        var cancellation = await Store.GetCancellationAsync(Tenant, created.Cancellation.Id, CancellationToken.None);
        Assert.That((done, twice), Is.EqualTo((true, false)));
        Assert.That((cancellation!.Status, cancellation.SupplierReference, cancellation.OutcomeMessages().Single()), Is.EqualTo((outcome, "SUP-1", "a reason")));
        Assert.That((await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(problemAfter));
    }

    [Test]
    public async Task A_waiting_suppliers_rows_stay_in_the_outbox_unless_their_window_started_before_the_given_time()
    {
        var created = await Cancel(await Problem());
        var id = created.Cancellation!.Id;
        var started = Clock.GetUtcNow();

        var waiting = await ClaimAndReleaseOthers("owner-w", id, new ClaimFilter(["SUPPLIER1"], started));
        var windowOver = await ClaimAndReleaseOthers("owner-w", id, new ClaimFilter(["SUPPLIER1"], started + TimeSpan.FromTicks(1)));

        Assert.That(waiting, Is.Null, "breaker open or slots full: the row stays");
        Assert.That(windowOver!.WindowStartedAt, Is.EqualTo(started), "the window starts when the cancellation is created");
    }

    [Test]
    public async Task An_operators_resend_starts_a_new_window_with_no_attempts()
    {
        var created = await Cancel(await Problem(ServiceProblemStatus.InProgress));
        var work = await ClaimUntilFound("owner-r", created.Cancellation!.Id, TimeSpan.FromSeconds(30));
        await Store.BeginDispatchAttemptAsync(work.OutboxId, "owner-r", TimeSpan.FromSeconds(30), CancellationToken.None);
        await Store.CompleteDispatchAsync(work.OutboxId, "owner-r", new DispatchResult("FAILED_TO_SEND", "SUPPLIER_FAULT", ["down"], null), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var resentAt = Clock.GetUtcNow();

        await Store.ResendCancellationAsync(created.Cancellation.Id, CancellationToken.None);
        var again = await ClaimUntilFound("owner-r", created.Cancellation.Id, TimeSpan.FromSeconds(30));

        Assert.That((again.Attempts, again.WindowStartedAt), Is.EqualTo((0L, resentAt)));
        Assert.That(work.WindowStartedAt, Is.LessThan(resentAt));
    }

    private async Task<DispatchWork?> ClaimAndReleaseOthers(string owner, long cancellationId, ClaimFilter filter)
    {
        var claimed = await Store.ClaimDispatchesAsync(owner, TimeSpan.FromSeconds(30), 100_000, filter, CancellationToken.None);
        foreach (var other in claimed.Where(w => w.CancellationId != cancellationId))
            await Store.ReleaseDispatchAsync(other.OutboxId, owner, Clock.GetUtcNow(), CancellationToken.None);
        return claimed.SingleOrDefault(w => w.CancellationId == cancellationId);
    }

    protected async Task<DispatchWork> ClaimUntilFound(string owner, long cancellationId, TimeSpan lease)
    {
        var claimed = await Store.ClaimDispatchesAsync(owner, lease, 100_000, CancellationToken.None);
        foreach (var other in claimed.Where(w => w.CancellationId != cancellationId))
            await Store.ReleaseDispatchAsync(other.OutboxId, owner, Clock.GetUtcNow(), CancellationToken.None);
        return claimed.Single(w => w.CancellationId == cancellationId);
    }
}
