using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.ServiceProblems;
using static FibreCafe.Gateway.Cancellations.CreateCancellationOutcome;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// Every behaviour of the store contract, run against each provider. A provider that cannot be
/// reached reports every case as skipped with the reason; no case passes without a database.
/// </summary>
public abstract class GatewayStoreContract
{
    private IGatewayStore? _store;
    private string _tenant = "";
    private long _nextId;

    protected IGatewayStore Store => _store!;

    /// <summary>A migrated store on a real database, or Assert.Ignore with the reason.</summary>
    protected abstract Task<IGatewayStore> CreateStore();

    [OneTimeSetUp]
    public async Task Connect()
    {
        _store = await CreateStore();
        await _store.MigrateAsync(CancellationToken.None);
        // A database may outlive the run (SQL Server): fresh tenants and ids keep runs apart.
        _tenant = "T" + Guid.NewGuid().ToString("N")[..8];
        _nextId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    }

    private async Task<long> Problem(string status = ServiceProblemStatus.Acknowledged, string? reference = "SK_REF00001", string? tenant = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var now = DateTimeOffset.UtcNow;
        await Store.AddServiceProblemsAsync([new ServiceProblem(id, tenant ?? _tenant, "SUPPLIER1", reference, status, null, now, now)], CancellationToken.None);
        return id;
    }

    private Task<CreateCancellationResult> Cancel(long problem, string? requestId = null, string text = "why", string? tenant = null, TimeSpan? keep = null) =>
        Store.CreateCancellationAsync(
            new NewCancellation(tenant ?? _tenant, problem, "OTHER", text, requestId ?? Guid.NewGuid().ToString(), "conv", "fp-" + text),
            DateTimeOffset.UtcNow + (keep ?? TimeSpan.FromHours(24)), CancellationToken.None);

    [Test]
    public async Task Migrating_again_is_harmless() => await Store.MigrateAsync(CancellationToken.None);

