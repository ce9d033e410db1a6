using System.Data;
using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    public Task<ApplyKciOutcome> ApplySupplierKciAsync(InboundKci kci, KciPlan plan, CancellationToken ct) =>
        Write(async db =>
        {
            var now = Now();
            await using var tx = await db.BeginTransactionAsync(ct);
            if (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM supplier_kcis WHERE id = @Id", new { kci.Id }, tx) > 0)
                return ApplyKciOutcome.Duplicate;
            var problem = await db.QuerySingleOrDefaultAsync<(long Id, string Status, long LastSequence)?>(
                "SELECT id, status, last_supplier_sequence FROM service_problems WHERE id = @Id AND supplier = @Supplier",
                new { Id = kci.ServiceProblemId, kci.Supplier }, tx);
            if (problem is not { } p) return ApplyKciOutcome.ProblemNotFound;
            var cancellation = plan.CancellationId is { } cid
                ? await db.QuerySingleOrDefaultAsync<(string Status, string ConversationId)?>(
                    "SELECT status, conversation_id FROM cancellations WHERE id = @Id AND service_problem_id = @ProblemId", new { Id = cid, ProblemId = p.Id }, tx)
                : null;
            if (plan.CancellationId is not null && cancellation is null) return ApplyKciOutcome.CancellationNotOfProblem;

            var stale = kci.SequenceNumber <= p.LastSequence;
            await db.ExecuteAsync(
                """
                INSERT INTO supplier_kcis (id, supplier, service_problem_id, sequence_number, reason_code, text, issued_on, received_on, applied)
                VALUES (@Id, @Supplier, @ServiceProblemId, @SequenceNumber, @ReasonCode, @Text, @IssuedOn, @Now, @Applied)
                """, new { kci.Id, kci.Supplier, kci.ServiceProblemId, kci.SequenceNumber, kci.ReasonCode, kci.Text, IssuedOn = Iso(kci.IssuedOn), Now = now, Applied = !stale }, tx);
            if (stale)
            {
                await tx.CommitAsync(ct);
                return ApplyKciOutcome.Stale;
            }
            await db.ExecuteAsync("UPDATE service_problems SET last_supplier_sequence = @Seq WHERE id = @Id", new { Seq = kci.SequenceNumber, p.Id }, tx);

            // A cancellation already settled the same way (the supplier's 201 came first) tells the tenant nothing new.
            var settledAlready = cancellation is { } c && c.Status == plan.CancellationStatus;
            if (!settledAlready)
            {
                if (plan.CancellationId is { } id) await SettleCancellation(db, tx, id, plan, now);
                await MoveProblem(db, tx, p.Id, p.Status, plan, now);
                var conversation = cancellation?.ConversationId
                    ?? await db.QuerySingleOrDefaultAsync<string?>(
                        "SELECT conversation_id FROM cancellations WHERE service_problem_id = @Id ORDER BY id DESC LIMIT 1", new { p.Id }, tx)
                    ?? $"fibre-cafe-problem-{p.Id}";
                await RaiseTenantKci(db, tx, p.Id, conversation, plan.TenantKci, Iso(kci.IssuedOn), now, now);
            }
            await tx.CommitAsync(ct);
            return ApplyKciOutcome.Applied;
        });

    private static Task SettleCancellation(SqliteConnection db, IDbTransaction tx, long id, KciPlan plan, string now)
    {
        var messages = plan.CancellationMessages is { Count: > 0 } m ? JsonConvert.SerializeObject(m) : null;
        return db.ExecuteAsync(
            """
            UPDATE cancellations SET status = @Status, messages = COALESCE(@Messages, messages), error_code = NULL, updated = @Now WHERE id = @Id;
            INSERT INTO cancellation_events (cancellation_id, status, messages, at) VALUES (@Id, @Status, @Messages, @Now);
            """, new { Id = id, Status = plan.CancellationStatus, Messages = messages, Now = now }, tx);
    }

    /// <summary>While a cancellation is pending, a lifecycle status lands in previous_status, so a rejection restores the latest one.</summary>
    private static Task MoveProblem(SqliteConnection db, IDbTransaction tx, long id, string status, KciPlan plan, string now)
    {
        var pending = status == ServiceProblemStatus.PendingCancellation;
        var sql = plan switch
        {
            { RestoreProblem: true } => $"UPDATE service_problems SET status = COALESCE(previous_status, status), previous_status = NULL WHERE id = @Id AND status = '{ServiceProblemStatus.PendingCancellation}'",
            { ProblemStatus: ServiceProblemStatus.Cancelled } => "UPDATE service_problems SET status = @Status WHERE id = @Id",
            { ProblemStatus: not null } when pending => "UPDATE service_problems SET previous_status = @Status WHERE id = @Id",
            { ProblemStatus: not null } => "UPDATE service_problems SET status = @Status WHERE id = @Id",
            _ => "SELECT 0",
        };
        return db.ExecuteAsync(
            sql + "; UPDATE service_problems SET supplier_reference = COALESCE(@Reference, supplier_reference), updated = @Now WHERE id = @Id",
            new { Id = id, Status = plan.ProblemStatus, Reference = plan.SupplierReference, Now = now }, tx);
    }

    /// <summary>The next KCI of the problem for its tenant, numbered after the last one, due at once.</summary>
    private static Task RaiseTenantKci(SqliteConnection db, IDbTransaction tx, long problemId, string conversationId,
        TenantKciFacts facts, string issuedOn, string? receivedOn, string now) =>
        db.ExecuteAsync(
            """
            INSERT INTO tenant_kcis (id, tenant, supplier, service_problem_id, sequence_number, conversation_id, update_type,
                                     information_type, notes, error, issued_on, received_on, next_attempt_at)
            SELECT @KciId, p.tenant, p.supplier, p.id,
                   COALESCE((SELECT MAX(sequence_number) FROM tenant_kcis WHERE service_problem_id = p.id), 0) + 1,
                   @ConversationId, @UpdateType, @InformationType, @Notes, @Error, @IssuedOn, @ReceivedOn, @Now
            FROM service_problems p WHERE p.id = @ProblemId
            """,
            new
            {
                KciId = Guid.NewGuid().ToString(), ProblemId = problemId, ConversationId = conversationId, facts.UpdateType, facts.InformationType,
                facts.Notes, Error = facts.ErrorJson, IssuedOn = issuedOn, ReceivedOn = receivedOn, Now = now,
            }, tx);

    public Task<IReadOnlyList<TenantKci>> GetTenantKcisAsync(string tenant, long serviceProblemId, CancellationToken ct) =>
        Run<IReadOnlyList<TenantKci>>(async db => [.. await db.QueryAsync<TenantKci>(
            """
            SELECT id AS Id, sequence_number AS SequenceNumber, issued_on AS IssuedOn, received_on AS ReceivedOn, update_type AS UpdateType,
                   information_type AS InformationType, notes AS Notes, delivered_at AS DeliveredAt, undeliverable_at AS UndeliverableAt,
                   attempts AS Attempts, last_error AS LastError
            FROM tenant_kcis WHERE tenant = @Tenant AND service_problem_id = @Id ORDER BY sequence_number
            """, new { Tenant = tenant, Id = serviceProblemId })]);
}
