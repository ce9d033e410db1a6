using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Extensions.Time.Testing;
using static FibreCafe.Gateway.Cancellations.CreateCancellationOutcome;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// Every behaviour of the store contract, run against each provider. A provider that cannot be
/// reached reports every case as skipped with the reason; no case passes without a database.
/// </summary>
public abstract partial class GatewayStoreContract
{
    private IGatewayStore? _store;
    // Starts at the real time (a SQL Server database may hold rows of earlier runs) and only moves when a case moves it.
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    protected string Tenant { get; private set; } = "";
    private long _nextId;

    protected IGatewayStore Store => _store!;

    /// <summary>A migrated store on a real database, or Assert.Ignore with the reason.</summary>
    protected abstract Task<IGatewayStore> CreateStore(TimeProvider clock);

    [OneTimeSetUp]
    public async Task Connect()
    {
        _store = await CreateStore(Clock);
        await _store.MigrateAsync(CancellationToken.None);
        // A database may outlive the run (SQL Server): fresh tenants and ids keep runs apart.
        Tenant = "T" + Guid.NewGuid().ToString("N")[..8];
        _nextId = Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    }

    protected async Task<long> Problem(string status = ServiceProblemStatus.Acknowledged, string? reference = "SK_REF00001", string? tenant = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var now = Clock.GetUtcNow();
        await Store.AddServiceProblemsAsync([new ServiceProblem(id, tenant ?? Tenant, "SUPPLIER1", reference, status, null, now, now)], CancellationToken.None);
        return id;
    }

    protected Task<CreateCancellationResult> Cancel(long problem, string? requestId = null, string text = "why", string? tenant = null, TimeSpan? keep = null) =>
        Store.CreateCancellationAsync(
            new NewCancellation(tenant ?? Tenant, problem, "OTHER", text, requestId ?? Guid.NewGuid().ToString(), "conv", "fp-" + text),
            Clock.GetUtcNow() + (keep ?? TimeSpan.FromHours(24)), CancellationToken.None);

    [Test]
    public async Task Migrating_again_is_harmless() => await Store.MigrateAsync(CancellationToken.None);

    [Test]
    public async Task A_cancellation_is_stored_received_and_the_problem_moves_to_pending_cancellation()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);

        var result = await Cancel(problem, "req-1");

        Assert.That(result.Outcome, Is.EqualTo(Created));
        var stored = await Store.GetCancellationAsync(Tenant, result.Cancellation!.Id, CancellationToken.None);
        Assert.That(stored, Is.EqualTo(result.Cancellation));
        Assert.That(stored!.Status, Is.EqualTo(CancellationStatus.ReceivedByGateway));
        Assert.That(stored.Created, Is.EqualTo(Clock.GetUtcNow()));
        var moved = await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None);
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
        var theirs = await Problem(tenant: Tenant + "X");

        var missing = await Cancel(long.MaxValue - 7);
        var other = await Cancel(theirs);

        Assert.That((missing.Outcome, missing.ProblemStatus), Is.EqualTo((ProblemNotFound, (string?)null)));
        Assert.That((other.Outcome, other.ProblemStatus), Is.EqualTo((ProblemNotFound, (string?)null)));
        Assert.That(await Store.GetServiceProblemAsync(Tenant, theirs, CancellationToken.None), Is.Null);
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

        var problem = await Problem();
        var again = await Cancel(problem, "short-lived", "another body");
        var replay = await Cancel(problem, "short-lived", "another body");

        Assert.That(again.Outcome, Is.EqualTo(Created));
        Assert.That((replay.Outcome, replay.Cancellation), Is.EqualTo((Replayed, again.Cancellation)), "the new key took the expired one's place");
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
        var now = Clock.GetUtcNow();

        var added = await Store.AddServiceProblemsAsync(
            [new ServiceProblem(problem, Tenant, "SUPPLIER1", "SK_OTHER", ServiceProblemStatus.Resolved, null, now, now),
             new ServiceProblem(problem + 100_000, Tenant, "SUPPLIER1", null, ServiceProblemStatus.ReceivedByGateway, null, now, now)],
            CancellationToken.None);

        Assert.That(added, Is.EqualTo(1));
        Assert.That((await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
    }

    [Test]
    public async Task Reads_are_scoped_to_theTenant()
    {
        var created = await Cancel(await Problem(), "scoped");

        Assert.That(await Store.GetCancellationAsync(Tenant + "X", created.Cancellation!.Id, CancellationToken.None), Is.Null);
    }
}
