using Dapper;
using FibreCafe.Gateway.Kcis;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<ApplyKciOutcome> ApplySupplierKciAsync(InboundKci kci, KciPlan plan, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.ApplySupplierKciAsync(tx, kci, plan, now), ct);

    public Task<IReadOnlyList<TenantKci>> GetTenantKcisAsync(string tenant, long serviceProblemId, CancellationToken ct) =>
        Run<IReadOnlyList<TenantKci>>(async db => [.. await db.QueryAsync<TenantKci>(
            """
            SELECT id AS Id, sequence_number AS SequenceNumber, issued_on AS IssuedOn, received_on AS ReceivedOn, update_type AS UpdateType,
                   information_type AS InformationType, notes AS Notes, delivered_at AS DeliveredAt, undeliverable_at AS UndeliverableAt,
                   attempts AS Attempts, last_error AS LastError
            FROM tenant_kcis WHERE tenant = @Tenant AND service_problem_id = @Id ORDER BY sequence_number
            """, new { Tenant = tenant, Id = serviceProblemId })]);
}
