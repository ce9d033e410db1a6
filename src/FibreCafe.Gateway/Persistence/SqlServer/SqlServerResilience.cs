using Microsoft.Data.SqlClient;
using Polly;
using Polly.Retry;

namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>
/// Which SQL Server errors are worth another try, and which mean the database cannot be reached.
/// Every procedure is one transaction, so retrying a whole call is safe.
/// </summary>
public static class SqlServerResilience
{
    // Deadlock victim, lock timeout, and the Azure SQL / failover codes Microsoft documents as transient.
    private static readonly HashSet<int> Transient =
        [1205, 1222, -2, 233, 64, 10053, 10054, 10060, 40197, 40501, 40613, 49918, 49919, 49920, 4060, 4221, 10928, 10929, 40143, 40540];

    // Could not connect at all (network, server name, database offline, login refused, timeout).
    private static readonly HashSet<int> Unreachable = [-2, -1, 2, 53, 64, 233, 4060, 10053, 10054, 10060, 11001, 18456, 40613];

    public static bool IsTransient(Exception e) => e is SqlException sql && sql.Errors.Cast<SqlError>().Any(x => Transient.Contains(x.Number))
                                                   || e is TimeoutException;

    public static bool IsUnreachable(SqlException e) => e.Errors.Cast<SqlError>().Any(x => Unreachable.Contains(x.Number));

    public static ResiliencePipeline Pipeline(int retries = 3) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
        })
        .Build();
}
