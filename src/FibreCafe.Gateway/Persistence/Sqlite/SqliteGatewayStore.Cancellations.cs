using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    private const string CancellationColumns = """
        id AS Id, tenant AS Tenant, service_problem_id AS ServiceProblemId, reason_code AS ReasonCode,
        text AS Text, status AS Status, request_id AS RequestId, conversation_id AS ConversationId,
        fingerprint AS Fingerprint, created AS Created, updated AS Updated,
        supplier_reference AS SupplierReference, error_code AS ErrorCode, messages AS Messages
        """;

    public Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct) =>
        Write(async db =>
        {
            var now = Now();
            // Microsoft.Data.Sqlite begins IMMEDIATE unless asked to defer: the write lock is ours from here.
            await using var tx = await db.BeginTransactionAsync(ct);
            var key = new { request.Tenant, request.RequestId, Now = now };

            await db.ExecuteAsync(
                "DELETE FROM idempotency_keys WHERE tenant = @Tenant AND request_id = @RequestId AND expires <= @Now", key, tx);
            var known = await db.QuerySingleOrDefaultAsync<(string Fingerprint, long CancellationId)?>(
                "SELECT fingerprint, cancellation_id FROM idempotency_keys WHERE tenant = @Tenant AND request_id = @RequestId", key, tx);
            if (known is { } k)
            {
                if (k.Fingerprint != request.Fingerprint)
                    return new CreateCancellationResult(CreateCancellationOutcome.RequestIdReused);
                var original = await db.QuerySingleAsync<Cancellation>(
                    $"SELECT {CancellationColumns} FROM cancellations WHERE id = @Id", new { Id = k.CancellationId }, tx);
                return new CreateCancellationResult(CreateCancellationOutcome.Replayed, original);
            }

            var problem = await db.QuerySingleOrDefaultAsync<ServiceProblem>(
                $"SELECT {ProblemColumns} FROM service_problems WHERE id = @Id", new { Id = request.ServiceProblemId }, tx);
            if (CancellationRules.Refusal(problem, request.Tenant) is { } refusal)
                return new CreateCancellationResult(refusal, ProblemStatus: problem?.Tenant == request.Tenant ? problem.Status : null);

            var created = await db.QuerySingleAsync<Cancellation>(
                $"""
                INSERT INTO cancellations (tenant, service_problem_id, reason_code, text, status, request_id, conversation_id, fingerprint, created, updated)
                VALUES (@Tenant, @ServiceProblemId, @ReasonCode, @Text, '{CancellationStatus.ReceivedByGateway}', @RequestId, @ConversationId, @Fingerprint, @Now, @Now)
                RETURNING {CancellationColumns}
                """,
                new { request.Tenant, request.ServiceProblemId, request.ReasonCode, request.Text, request.RequestId, request.ConversationId, request.Fingerprint, Now = now }, tx);
            await db.ExecuteAsync(
                $"UPDATE service_problems SET previous_status = status, status = '{ServiceProblemStatus.PendingCancellation}', updated = @Now WHERE id = @Id",
                new { Id = request.ServiceProblemId, Now = now }, tx);
            // The outbox row commits with the cancellation: once the 201 is sent, the dispatch cannot be lost.
            await db.ExecuteAsync(
                """
                INSERT INTO outbox (cancellation_id, supplier, request_id, next_attempt_at, created, test_scenario, test_kci_delay)
                VALUES (@Id, @Supplier, @RequestId, @Now, @Now, @Scenario, @KciDelay);
                INSERT INTO cancellation_events (cancellation_id, status, at) VALUES (@Id, @Status, @Now);
                """,
                new
                {
                    created.Id, problem!.Supplier, RequestId = Guid.NewGuid().ToString(), Status = created.Status, Now = now,
                    request.Test?.Scenario, request.Test?.KciDelay,
                }, tx);
            await db.ExecuteAsync(
                "INSERT INTO idempotency_keys (tenant, request_id, fingerprint, cancellation_id, expires) VALUES (@Tenant, @RequestId, @Fingerprint, @Id, @Expires)",
                new { request.Tenant, request.RequestId, request.Fingerprint, created.Id, Expires = Iso(keyExpires) }, tx);

            await tx.CommitAsync(ct);
            return new CreateCancellationResult(CreateCancellationOutcome.Created, created);
        });

    public Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(
            $"SELECT {CancellationColumns} FROM cancellations WHERE id = @Id AND tenant = @Tenant", new { Id = id, Tenant = tenant }));

    public Task<Cancellation?> GetCancellationByRequestIdAsync(string tenant, string requestId, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(
            $"SELECT {CancellationColumns} FROM cancellations WHERE tenant = @Tenant AND request_id = @RequestId ORDER BY id DESC LIMIT 1",
            new { Tenant = tenant, RequestId = requestId }));
}