    [Test]
    public async Task A_cancellation_is_stored_received_and_the_problem_moves_to_pending_cancellation()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);

        var result = await Cancel(problem, "req-1");

        Assert.That(result.Outcome, Is.EqualTo(Created));
        var stored = await Store.GetCancellationAsync(_tenant, result.Cancellation!.Id, CancellationToken.None);
        Assert.That(stored, Is.EqualTo(result.Cancellation));
        Assert.That(stored!.Status, Is.EqualTo(CancellationStatus.ReceivedByGateway));
        Assert.That(stored.Created, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        var moved = await Store.GetServiceProblemAsync(_tenant, problem, CancellationToken.None);
        Assert.That((moved!.Status, moved.PreviousStatus), Is.EqualTo((ServiceProblemStatus.PendingCancellation, ServiceProblemStatus.InProgress)));
    }

    [Test]
    public async Task Ids_are_unique_and_increasing()
    {
        var first = await Cancel(await Problem());
        var second = await Cancel(await Problem());

        Assert.That(second.Cancellation!.Id, Is.GreaterThan(first.Cancellation!.Id));
    }

    [Test]
    public async Task A_missing_problem_and_another_tenants_problem_are_both_not_found_and_reveal_nothing()
    {
        var theirs = await Problem(tenant: _tenant + "X");

        var missing = await Cancel(long.MaxValue - 7);
        var other = await Cancel(theirs);

        Assert.That((missing.Outcome, missing.ProblemStatus), Is.EqualTo((ProblemNotFound, (string?)null)));
        Assert.That((other.Outcome, other.ProblemStatus), Is.EqualTo((ProblemNotFound, (string?)null)));
        Assert.That(await Store.GetServiceProblemAsync(_tenant, theirs, CancellationToken.None), Is.Null);
    }

    [TestCase(ServiceProblemStatus.FailedToSend)]
    [TestCase(ServiceProblemStatus.Rejected)]
    [TestCase(ServiceProblemStatus.Cancelled)]
    [TestCase(ServiceProblemStatus.Resolved)]
    [TestCase(ServiceProblemStatus.Completed)]
    public async Task A_closed_problem_is_refused_with_its_status(string status)
    {
        var result = await Cancel(await Problem(status));

        Assert.That((result.Outcome, result.ProblemStatus), Is.EqualTo((ProblemClosed, status)));
    }

    [Test]
    public async Task A_problem_without_a_supplier_reference_is_not_acknowledged()
    {
        var result = await Cancel(await Problem(ServiceProblemStatus.ReceivedByGateway, reference: null));

        Assert.That(result.Outcome, Is.EqualTo(ProblemNotAcknowledged));
    }

    [Test]
    public async Task A_problem_pending_cancellation_is_refused_and_nothing_changes()
    {
        var problem = await Problem(ServiceProblemStatus.PendingCancellation);

        var result = await Cancel(problem);

        Assert.That(result.Outcome, Is.EqualTo(ProblemAlreadyPendingCancellation));
        Assert.That(result.Cancellation, Is.Null);
    }

    [Test]
    public async Task The_same_key_and_fingerprint_replays_the_original_and_a_different_fingerprint_is_refused()
    {
        var problem = await Problem();
        var original = await Cancel(problem, "key-1", "same");

        var replay = await Cancel(problem, "key-1", "same");
        var reused = await Cancel(await Problem(), "key-1", "different");

        Assert.That(replay.Outcome, Is.EqualTo(Replayed));
        Assert.That(replay.Cancellation, Is.EqualTo(original.Cancellation));
        Assert.That((reused.Outcome, reused.Cancellation), Is.EqualTo((RequestIdReused, (Cancellation?)null)));
    }

    [Test]
    public async Task An_expired_key_is_forgotten()
    {
        await Cancel(await Problem(), "short-lived", keep: TimeSpan.FromSeconds(-1));

        var again = await Cancel(await Problem(), "short-lived", "another body");

        Assert.That(again.Outcome, Is.EqualTo(Created));
    }

    [Test]
    public async Task A_key_that_expires_in_a_minute_is_still_remembered()
    {
        var problem = await Problem();
        await Cancel(problem, "minute-key", "same", keep: TimeSpan.FromMinutes(1));

        var again = await Cancel(problem, "minute-key", "same");

        Assert.That(again.Outcome, Is.EqualTo(Replayed));
    }

    [Test]
    public async Task A_claimed_dispatch_is_leased_to_one_owner_until_its_lease_runs_out()
    {
        var created = await Cancel(await Problem());
        var mine = await ClaimUntilFound("owner-a", created.Cancellation!.Id, TimeSpan.FromSeconds(1));

        var meanwhile = await Store.ClaimDispatchesAsync("owner-b", TimeSpan.FromSeconds(30), 1000, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
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
        await Store.ReleaseDispatchAsync(work.OutboxId, "owner-c", DateTimeOffset.UtcNow, CancellationToken.None);
        var again = await ClaimUntilFound("owner-d", created.Cancellation.Id, TimeSpan.FromSeconds(30));

        Assert.That((work.Tenant, work.ServiceProblemId, work.ProblemSupplierReference, work.Supplier, work.Text, work.ConversationId),
            Is.EqualTo((_tenant, problem, "SK_CARRIED1", "SUPPLIER1", (string?)"text for the supplier", "conv")));
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

        var cancellation = await Store.GetCancellationAsync(_tenant, created.Cancellation.Id, CancellationToken.None);
        Assert.That((done, twice), Is.EqualTo((true, false)));
        Assert.That((cancellation!.Status, cancellation.SupplierReference, cancellation.OutcomeMessages().Single()), Is.EqualTo((outcome, "SUP-1", "a reason")));
        Assert.That((await Store.GetServiceProblemAsync(_tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(problemAfter));
    }

    [Test]
    public async Task A_failed_cancellation_is_listed_and_can_be_resent_once_with_a_fresh_budget()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var created = await Cancel(problem);
        var work = await ClaimUntilFound("owner-f", created.Cancellation!.Id, TimeSpan.FromSeconds(30));
        await Store.BeginDispatchAttemptAsync(work.OutboxId, "owner-f", TimeSpan.FromSeconds(30), CancellationToken.None);
        await Store.CompleteDispatchAsync(work.OutboxId, "owner-f",
            new DispatchResult("FAILED_TO_SEND", "SUPPLIER_TIMED_OUT", ["no answer"], null), CancellationToken.None);

        var listed = await Store.ListFailedCancellationsAsync(CancellationToken.None);
        var resent = await Store.ResendCancellationAsync(created.Cancellation.Id, CancellationToken.None);
        var again = await Store.ResendCancellationAsync(created.Cancellation.Id, CancellationToken.None);
        var retaken = await ClaimUntilFound("owner-g", created.Cancellation.Id, TimeSpan.FromSeconds(30));

        Assert.That(listed.Select(c => c.Id), Does.Contain(created.Cancellation.Id));
        Assert.That((resent, again), Is.EqualTo((Operations.ResendOutcome.Resent, Operations.ResendOutcome.NotFailed)));
        Assert.That(retaken.Attempts, Is.EqualTo(0), "a fresh budget");
        Assert.That((await Store.GetCancellationAsync(_tenant, created.Cancellation.Id, CancellationToken.None))!.Status, Is.EqualTo("RECEIVED_BY_GATEWAY"));
        Assert.That((await Store.GetServiceProblemAsync(_tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.PendingCancellation));
    }

    [Test]
    public async Task A_failed_cancellation_whose_problem_moved_on_is_not_resent()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var first = await Cancel(problem);
        var work = await ClaimUntilFound("owner-h", first.Cancellation!.Id, TimeSpan.FromSeconds(30));
        await Store.CompleteDispatchAsync(work.OutboxId, "owner-h", new DispatchResult("FAILED_TO_SEND", "SUPPLIER_FAULT", ["down"], null), CancellationToken.None);
        await Cancel(problem); // the tenant tried again: this one is pending now

        var resent = await Store.ResendCancellationAsync(first.Cancellation.Id, CancellationToken.None);
        var missing = await Store.ResendCancellationAsync(long.MaxValue - 3, CancellationToken.None);

        Assert.That((resent, missing), Is.EqualTo((Operations.ResendOutcome.ProblemMovedOn, Operations.ResendOutcome.NotFound)));
    }

    /// <summary>Other tests' rows may be due too: claim until this cancellation's row comes up, giving the rest back.</summary>
    private async Task<DispatchWork> ClaimUntilFound(string owner, long cancellationId, TimeSpan lease)
    {
        var claimed = await Store.ClaimDispatchesAsync(owner, lease, 100_000, CancellationToken.None);
        foreach (var other in claimed.Where(w => w.CancellationId != cancellationId))
            await Store.ReleaseDispatchAsync(other.OutboxId, owner, DateTimeOffset.UtcNow, CancellationToken.None);
        return claimed.Single(w => w.CancellationId == cancellationId);
    }

    [Test]
    public async Task Twenty_concurrent_cancellations_of_one_problem_create_exactly_one()
    {
        var problem = await Problem();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Cancel(problem)));

        Assert.That(results.Count(r => r.Outcome == Created), Is.EqualTo(1));
        Assert.That(results.Count(r => r.Outcome == ProblemAlreadyPendingCancellation), Is.EqualTo(19));
    }

    [Test]
    public async Task Ten_concurrent_requests_with_one_key_create_one_cancellation()
    {
        var problem = await Problem();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Cancel(problem, "one-key", "same")));

        Assert.That(results.Count(r => r.Outcome == Created), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Cancellation!.Id).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_hundred_concurrent_cancellations_get_two_hundred_distinct_ids()
    {
        var problems = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Problem()));

        var results = await Task.WhenAll(problems.Select(p => Cancel(p)));

        Assert.That(results.All(r => r.Outcome == Created));
        Assert.That(results.Select(r => r.Cancellation!.Id).Distinct().Count(), Is.EqualTo(200));
    }

    [Test]
    public async Task Adding_problems_leaves_existing_ones_as_they_are()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var now = DateTimeOffset.UtcNow;

        var added = await Store.AddServiceProblemsAsync(
            [new ServiceProblem(problem, _tenant, "SUPPLIER1", "SK_OTHER", ServiceProblemStatus.Resolved, null, now, now),
             new ServiceProblem(problem + 100_000, _tenant, "SUPPLIER1", null, ServiceProblemStatus.ReceivedByGateway, null, now, now)],
            CancellationToken.None);

        Assert.That(added, Is.EqualTo(1));
        Assert.That((await Store.GetServiceProblemAsync(_tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
    }

    [Test]
    public async Task Reads_are_scoped_to_the_tenant()
    {
        var created = await Cancel(await Problem(), "scoped");

        Assert.That(await Store.GetCancellationAsync(_tenant + "X", created.Cancellation!.Id, CancellationToken.None), Is.Null);
    }
}
