using Dapper;
using FibreCafe.Gateway.Operations;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<OutboxStats> GetOutboxStatsAsync(CancellationToken ct) =>
        Run(async db =>
        {
            var now = clock.GetUtcNow();
            var (sent, oldestSent) = await db.QuerySingleAsync<(long, string?)>("SELECT COUNT(*), MIN(created) FROM outbox WHERE done_at IS NULL");
            var (kcis, oldestKci) = await db.QuerySingleAsync<(long, string?)>(
                "SELECT COUNT(*), MIN(issued_on) FROM tenant_kcis WHERE delivered_at IS NULL AND undeliverable_at IS NULL");
            return new OutboxStats(sent, Age(oldestSent), kcis, Age(oldestKci));

            double Age(string? oldest) => oldest is null ? 0 : Math.Max(0, (now - DateTimeOffset.Parse(oldest, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds);
        });
}
