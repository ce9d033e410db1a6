using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<IReadOnlyList<FailedCancellation>> ListFailedCancellationsAsync(CancellationToken ct) =>
        Run<IReadOnlyList<FailedCancellation>>(async db => [.. await db.QueryAsync<FailedCancellation>(
            $"""
            SELECT c.id AS Id, c.tenant AS Tenant, c.service_problem_id AS ServiceProblemId, o.supplier AS Supplier,
                   c.error_code AS ErrorCode, c.messages AS Messages, c.updated AS Updated
            FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id
            WHERE c.status = '{CancellationStatus.FailedToSend}' ORDER BY c.id
            """)]);

    public Task<IReadOnlyList<UndeliverableKci>> ListUndeliverableKcisAsync(CancellationToken ct) =>
        Run<IReadOnlyList<UndeliverableKci>>(async db => [.. await db.QueryAsync<UndeliverableKci>(
            """
            SELECT id AS Id, tenant AS Tenant, service_problem_id AS ServiceProblemId, sequence_number AS SequenceNumber,
                   information_type AS InformationType, last_error AS LastError, undeliverable_at AS UndeliverableAt
            FROM tenant_kcis WHERE undeliverable_at IS NOT NULL ORDER BY rowid
            """)]);

    public Task<ResendOutcome> ResendCancellationAsync(long id, CancellationToken ct) =>
        Write(async db =>
        {
            var now = Now();
            await using var tx = await db.BeginTransactionAsync(ct);
            var found = await db.QuerySingleOrDefaultAsync<(string Status, string Tenant, long ProblemId)?>(
                "SELECT status, tenant, service_problem_id FROM cancellations WHERE id = @Id", new { Id = id }, tx);
            if (found is not { } c) return ResendOutcome.NotFound;
            if (c.Status != CancellationStatus.FailedToSend) return ResendOutcome.NotFailed;
            var problem = await db.QuerySingleAsync<ServiceProblem>(
                $"SELECT {ProblemColumns} FROM service_problems WHERE id = @Id", new { Id = c.ProblemId }, tx);
            // The same rules as a new request: a problem that moved on is not cancelled behind the tenant's back.
            if (CancellationRules.Refusal(problem, c.Tenant) is not null) return ResendOutcome.ProblemMovedOn;
            await db.ExecuteAsync(
                $"""
                UPDATE service_problems SET previous_status = status, status = '{ServiceProblemStatus.PendingCancellation}', updated = @Now WHERE id = @ProblemId;
                UPDATE cancellations SET status = '{CancellationStatus.ReceivedByGateway}', error_code = NULL, messages = NULL, updated = @Now WHERE id = @Id;
                INSERT INTO cancellation_events (cancellation_id, status, messages, at) VALUES (@Id, '{CancellationStatus.ReceivedByGateway}', '["resent by an operator"]', @Now);
                UPDATE outbox SET done_at = NULL, attempts = 0, next_attempt_at = @Now, lease_owner = NULL, lease_expires = NULL WHERE cancellation_id = @Id;
                """, new { Id = id, c.ProblemId, Now = now }, tx);
            await tx.CommitAsync(ct);
            return ResendOutcome.Resent;
        });

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
