using Dapper;
using Newtonsoft.Json;
using FibreCafe.Gateway.Dispatch;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    // Earliest due first, in the order of ix_outbox_due, so LIMIT stops early however long the backlog
    // (ordering by id sorted every due row on each claim).
    public Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, ClaimFilter filter, CancellationToken ct) =>
        Batched<IReadOnlyList<DispatchWork>>(async (db, tx) =>
        {
            var now = clock.GetUtcNow();
            var claimed = (await db.QueryAsync<long>(
                """
                UPDATE outbox SET lease_owner = @Owner, lease_expires = @Until
                WHERE id IN (SELECT id FROM outbox
                             WHERE done_at IS NULL AND next_attempt_at <= @Now AND (lease_expires IS NULL OR lease_expires < @Now)
                               AND (supplier NOT IN (SELECT value FROM json_each(@Waiting))
                                    OR COALESCE(window_started_at, created) < @WindowsStartedBefore)
                             ORDER BY next_attempt_at, id LIMIT @Max)
                RETURNING id
                """, new { Owner = owner, Until = Iso(now + lease), Now = Iso(now), Max = max,
                           Waiting = JsonConvert.SerializeObject(filter.Waiting), WindowsStartedBefore = Iso(filter.WindowsStartedBefore) }, tx)).ToArray();
            if (claimed.Length == 0) return [];
            var details = (await db.QueryAsync<DispatchWork>(
                """
                SELECT o.id AS OutboxId, o.attempts AS Attempts, COALESCE(o.window_started_at, o.created) AS WindowStartedAt, c.id AS CancellationId, c.tenant AS Tenant,
                       c.service_problem_id AS ServiceProblemId, p.supplier_reference AS ProblemSupplierReference,
                       o.supplier AS Supplier, c.reason_code AS ReasonCode, c.text AS Text,
                       c.conversation_id AS ConversationId, o.request_id AS RequestId,
                       o.test_scenario AS TestScenario, o.test_kci_delay AS TestKciDelay
                FROM outbox o JOIN cancellations c ON c.id = o.cancellation_id JOIN service_problems p ON p.id = c.service_problem_id
                WHERE o.id IN @Ids ORDER BY o.id
                """, new { Ids = claimed }, tx)).ToList();
            return details;
        });

    public Task<long?> BeginDispatchAttemptAsync(long outboxId, string owner, TimeSpan lease, CancellationToken ct) =>
        Batched((db, tx) => db.Prepared(tx,
            """
            UPDATE outbox SET attempts = attempts + 1, lease_expires = @Until
            WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL
            RETURNING attempts
            """, ("@Id", outboxId), ("@Owner", owner), ("@Until", Iso(clock.GetUtcNow() + lease))).ValueAsync<long?>());

    public Task<bool> CompleteDispatchAsync(long outboxId, string owner, DispatchResult result, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.CompleteDispatchAsync(tx, outboxId, owner, result, now), ct, worker: true);

    public Task ReleaseDispatchAsync(long outboxId, string owner, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        Batched((db, tx) => db.WriteAsync(tx,
            "UPDATE outbox SET lease_owner = NULL, lease_expires = NULL, next_attempt_at = @Next WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL",
            ("@Id", outboxId), ("@Owner", owner), ("@Next", Iso(nextAttemptAt))));
}
