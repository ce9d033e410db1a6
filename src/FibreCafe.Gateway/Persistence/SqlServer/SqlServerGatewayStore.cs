using System.Data;
using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Support;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.SqlClient;
using Newtonsoft.Json;
using Polly;

namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>
/// The production store: SQL Server (or Azure SQL) shared by every gateway instance. All access
/// is Dapper calling the stored procedures in Procedures/*.sql; there is no SQL text in C#.
/// </summary>
public sealed partial class SqlServerGatewayStore(string connectionString, TimeProvider clock, ResiliencePipeline resilience, ILogger logger)
    : IGatewayStore
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        // Reach the server first, so an outage is a StoreUnavailableException like any other call.
        await resilience.ExecuteAsync(async token => await (await SqlServerResilience.OpenAsync(connectionString, token)).DisposeAsync(), ct);
        await Task.Run(Upgrade, ct);
    }

    private void Upgrade()
    {
        // Tables and other DDL: numbered, run once (journal dbo.SchemaVersions). Procedures: one file
        // each, CREATE OR ALTER, run on every migrate, so a procedure has exactly one definition.
        var assembly = Assembly.GetExecutingAssembly();
        var upgrader = DeployChanges.To.SqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(assembly, name => name.Contains(".Persistence.SqlServer.Migrations.", StringComparison.Ordinal),
                new SqlScriptOptions { ScriptType = ScriptType.RunOnce, RunGroupOrder = 1 })
            .WithScriptsEmbeddedInAssembly(assembly, name => name.Contains(".Persistence.SqlServer.Procedures.", StringComparison.Ordinal),
                new SqlScriptOptions { ScriptType = ScriptType.RunAlways, RunGroupOrder = 2 })
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed", result.Error);
    }

    public Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.CreateAsync(tx, request, keyExpires, now), ct);

    public Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<Cancellation>(Command(new GetCancellationCall(tenant, id), ct)), ct);

    public Task<ServiceProblem?> GetServiceProblemAsync(string tenant, long id, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<ServiceProblem>(Command(new GetServiceProblemCall(tenant, id), ct)), ct);

    public async Task<IReadOnlyList<string>> ListProblemSuppliersAsync(CancellationToken ct) =>
        [.. await Run(db => db.QueryAsync<string>(Command(new ListProblemSuppliersCall(), ct)), ct)];

    public Task<int> AddServiceProblemsAsync(IReadOnlyList<ServiceProblem> problems, CancellationToken ct) =>
        Run(db => db.ExecuteScalarAsync<int>(Command(new AddServiceProblemsCall(JsonConvert.SerializeObject(problems)), ct)), ct);

    public async Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, ClaimFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var call = new ClaimDispatchesCall(owner, now + lease, now, max, JsonConvert.SerializeObject(filter.Waiting), filter.WindowsStartedBefore);
        var work = await Run(db => db.QueryAsync<DispatchWork>(Command(call, ct)), ct);
        return [.. work];
    }

    public Task<long?> BeginDispatchAttemptAsync(long outboxId, string owner, TimeSpan lease, CancellationToken ct) =>
        Run(db => db.QuerySingleOrDefaultAsync<long?>(Command(new BeginDispatchAttemptCall(outboxId, owner, clock.GetUtcNow() + lease), ct)), ct);

    public Task<bool> CompleteDispatchAsync(long outboxId, string owner, DispatchResult result, CancellationToken ct) =>
        InTransaction((tx, now) => StoreWorkflows.CompleteDispatchAsync(tx, outboxId, owner, result, now), ct);

    public Task ReleaseDispatchAsync(long outboxId, string owner, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        Run(db => db.ExecuteAsync(Command(new ReleaseDispatchCall(outboxId, owner, nextAttemptAt), ct)), ct);

    internal static CommandDefinition Command(object call, CancellationToken ct, IDbTransaction? tx = null) => new(
        call.GetType().GetCustomAttribute<StoredProcedureAttribute>()!.Name, call, tx,
        commandType: CommandType.StoredProcedure, cancellationToken: ct);

    /// <summary>
    /// A read-decide-write of <see cref="StoreWorkflows"/> in one SqlTransaction; the whole of it is
    /// retried on a deadlock or a failover, which is safe because nothing is committed until the end.
    /// </summary>
    private Task<T> InTransaction<T>(Func<IStoreTransaction, DateTimeOffset, Task<T>> work, CancellationToken ct) =>
        Run(async db =>
        {
            await using var tx = (SqlTransaction)await db.BeginTransactionAsync(ct);
            var result = await work(new SqlServerStoreTransaction(db, tx, ct), clock.GetUtcNow());
            await tx.CommitAsync(ct);
            return result;
        }, ct);

    /// <summary>One call, retried whole on transient errors; an unreachable server ends as <see cref="StoreUnavailableException"/>.</summary>
    private Task<T> Run<T>(Func<SqlConnection, Task<T>> work, CancellationToken ct) =>
        resilience.ExecuteAsync(async token =>
        {
            await using var db = await SqlServerResilience.OpenAsync(connectionString, token);
            return await work(db);
        }, ct).AsTask();

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
