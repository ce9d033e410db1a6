using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Operations;

namespace FibreCafe.Gateway.Persistence.SqlServer;

public sealed partial class SqlServerGatewayStore
{
    public async Task<IReadOnlyList<FailedCancellation>> ListFailedCancellationsAsync(CancellationToken ct) =>
        [.. await Run(db => db.QueryAsync<FailedCancellation>(Command(new ListFailedCancellationsCall(CancellationStatus.FailedToSend), ct)), ct)];

    public async Task<IReadOnlyList<UndeliverableKci>> ListUndeliverableKcisAsync(CancellationToken ct) =>
        [.. await Run(db => db.QueryAsync<UndeliverableKci>(Command(new ListUndeliverableKcisCall(), ct)), ct)];

    public Task<ResendOutcome> ResendCancellationAsync(long id, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.ResendCancellationAsync(tx, id, now), ct);

    public async Task<OutboxStats> GetOutboxStatsAsync(CancellationToken ct)
    {
        var row = await Run(db => db.QuerySingleAsync<(long, decimal, long, decimal)>(Command(new GetOutboxStatsCall(clock.GetUtcNow()), ct)), ct);
        return new OutboxStats(row.Item1, (double)row.Item2, row.Item3, (double)row.Item4);
    }

    public async Task<ResendOutcome> ResendKciAsync(string id, CancellationToken ct) =>
        Enum.Parse<ResendOutcome>(await Run(db => db.QuerySingleAsync<string>(Command(new ResendKciCall(id, clock.GetUtcNow()), ct)), ct));
}
