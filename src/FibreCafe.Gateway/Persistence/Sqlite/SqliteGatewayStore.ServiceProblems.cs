using Dapper;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence.Sqlite;

public sealed partial class SqliteGatewayStore
{
    internal const string ProblemColumns = """
        id AS Id, tenant AS Tenant, supplier AS Supplier, supplier_reference AS SupplierReference,
        status AS Status, previous_status AS PreviousStatus, created AS Created, updated AS Updated,
        last_supplier_sequence AS LastSupplierSequence
        """;

    public Task<ServiceProblem?> GetServiceProblemAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<ServiceProblem>(
            $"SELECT {ProblemColumns} FROM service_problems WHERE id = @Id AND tenant = @Tenant", new { Id = id, Tenant = tenant }));

    public Task<IReadOnlyList<string>> ListProblemSuppliersAsync(CancellationToken ct) =>
        Run<IReadOnlyList<string>>(async db => [.. await db.QueryAsync<string>("SELECT DISTINCT supplier FROM service_problems ORDER BY supplier")]);

    public Task<int> AddServiceProblemsAsync(IReadOnlyList<ServiceProblem> problems, CancellationToken ct) =>
        Write(async db =>
        {
            await using var tx = await db.BeginTransactionAsync(ct);
            var added = await db.ExecuteAsync(
                """
                INSERT INTO service_problems (id, tenant, supplier, supplier_reference, status, previous_status, created, updated)
                VALUES (@Id, @Tenant, @Supplier, @SupplierReference, @Status, @PreviousStatus, @Created, @Updated)
                ON CONFLICT (id) DO NOTHING
                """, problems.Select(p => new { p.Id, p.Tenant, p.Supplier, p.SupplierReference, p.Status, p.PreviousStatus, Created = Iso(p.Created), Updated = Iso(p.Updated) }), tx);
            await tx.CommitAsync(ct);
            return added;
        });
}
