using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Lifecycle;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// The SQLite side of <see cref="IStoreTransaction"/>. The transaction began IMMEDIATE, so the whole
/// file is ours until commit: rows need no locks of their own. Statements only read and write.
/// </summary>
internal sealed class SqliteStoreTransaction(SqliteConnection db, SqliteTransaction tx) : IStoreTransaction
{
    // An expired key is passed over here and replaced when its request id is used again (InsertCancellationAsync).
    public Task<IdempotencyKey?> ReadKeyAsync(string tenant, string requestId, DateTimeOffset now) => db.Prepared(tx,
        "SELECT fingerprint AS Fingerprint, cancellation_id AS CancellationId FROM idempotency_keys WHERE tenant = @Tenant AND request_id = @RequestId AND expires > @Now",
        ("@Tenant", tenant), ("@RequestId", requestId), ("@Now", Iso(now))).RowAsync<IdempotencyKey>();

    public Task<ServiceProblem?> ReadProblemAsync(long id) =>
        db.Prepared(tx, ReadProblem, ("@Id", id)).RowAsync<ServiceProblem>();

    public Task<Cancellation?> ReadCancellationAsync(long id) =>
        db.Prepared(tx, ReadCancellation, ("@Id", id)).RowAsync<Cancellation>();

    public Task<string?> LatestConversationAsync(long problemId) => db.Prepared(tx,
        "SELECT conversation_id FROM cancellations WHERE service_problem_id = @Id ORDER BY id DESC LIMIT 1", ("@Id", problemId)).ValueAsync<string>();

    public async Task<bool> KnowsSupplierKciAsync(string id) =>
        await db.Prepared(tx, "SELECT COUNT(*) FROM supplier_kcis WHERE id = @Id", ("@Id", id)).ValueAsync<long>() > 0;

    public async Task<Cancellation> InsertCancellationAsync(NewCancellation request, string supplier, string status, DateTimeOffset keyExpires, DateTimeOffset now)
    {
        var at = Iso(now);
        // Only the id is read back: the rest of the row is what was just written (reading it all back
        // made a string per column and parsed the two dates again, 0.7 KB of a POST's allocations).
        var id = await db.Prepared(tx, InsertCancellation,
            ("@Tenant", request.Tenant), ("@ServiceProblemId", request.ServiceProblemId), ("@ReasonCode", request.ReasonCode), ("@Text", request.Text),
            ("@Status", status), ("@RequestId", request.RequestId), ("@ConversationId", request.ConversationId), ("@Fingerprint", request.Fingerprint),
            ("@Now", at)).ValueAsync<long>();
        var created = new Cancellation(id, request.Tenant, request.ServiceProblemId, request.ReasonCode, request.Text, status,
            request.RequestId, request.ConversationId, request.Fingerprint, now, now);
        // The outbox row commits with the cancellation: once the 201 is sent, the dispatch cannot be lost.
        // One statement per command: Microsoft.Data.Sqlite looks every parameter of a command up by name
        // in each of its statements, a new UTF-8 copy of the name each time. For the same reason the first
        // event and the key take what they share with the new row from the row itself.
        object cancellation = id;
        await db.WriteAsync(tx,
            """
            INSERT INTO outbox (cancellation_id, supplier, request_id, next_attempt_at, created, test_scenario, test_kci_delay)
            VALUES (@Id, @Supplier, @OutboxRequestId, @Now, @Now, @Scenario, @KciDelay)
            """,
            ("@Id", cancellation), ("@Supplier", supplier), ("@OutboxRequestId", Guid.NewGuid().ToString()), ("@Now", at),
            ("@Scenario", request.Test?.Scenario), ("@KciDelay", request.Test?.KciDelay));
        await db.WriteAsync(tx,
            "INSERT INTO cancellation_events (cancellation_id, status, at) SELECT id, status, created FROM cancellations WHERE id = @Id",
            ("@Id", cancellation));
        // A key still in force for this request id would have been read first (ReadKeyAsync); only an
        // expired one is replaced, and anything else fails the create rather than repoint a live key.
        var keys = await db.WriteAsync(tx,
            """
            INSERT INTO idempotency_keys (tenant, request_id, fingerprint, cancellation_id, expires)
            SELECT tenant, request_id, fingerprint, id, @Expires FROM cancellations WHERE id = @Id
            ON CONFLICT (tenant, request_id) DO UPDATE SET fingerprint = excluded.fingerprint, cancellation_id = excluded.cancellation_id, expires = excluded.expires
            WHERE idempotency_keys.expires <= (SELECT created FROM cancellations WHERE id = excluded.cancellation_id)
            """,
            ("@Id", cancellation), ("@Expires", SqliteGatewayStore.Iso(keyExpires)));
        if (keys != 1) throw new InvalidOperationException($"X-Request-ID '{request.RequestId}' of {request.Tenant} still has a key in force");
        return created;
    }

    public Task<ClosedDispatch?> CloseDispatchAsync(long outboxId, string owner, DateTimeOffset now) => db.Prepared(tx,
        """
        UPDATE outbox SET done_at = @Now, lease_owner = NULL, lease_expires = NULL WHERE id = @Id AND lease_owner = @Owner AND done_at IS NULL
        RETURNING cancellation_id AS CancellationId, (SELECT service_problem_id FROM cancellations WHERE id = cancellation_id) AS ServiceProblemId
        """, ("@Id", outboxId), ("@Owner", owner), ("@Now", Iso(now))).RowAsync<ClosedDispatch>();

