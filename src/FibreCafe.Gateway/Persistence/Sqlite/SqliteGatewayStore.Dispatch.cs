using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.ServiceProblems;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, CancellationToken ct) =>
        Write<IReadOnlyList<DispatchWork>>(async db =>
        {
            var now = clock.GetUtcNow();
            await using var tx = await db.BeginTransactionAsync(ct);
            var claimed = (await db.QueryAsync<long>(
                """
                UPDATE outbox SET lease_owner = @Owner, lease_expires = @Until
                WHERE id IN (SELECT id FROM outbox
                             WHERE done_at IS NULL AND next_attempt_at <= @Now AND (lease_expires IS NULL OR lease_expires < @Now)
                             ORDER BY id LIMIT @Max)
                RETURNING id
                """, new { Owner = owner, Until = Iso(now + lease), Now = Iso(now), Max = max }, tx)).ToArray();
            if (claimed.Length == 0) return [];
            var details = (await db.QueryAsync<DispatchWork>(
                """
                SELECT o.id AS OutboxId, o.attempts AS Attempts, c.id AS CancellationId, c.tenant AS Tenant,
                       c.service_problem_id AS ServiceProblemId, p.supplier_reference AS ProblemSupplierReference,
                       o.supplier AS Supplier, c.reason_code AS ReasonCode, c.text AS Text,
                       c.conversation_id AS ConversationId, o.request_id AS RequestId,
                       o.test_scenario AS TestScenario, o.test_kci_delay AS TestKciDelay
                FROM outbox o JOIN cancellations c ON c.id = o.cancellation_id JOIN service_problems p ON p.id = c.service_problem_id
                WHERE o.id IN @Ids ORDER BY o.id
                """, new { Ids = claimed }, tx)).ToList();
            await tx.CommitAsync(ct);
            return details;
        });

    public Task<long?> BeginDispatchAttemptAsync(long outboxId, string owner, TimeSpan lease, CancellationToken ct) =>
        Write(db =>
        {
            var now = clock.GetUtcNow();
            return db.QuerySingleOrDefaultAsync<long?>(
                """
                UPDATE outbox SET attempts = attempts + 1, lease_expires = @Until
                WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL
                RETURNING attempts
                """, new { Id = outboxId, Owner = owner, Until = Iso(now + lease) });
        });

    public Task<bool> CompleteDispatchAsync(long outboxId, string owner, DispatchResult result, CancellationToken ct) =>
        Write(async db =>
        {
            var now = Now();
            await using var tx = await db.BeginTransactionAsync(ct);
            var cancellationId = await db.QuerySingleOrDefaultAsync<long?>(
                "UPDATE outbox SET done_at = @Now, lease_owner = NULL, lease_expires = NULL WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL RETURNING cancellation_id",
                new { Id = outboxId, Owner = owner, Now = now }, tx);
            if (cancellationId is null) return false; // the lease was lost: someone else owns the outcome
            var messages = result.Messages.Count == 0 ? null : JsonConvert.SerializeObject(result.Messages);
            var args = new { Id = cancellationId, result.CancellationStatus, result.ErrorCode, Messages = messages, result.SupplierReference, Now = now };
            // Only a cancellation still waiting for this answer takes it: a supplier KCI may have settled it first.
            var changed = await db.ExecuteAsync(
                $"""
                UPDATE cancellations SET status = @CancellationStatus, error_code = @ErrorCode, messages = @Messages,
                       supplier_reference = COALESCE(@SupplierReference, supplier_reference), updated = @Now
                WHERE id = @Id AND status = '{CancellationStatus.ReceivedByGateway}';
                """, args, tx);
            if (changed == 1)
            {
                await db.ExecuteAsync(
                    "INSERT INTO cancellation_events (cancellation_id, status, error_code, messages, at) VALUES (@Id, @CancellationStatus, @ErrorCode, @Messages, @Now)", args, tx);
                await db.ExecuteAsync(ProblemAfter(result.CancellationStatus), new { Id = cancellationId, Now = now }, tx);
                if (result.TenantKci is { } kci)
                {
                    var (problemId, conversation) = await db.QuerySingleAsync<(long, string)>(
                        "SELECT service_problem_id, conversation_id FROM cancellations WHERE id = @Id", new { Id = cancellationId }, tx);
                    await RaiseTenantKci(db, tx, problemId, conversation, kci, issuedOn: now, receivedOn: null, now);
                }
            }
            await tx.CommitAsync(ct);
            return true;
        });

    public Task ReleaseDispatchAsync(long outboxId, string owner, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        Write(db => db.ExecuteAsync(
            "UPDATE outbox SET lease_owner = NULL, lease_expires = NULL, next_attempt_at = @Next WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL",
            new { Id = outboxId, Owner = owner, Next = Iso(nextAttemptAt) }));

    /// <summary>How the problem moves with its cancellation's outcome (PENDING leaves it PENDING_CANCELLATION).</summary>
    private static string ProblemAfter(string cancellationStatus) => cancellationStatus switch
    {
        CancellationStatus.Completed =>
            $"UPDATE service_problems SET status = '{ServiceProblemStatus.Cancelled}', updated = @Now WHERE id = (SELECT service_problem_id FROM cancellations WHERE id = @Id)",
        CancellationStatus.Rejected or CancellationStatus.FailedToSend =>
            $"""
            UPDATE service_problems SET status = COALESCE(previous_status, status), previous_status = NULL, updated = @Now
            WHERE id = (SELECT service_problem_id FROM cancellations WHERE id = @Id) AND status = '{ServiceProblemStatus.PendingCancellation}'
            """,
        _ => "SELECT 0",
    };
}
