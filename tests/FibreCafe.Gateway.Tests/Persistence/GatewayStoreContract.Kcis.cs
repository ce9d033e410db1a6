using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Persistence;

public abstract partial class GatewayStoreContract
{
    private long _supplierSequence;

    protected Task<ApplyKciOutcome> SupplierSays(long problem, string reasonCode, long? sequence = null, long? cancellationId = null,
        string? id = null, string supplier = "SUPPLIER1")
    {
        var kci = new InboundKci(id ?? Guid.NewGuid().ToString(), supplier, problem, sequence ?? Interlocked.Increment(ref _supplierSequence) + 1000,
            reasonCode, "from the supplier", Clock.GetUtcNow(), null, cancellationId);
        return Store.ApplySupplierKciAsync(kci, KciPlanner.For(kci).Plan!, CancellationToken.None);
    }

    private Task<IReadOnlyList<TenantKci>> TenantKcis(long problem) => Store.GetTenantKcisAsync(Tenant, problem, CancellationToken.None);

    [Test]
    public async Task A_supplier_kci_is_applied_once_and_raises_the_tenants_next_kci()
    {
        var problem = await Problem();

        var first = await SupplierSays(problem, "IN_PROGRESS", id: "kci-once-" + problem);
        var again = await SupplierSays(problem, "IN_PROGRESS", id: "kci-once-" + problem);

        Assert.That((first, again), Is.EqualTo((ApplyKciOutcome.Applied, ApplyKciOutcome.Duplicate)));
        var stored = await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None);
        Assert.That(stored!.Status, Is.EqualTo(ServiceProblemStatus.InProgress));
        var kci = (await TenantKcis(problem)).Single();
        Assert.That((kci.SequenceNumber, kci.UpdateType, kci.InformationType, kci.ReceivedOn), Is.EqualTo((1L, "INFORMATIONAL", "IN_PROGRESS", (DateTimeOffset?)Clock.GetUtcNow())));
    }

    [Test]
    public async Task An_older_kci_is_kept_but_never_moves_the_problem_back()
    {
        var problem = await Problem();
        await SupplierSays(problem, "HELD", sequence: 5);

        var older = await SupplierSays(problem, "RESOLVED", sequence: 3);

        Assert.That(older, Is.EqualTo(ApplyKciOutcome.Stale));
        Assert.That((await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.Held));
        Assert.That(await TenantKcis(problem), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Another_suppliers_problem_is_not_found_and_a_cancellation_of_another_problem_is_refused()
    {
        var problem = await Problem();
        var other = (await Cancel(await Problem())).Cancellation!;

        var notTheirs = await SupplierSays(problem, "UPDATE", supplier: "SUPPLIER2");
        var notOfProblem = await SupplierSays(problem, "CANCELLED", cancellationId: other.Id);

        Assert.That((notTheirs, notOfProblem), Is.EqualTo((ApplyKciOutcome.ProblemNotFound, ApplyKciOutcome.CancellationNotOfProblem)));
        Assert.That(await TenantKcis(problem), Is.Empty);
    }

    [Test]
    public async Task A_cancellation_accepted_for_later_is_completed_by_the_suppliers_kci_and_the_tenant_hears_both_in_order()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var created = (await Cancel(problem)).Cancellation!;
        var work = await ClaimUntilFound("owner-k", created.Id, TimeSpan.FromSeconds(30));
        await Store.CompleteDispatchAsync(work.OutboxId, "owner-k", new DispatchResult("PENDING", null, [], null), CancellationToken.None);

        var cancelled = await SupplierSays(problem, "CANCELLED", cancellationId: created.Id);
        var repeated = await SupplierSays(problem, "CANCELLED", cancellationId: created.Id);

        Assert.That((cancelled, repeated), Is.EqualTo((ApplyKciOutcome.Applied, ApplyKciOutcome.Applied)));
        Assert.That((await Store.GetCancellationAsync(Tenant, created.Id, CancellationToken.None))!.Status, Is.EqualTo("COMPLETED"));
        Assert.That((await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.Cancelled));
        Assert.That((await TenantKcis(problem)).Select(k => (k.SequenceNumber, k.InformationType)),
            Is.EqualTo(new[] { (1L, "CANCELLATION_PENDING"), (2L, "CANCELLED") }), "the repeat tells the tenant nothing new");
    }

    [Test]
    public async Task Tenant_kcis_are_claimed_one_at_a_time_per_problem_in_sequence_order_with_the_problems_latest_state()
    {
        var problem = await Problem();
        await SupplierSays(problem, "IN_PROGRESS");
        await SupplierSays(problem, "HELD");

        var first = await ClaimKciUntilFound("owner-t", problem);
        var attempt = await Store.BeginKciAttemptAsync(first.Id, "owner-t", TimeSpan.FromSeconds(30), CancellationToken.None);
        var meanwhile = await Store.ClaimTenantKcisAsync("owner-u", TimeSpan.FromSeconds(30), 100_000, CancellationToken.None);
        await GiveBack(meanwhile, "owner-u");
        await Store.FinishKciAsync(first.Id, "owner-t", new KciDeliveryResult(true, null, null), CancellationToken.None);
        var second = await ClaimKciUntilFound("owner-t", problem);

        Assert.That((first.SequenceNumber, attempt, second.SequenceNumber), Is.EqualTo((1L, (long?)1, 2L)));
        Assert.That(meanwhile.Select(k => k.ServiceProblemId), Does.Not.Contain(problem), "the second waits for the first");
        Assert.That((second.ProblemStatus, second.Tenant, second.Supplier, second.ConversationId),
            Is.EqualTo((ServiceProblemStatus.Held, Tenant, "SUPPLIER1", $"fibre-cafe-problem-{problem}")));
        Assert.That((await TenantKcis(problem)).First().DeliveredAt, Is.EqualTo(Clock.GetUtcNow()));
    }

    [Test]
    public async Task A_kci_due_later_waits_and_one_given_up_is_listed_and_can_be_resent_once()
    {
        var problem = await Problem();
        await SupplierSays(problem, "DELAY");
        var kci = await ClaimKciUntilFound("owner-v", problem);
        await Store.BeginKciAttemptAsync(kci.Id, "owner-v", TimeSpan.FromSeconds(30), CancellationToken.None);
        await Store.FinishKciAsync(kci.Id, "owner-v", new KciDeliveryResult(false, Clock.GetUtcNow().AddMinutes(5), "the tenant answered 503"), CancellationToken.None);

        var early = await Store.ClaimTenantKcisAsync("owner-v", TimeSpan.FromSeconds(30), 100_000, CancellationToken.None);
        await GiveBack(early, "owner-v");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var retry = await ClaimKciUntilFound("owner-v", problem);
        await Store.FinishKciAsync(retry.Id, "owner-v", new KciDeliveryResult(false, null, "the tenant answered 503"), CancellationToken.None);

        Assert.That(early.Select(k => k.Id), Does.Not.Contain(kci.Id));
        Assert.That((await Store.ListUndeliverableKcisAsync(CancellationToken.None)).Select(k => (k.Id, k.LastError)), Does.Contain((kci.Id, (string?)"the tenant answered 503")));
        Assert.That((await TenantKcis(problem)).Single().UndeliverableAt, Is.EqualTo(Clock.GetUtcNow()));
        var resent = await Store.ResendKciAsync(kci.Id, CancellationToken.None);
        var again = await Store.ResendKciAsync(kci.Id, CancellationToken.None);
        var missing = await Store.ResendKciAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        Assert.That((resent, again, missing), Is.EqualTo((Operations.ResendOutcome.Resent, Operations.ResendOutcome.NotFailed, Operations.ResendOutcome.NotFound)));
        Assert.That((await ClaimKciUntilFound("owner-v", problem)).Attempts, Is.EqualTo(0), "a fresh schedule");
    }

    /// <summary>Other cases' KCIs may be due too: claim until this problem's comes up, giving the rest back.</summary>
    private async Task<TenantKciWork> ClaimKciUntilFound(string owner, long problem)
    {
        var claimed = await Store.ClaimTenantKcisAsync(owner, TimeSpan.FromSeconds(30), 100_000, CancellationToken.None);
        await GiveBack(claimed.Where(k => k.ServiceProblemId != problem), owner);
        return claimed.Single(k => k.ServiceProblemId == problem);
    }

    private async Task GiveBack(IEnumerable<TenantKciWork> claimed, string owner)
    {
        foreach (var other in claimed)
            await Store.FinishKciAsync(other.Id, owner, new KciDeliveryResult(false, Clock.GetUtcNow(), other.Notes), CancellationToken.None);
    }
}
