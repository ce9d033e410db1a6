using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Tests.Persistence;

public abstract partial class GatewayStoreContract
{
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
        Assert.That((await Store.GetCancellationAsync(Tenant, created.Cancellation.Id, CancellationToken.None))!.Status, Is.EqualTo("RECEIVED_BY_GATEWAY"));
        Assert.That((await Store.GetServiceProblemAsync(Tenant, problem, CancellationToken.None))!.Status, Is.EqualTo(ServiceProblemStatus.PendingCancellation));
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

    [Test]
    public async Task A_failure_tells_the_tenant_with_an_error_kci()
    {
        var problem = await Problem(ServiceProblemStatus.InProgress);
        var created = (await Cancel(problem)).Cancellation!;
        var work = await ClaimUntilFound("owner-i", created.Id, TimeSpan.FromSeconds(30));

        await Store.CompleteDispatchAsync(work.OutboxId, "owner-i", DispatchOutcomes.Failed("SUPPLIER_TIMED_OUT", "no answer"), CancellationToken.None);

        var kci = (await Store.GetTenantKcisAsync(Tenant, problem, CancellationToken.None)).Single();
        Assert.That((kci.UpdateType, kci.InformationType, kci.Notes, kci.ReceivedOn), Is.EqualTo(("ERROR", "FAILED_TO_SEND", (string?)"no answer", (DateTimeOffset?)null)));
    }

    [Test]
    public async Task The_stats_count_what_waits_in_each_outbox_and_how_long_the_oldest_has_waited()
    {
        var problem = await Problem();
        await Cancel(problem);
        await SupplierSays(problem, "UPDATE");

        Clock.Advance(TimeSpan.FromMinutes(2));
        var stats = await Store.GetOutboxStatsAsync(CancellationToken.None);

        Assert.That(stats.CancellationBacklog, Is.GreaterThanOrEqualTo(1));
        Assert.That(stats.KciBacklog, Is.GreaterThanOrEqualTo(1));
        Assert.That(stats.OldestCancellationSeconds, Is.GreaterThanOrEqualTo(120));
        Assert.That(stats.OldestKciSeconds, Is.GreaterThanOrEqualTo(120));
    }
}
