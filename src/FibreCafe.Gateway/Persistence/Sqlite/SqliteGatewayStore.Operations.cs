using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Operations;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<IReadOnlyList<FailedCancellation>> ListFailedCancellationsAsync(CancellationToken ct) =>
        Run<IReadOnlyList<FailedCancellation>>(async db => [.. await db.QueryAsync<FailedCancellation>(
            """
            SELECT c.id AS Id, c.tenant AS Tenant, c.service_problem_id AS ServiceProblemId, o.supplier AS Supplier,
                   c.error_code AS ErrorCode, c.messages AS Messages, c.updated AS Updated
            FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id
            WHERE c.status = @Status ORDER BY c.id
            """, new { Status = CancellationStatus.FailedToSend })]);

    public Task<IReadOnlyList<UndeliverableKci>> ListUndeliverableKcisAsync(CancellationToken ct) =>
        Run<IReadOnlyList<UndeliverableKci>>(async db => [.. await db.QueryAsync<UndeliverableKci>(
            """
            SELECT id AS Id, tenant AS Tenant, service_problem_id AS ServiceProblemId, sequence_number AS SequenceNumber,
                   information_type AS InformationType, last_error AS LastError, undeliverable_at AS UndeliverableAt
            FROM tenant_kcis WHERE undeliverable_at IS NOT NULL ORDER BY rowid
            """)]);

    public Task<ResendOutcome> ResendCancellationAsync(long id, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.ResendCancellationAsync(tx, id, now), ct);

    public Task<ResendOutcome> ResendKciAsync(string id, CancellationToken ct) =>
        Write(async db =>
        {
            var undeliverable = await db.QuerySingleOrDefaultAsync<string?>(
                "SELECT COALESCE(undeliverable_at, '') FROM tenant_kcis WHERE id = @Id", new { Id = id });
            if (undeliverable is null) return ResendOutcome.NotFound;
            if (undeliverable == "") return ResendOutcome.NotFailed;
            await db.ExecuteAsync(
                "UPDATE tenant_kcis SET undeliverable_at = NULL, attempts = 0, next_attempt_at = @Now, lease_owner = NULL, lease_expires = NULL WHERE id = @Id",
                new { Id = id, Now = Now() });
            return ResendOutcome.Resent;
        });
}
