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

    /// <summary>A connection that could not be opened, or an error SQL Server documents as transient.</summary>
    public static bool IsTransient(Exception e) =>
        e is StoreUnavailableException or TimeoutException
        || e is SqlException sql && sql.Errors.Cast<SqlError>().Any(x => Transient.Contains(x.Number));

    /// <summary>
    /// Opens a connection; any failure to open (no route, refused, login, database offline) means
    /// the database cannot be reached, whatever number the provider gives it.
    /// </summary>
    public static async Task<SqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var db = new SqlConnection(connectionString);
        try
        {
            await db.OpenAsync(ct);
            return db;
        }
        catch (SqlException e)
        {
            await db.DisposeAsync();
            throw new StoreUnavailableException($"SQL Server unavailable: {e.Message}", e);
        }
    }

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
