using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Lifecycle;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.SqlClient;

namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>
/// The SQL Server side of <see cref="IStoreTransaction"/>: each call is one stored procedure in the
/// caller's SqlTransaction; the reads take update locks held to commit.
/// </summary>
internal sealed class SqlServerStoreTransaction(SqlConnection db, SqlTransaction tx, CancellationToken ct) : IStoreTransaction
{
    public Task<IdempotencyKey?> ReadKeyAsync(string tenant, string requestId, DateTimeOffset now) =>
        db.QuerySingleOrDefaultAsync<IdempotencyKey>(Command(new ReadIdempotencyKeyCall(tenant, requestId, now)));

    public Task<ServiceProblem?> ReadProblemAsync(long id) =>
        db.QuerySingleOrDefaultAsync<ServiceProblem>(Command(new ReadProblemForUpdateCall(id)));

    public Task<Cancellation?> ReadCancellationAsync(long id) =>
        db.QuerySingleOrDefaultAsync<Cancellation>(Command(new ReadCancellationForUpdateCall(id)));

    public Task<string?> LatestConversationAsync(long problemId) =>
        db.QuerySingleOrDefaultAsync<string?>(Command(new LatestConversationCall(problemId)));

    public Task<bool> KnowsSupplierKciAsync(string id) => db.QuerySingleAsync<bool>(Command(new KnowsSupplierKciCall(id)));

    public Task<Cancellation> InsertCancellationAsync(NewCancellation request, string supplier, string status, DateTimeOffset keyExpires, DateTimeOffset now) =>
        db.QuerySingleAsync<Cancellation>(Command(new InsertCancellationCall(request.Tenant, request.ServiceProblemId, request.ReasonCode, request.Text,
            status, request.RequestId, request.ConversationId, request.Fingerprint, supplier, keyExpires, request.Test?.Scenario, request.Test?.KciDelay, now)));

    public Task<ClosedDispatch?> CloseDispatchAsync(long outboxId, string owner, DateTimeOffset now) =>
        db.QuerySingleOrDefaultAsync<ClosedDispatch>(Command(new CloseDispatchCall(outboxId, owner, now)));

    public Task RecordSupplierKciAsync(InboundKci kci, bool applied, DateTimeOffset now) =>
        db.ExecuteAsync(Command(new RecordSupplierKciCall(kci.Id, kci.Supplier, kci.ServiceProblemId, kci.SequenceNumber, kci.ReasonCode,
            kci.Text, kci.IssuedOn, applied, now)));

    public Task RequeueDispatchAsync(long cancellationId, DateTimeOffset now) =>
        db.ExecuteAsync(Command(new RequeueDispatchCall(cancellationId, now)));

    public Task SaveAsync(Transition t, DateTimeOffset now)
    {
        var (p, c, k) = (t.Problem, t.Cancellation, t.TenantKci);
        return db.ExecuteAsync(Command(new SaveTransitionCall(t.ProblemId, t.SupplierSequence,
            p?.Status, p?.PreviousStatus, p?.SupplierReference,
            c?.Id, c?.Status, c?.ErrorCode, c is null ? null : StoredMessages.Json(c.Messages), c?.SupplierReference,
            c is null ? null : StoredMessages.Json(c.EventMessages),
            k?.ConversationId, k?.Facts.UpdateType, k?.Facts.InformationType, k?.Facts.Notes, k?.Facts.ErrorJson, k?.IssuedOn, k?.ReceivedOn, now)));
    }

    private CommandDefinition Command(object call) => SqlServerGatewayStore.Command(call, ct, tx);
}
