using Dapper;
using FibreCafe.Gateway.Cancellations;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    internal const string CancellationColumns = """
        id AS Id, tenant AS Tenant, service_problem_id AS ServiceProblemId, reason_code AS ReasonCode,
        text AS Text, status AS Status, request_id AS RequestId, conversation_id AS ConversationId,
        fingerprint AS Fingerprint, created AS Created, updated AS Updated,
        supplier_reference AS SupplierReference, error_code AS ErrorCode, messages AS Messages
        """;

    public Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.CreateAsync(tx, request, keyExpires, now), ct);

    public Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(
            $"SELECT {CancellationColumns} FROM cancellations WHERE id = @Id AND tenant = @Tenant", new { Id = id, Tenant = tenant }));
}
