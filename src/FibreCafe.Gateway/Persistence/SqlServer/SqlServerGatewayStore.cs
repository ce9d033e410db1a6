using System.Data;
using System.Reflection;
using Dapper;
using DbUp;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.SqlClient;
using Newtonsoft.Json;
using Polly;

namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>
/// The production store: SQL Server (or Azure SQL) shared by every gateway instance. All access
/// is Dapper calling the stored procedures in Migrations/*.sql; there is no SQL text in C#.
/// </summary>
public sealed class SqlServerGatewayStore(string connectionString, TimeProvider clock, ResiliencePipeline resilience, ILogger logger)
    : IGatewayStore
{
    public Task MigrateAsync(CancellationToken ct) => Task.Run(() =>
    {
        var upgrader = DeployChanges.To.SqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".Persistence.SqlServer.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            if (result.Error is SqlException sql && SqlServerResilience.IsUnreachable(sql))
                throw new StoreUnavailableException($"SQL Server unavailable: {sql.Message}", sql);
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed", result.Error);
        }
    }, ct);

    public Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct) =>
        Run(async db =>
        {
            var call = new CreateCancellationCall(request.Tenant, request.ServiceProblemId, request.ReasonCode, request.Text,
                request.RequestId, request.ConversationId, request.Fingerprint, keyExpires, clock.GetUtcNow());
            using var results = await db.QueryMultipleAsync(Command(call, ct));
            var outcome = await results.ReadSingleAsync<(string Outcome, string? ProblemStatus)>();
            var cancellation = await results.ReadSingleOrDefaultAsync<Cancellation>();
            return new CreateCancellationResult(Enum.Parse<CreateCancellationOutcome>(outcome.Outcome), cancellation, outcome.ProblemStatus);
        }, ct);

    public Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(Command(new GetCancellationCall(tenant, id), ct)), ct);

    public Task<Cancellation?> GetCancellationByRequestIdAsync(string tenant, string requestId, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(Command(new GetCancellationByRequestIdCall(tenant, requestId), ct)), ct);

    public Task<ServiceProblem?> GetServiceProblemAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<ServiceProblem>(Command(new GetServiceProblemCall(tenant, id), ct)), ct);

    public Task<int> AddServiceProblemsAsync(IReadOnlyList<ServiceProblem> problems, CancellationToken ct) =>
        Run(db => db.ExecuteScalarAsync<int>(Command(new AddServiceProblemsCall(JsonConvert.SerializeObject(problems)), ct)), ct);

    private static CommandDefinition Command(object call, CancellationToken ct) => new(
        call.GetType().GetCustomAttribute<StoredProcedureAttribute>()!.Name, call,
        commandType: CommandType.StoredProcedure, cancellationToken: ct);

    /// <summary>Opens a connection inside the retry pipeline and maps an unreachable server to <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> Run<T>(Func<SqlConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await resilience.ExecuteAsync(async token =>
            {
                await using var db = new SqlConnection(connectionString);
                await db.OpenAsync(token);
                return await work(db);
            }, ct);
        }
        catch (SqlException e) when (SqlServerResilience.IsUnreachable(e))
        {
            throw new StoreUnavailableException($"SQL Server unavailable: {e.Message}", e);
        }
    }

    private sealed class DbUpLog(ILogger logger) : DbUp.Engine.Output.IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
