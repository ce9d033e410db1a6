using Dapper;
using FibreCafe.Gateway.Kcis;

namespace FibreCafe.Gateway.Persistence.SqlServer;

public sealed partial class SqlServerGatewayStore
{
    public Task<ApplyKciOutcome> ApplySupplierKciAsync(InboundKci kci, KciPlan plan, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.ApplySupplierKciAsync(tx, kci, plan, now), ct);

    public async Task<IReadOnlyList<TenantKci>> GetTenantKcisAsync(string tenant, long serviceProblemId, CancellationToken ct) =>
        [.. await Run(db => db.QueryAsync<TenantKci>(Command(new GetTenantKcisCall(tenant, serviceProblemId), ct)), ct)];

    public async Task<IReadOnlyList<TenantKciWork>> ClaimTenantKcisAsync(string owner, TimeSpan lease, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return [.. await Run(db => db.QueryAsync<TenantKciWork>(Command(new ClaimTenantKcisCall(owner, now + lease, now, max), ct)), ct)];
    }

    public Task<long?> BeginKciAttemptAsync(string kciId, string owner, TimeSpan lease, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<long?>(Command(new BeginKciAttemptCall(kciId, owner, clock.GetUtcNow() + lease), ct)), ct);

    public Task FinishKciAsync(string kciId, string owner, KciDeliveryResult result, CancellationToken ct) =>
        Run(db => db.ExecuteAsync(Command(new FinishKciCall(kciId, owner, result.Delivered, result.RetryAt, result.Error, clock.GetUtcNow()), ct)), ct);
}
