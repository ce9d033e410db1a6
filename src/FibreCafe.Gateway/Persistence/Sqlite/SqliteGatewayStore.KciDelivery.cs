using Dapper;
using FibreCafe.Gateway.Kcis;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    // A KCI is due only when no earlier KCI of its problem is still waiting: strict order per problem.
    // Earliest due first, in the order of ix_tenant_kcis_due, so LIMIT stops early.
    public Task<IReadOnlyList<TenantKciWork>> ClaimTenantKcisAsync(string owner, TimeSpan lease, int max, CancellationToken ct) =>
        Batched<IReadOnlyList<TenantKciWork>>(async (db, tx) =>
        {
            var now = clock.GetUtcNow();
            var claimed = (await db.QueryAsync<string>(
                """
                UPDATE tenant_kcis SET lease_owner = @Owner, lease_expires = @Until
                WHERE id IN (SELECT k.id FROM tenant_kcis k
                             WHERE k.delivered_at IS NULL AND k.undeliverable_at IS NULL AND k.next_attempt_at <= @Now
                               AND (k.lease_expires IS NULL OR k.lease_expires < @Now)
                               AND NOT EXISTS (SELECT 1 FROM tenant_kcis e
                                               WHERE e.service_problem_id = k.service_problem_id AND e.sequence_number < k.sequence_number
                                                 AND e.delivered_at IS NULL AND e.undeliverable_at IS NULL)
                             ORDER BY k.next_attempt_at, k.rowid LIMIT @Max)
                RETURNING id
                """, new { Owner = owner, Until = Iso(now + lease), Now = Iso(now), Max = max }, tx)).ToArray();
            if (claimed.Length == 0) return [];
            var work = await db.QueryAsync<TenantKciWork>(
                """
                SELECT k.id AS Id, k.tenant AS Tenant, k.supplier AS Supplier, k.service_problem_id AS ServiceProblemId,
                       k.sequence_number AS SequenceNumber, k.conversation_id AS ConversationId, k.update_type AS UpdateType,
                       k.information_type AS InformationType, k.notes AS Notes, k.error AS Error, k.issued_on AS IssuedOn,
                       k.received_on AS ReceivedOn, k.attempts AS Attempts, p.status AS ProblemStatus, p.supplier_reference AS SupplierReference,
                       p.created AS ProblemCreated, p.updated AS ProblemUpdated, c.id AS CancellationId, c.status AS CancellationStatus
                FROM tenant_kcis k JOIN service_problems p ON p.id = k.service_problem_id
                LEFT JOIN cancellations c ON c.id = (SELECT MAX(id) FROM cancellations WHERE service_problem_id = p.id)
                WHERE k.id IN @Ids ORDER BY k.rowid
                """, new { Ids = claimed }, tx);
            return [.. work];
        });

    public Task<long?> BeginKciAttemptAsync(string kciId, string owner, TimeSpan lease, CancellationToken ct) =>
        Batched((db, tx) => db.Prepared(tx,
            "UPDATE tenant_kcis SET attempts = attempts + 1, lease_expires = @Until WHERE id = @Id AND lease_owner = @Owner AND delivered_at IS NULL AND undeliverable_at IS NULL RETURNING attempts",
            ("@Id", kciId), ("@Owner", owner), ("@Until", Iso(clock.GetUtcNow() + lease))).ValueAsync<long?>());

    public Task FinishKciAsync(string kciId, string owner, KciDeliveryResult result, CancellationToken ct) =>
        Batched((db, tx) => db.WriteAsync(tx,
            """
            UPDATE tenant_kcis SET lease_owner = NULL, lease_expires = NULL, last_error = @Error,
                   delivered_at = CASE WHEN @Delivered THEN @Now END,
                   undeliverable_at = CASE WHEN NOT @Delivered AND @RetryAt IS NULL THEN @Now END,
                   next_attempt_at = COALESCE(@RetryAt, next_attempt_at)
            WHERE id = @Id AND lease_owner = @Owner
            """, ("@Id", kciId), ("@Owner", owner), ("@Delivered", result.Delivered), ("@RetryAt", result.RetryAt is { } at ? Iso(at) : null),
            ("@Error", result.Error), ("@Now", Now())));
}