    public Task RecordSupplierKciAsync(InboundKci kci, bool applied, DateTimeOffset now) => db.WriteAsync(tx,
        """
        INSERT INTO supplier_kcis (id, supplier, service_problem_id, sequence_number, reason_code, text, issued_on, received_on, applied)
        VALUES (@Id, @Supplier, @ServiceProblemId, @SequenceNumber, @ReasonCode, @Text, @IssuedOn, @Now, @Applied)
        """, ("@Id", kci.Id), ("@Supplier", kci.Supplier), ("@ServiceProblemId", kci.ServiceProblemId), ("@SequenceNumber", kci.SequenceNumber),
        ("@ReasonCode", kci.ReasonCode), ("@Text", kci.Text), ("@IssuedOn", SqliteGatewayStore.Iso(kci.IssuedOn)),
        ("@Now", Iso(now)), ("@Applied", applied));

    public Task RequeueDispatchAsync(long cancellationId, DateTimeOffset now) => db.WriteAsync(tx,
        "UPDATE outbox SET done_at = NULL, attempts = 0, next_attempt_at = @Now, window_started_at = @Now, lease_owner = NULL, lease_expires = NULL WHERE cancellation_id = @Id",
        ("@Id", cancellationId), ("@Now", Iso(now)));

    public async Task SaveAsync(Transition t, DateTimeOffset now)
    {
        var at = Iso(now);
        if (t.SupplierSequence is { } sequence)
            await db.WriteAsync(tx, "UPDATE service_problems SET last_supplier_sequence = @Sequence WHERE id = @Id", ("@Sequence", sequence), ("@Id", t.ProblemId));
        if (t.Problem is { } p)
            await db.WriteAsync(tx,
                "UPDATE service_problems SET status = @Status, previous_status = @PreviousStatus, supplier_reference = @SupplierReference, updated = @Now WHERE id = @Id",
                ("@Status", p.Status), ("@PreviousStatus", p.PreviousStatus), ("@SupplierReference", p.SupplierReference), ("@Now", at), ("@Id", t.ProblemId));
        if (t.Cancellation is { } c)
        {
            await db.WriteAsync(tx,
                "UPDATE cancellations SET status = @Status, error_code = @ErrorCode, messages = @Messages, supplier_reference = @SupplierReference, updated = @Now WHERE id = @Id",
                ("@Id", c.Id), ("@Status", c.Status), ("@ErrorCode", c.ErrorCode), ("@Messages", StoredMessages.Json(c.Messages)),
                ("@SupplierReference", c.SupplierReference), ("@Now", at));
            await db.WriteAsync(tx,
                "INSERT INTO cancellation_events (cancellation_id, status, error_code, messages, at) VALUES (@Id, @Status, @ErrorCode, @Messages, @Now)",
                ("@Id", c.Id), ("@Status", c.Status), ("@ErrorCode", c.ErrorCode), ("@Messages", StoredMessages.Json(c.EventMessages)), ("@Now", at));
        }
        if (t.TenantKci is { } k)
            await db.WriteAsync(tx,
                """
                INSERT INTO tenant_kcis (id, tenant, supplier, service_problem_id, sequence_number, conversation_id, update_type,
                                         information_type, notes, error, issued_on, received_on, next_attempt_at)
                SELECT @KciId, p.tenant, p.supplier, p.id,
                       COALESCE((SELECT MAX(sequence_number) FROM tenant_kcis WHERE service_problem_id = p.id), 0) + 1,
                       @ConversationId, @UpdateType, @InformationType, @Notes, @Error, @IssuedOn, @ReceivedOn, @Now
                FROM service_problems p WHERE p.id = @ProblemId
                """,
                ("@KciId", Guid.NewGuid().ToString()), ("@ProblemId", t.ProblemId), ("@ConversationId", k.ConversationId),
                ("@UpdateType", k.Facts.UpdateType), ("@InformationType", k.Facts.InformationType), ("@Notes", k.Facts.Notes), ("@Error", k.Facts.ErrorJson),
                ("@IssuedOn", SqliteGatewayStore.Iso(k.IssuedOn)), ("@ReceivedOn", k.ReceivedOn is { } r ? SqliteGatewayStore.Iso(r) : null), ("@Now", at));
    }

    // A workflow passes the same "now" to each of its steps: it is made into text once (other times
    // are turned into text where they are used).
    private (DateTimeOffset Time, string Text) _now;

    private string Iso(DateTimeOffset time)
    {
        if (_now.Text is null || _now.Time != time) _now = (time, SqliteGatewayStore.Iso(time));
        return _now.Text;
    }

    private static readonly string ReadProblem = $"SELECT {SqliteGatewayStore.ProblemColumns} FROM service_problems WHERE id = @Id";
    private static readonly string ReadCancellation = $"SELECT {SqliteGatewayStore.CancellationColumns} FROM cancellations WHERE id = @Id";
    private const string InsertCancellation =
        """
        INSERT INTO cancellations (tenant, service_problem_id, reason_code, text, status, request_id, conversation_id, fingerprint, created, updated)
        VALUES (@Tenant, @ServiceProblemId, @ReasonCode, @Text, @Status, @RequestId, @ConversationId, @Fingerprint, @Now, @Now)
        RETURNING id
        """;
}
