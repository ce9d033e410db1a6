using System.Collections.Concurrent;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// The embedded store: Dapper on one SQLite file in WAL mode. Writers take the file lock at the
/// start of their transaction (BEGIN IMMEDIATE), so the read-check-write of a cancellation cannot
/// interleave with another one, in this process or any other on the same file.
/// </summary>
public sealed partial class SqliteGatewayStore(string connectionString, TimeProvider clock) : IGatewayStore
{
    // One writer at a time per database file in this process. SQLite allows only one anyway, and
    // when two collide its busy handler sleeps with growing back-off (up to 100 ms a try); queueing
    // here keeps write latency flat. Other processes on the same file still meet busy_timeout.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new();
    private readonly SemaphoreSlim _writeGate =
        WriteGates.GetOrAdd(new SqliteConnectionStringBuilder(connectionString).DataSource, _ => new SemaphoreSlim(1, 1));

    // SQLite result codes that mean "the database cannot be used right now", not a bug of ours.
    private static readonly HashSet<int> UnavailableCodes = [5, 6, 8, 10, 11, 13, 14, 26];

    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private volatile bool _migrated;

    public async Task MigrateAsync(CancellationToken ct)
    {
        await _migrationLock.WaitAsync(ct);
        try
        {
            if (_migrated) return;
            await Write(async db =>
            {
                await db.ExecuteAsync("PRAGMA journal_mode=WAL;");
                var version = await db.ExecuteScalarAsync<long>("PRAGMA user_version;");
                foreach (var (number, script) in Migrations().Where(m => m.Number > version))
                {
                    await using var tx = await db.BeginTransactionAsync(ct);
                    await db.ExecuteAsync(script, transaction: tx);
                    await db.ExecuteAsync($"PRAGMA user_version = {number};", transaction: tx);
                    await tx.CommitAsync(ct);
                }
                return 0;
            }, migrate: false);
            _migrated = true;
        }
        finally
        {
            _migrationLock.Release();
        }
    }

    /// <summary>A write: waits its turn at this file's gate, then runs like <see cref="Run{T}"/>.</summary>
    private async Task<T> Write<T>(Func<SqliteConnection, Task<T>> work, bool migrate = true)
    {
        if (migrate && !_migrated) await MigrateAsync(CancellationToken.None);
        await _writeGate.WaitAsync();
        try
        {
            return await Run(work, migrate: false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>A write in one transaction (BEGIN IMMEDIATE: the file is ours until commit), for <see cref="StoreWorkflows"/>.</summary>
    private Task<T> InTransaction<T>(Func<IStoreTransaction, DateTimeOffset, Task<T>> work, CancellationToken ct) =>
        Write(async db =>
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE unless asked to defer.
            await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct);
            var result = await work(new SqliteStoreTransaction(db, tx), clock.GetUtcNow());
            await tx.CommitAsync(ct);
            return result;
        });

    /// <summary>Opens a connection (migrating first if that never succeeded) and maps outages to <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> Run<T>(Func<SqliteConnection, Task<T>> work, bool migrate = true)
    {
        if (migrate && !_migrated) await MigrateAsync(CancellationToken.None);
        try
        {
            await using var db = new SqliteConnection(connectionString);
            await db.OpenAsync();
            await db.ExecuteAsync("PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
            return await work(db);
        }
        catch (SqliteException e) when (UnavailableCodes.Contains(e.SqliteErrorCode))
        {
            throw new StoreUnavailableException($"SQLite database unavailable ({e.SqliteErrorCode}): {e.Message}", e);
        }
    }

    // Times are stored and compared as ISO-8601 UTC text. Dapper does not run type handlers for
    // DateTimeOffset parameters, so every time is turned into that text here, never left to the driver.
    private string Now() => Iso(clock.GetUtcNow());

    internal static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(long Number, string Script)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "FibreCafe.Gateway.Persistence.Sqlite.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (long.Parse(n.AsSpan(prefix.Length, 4)), reader.ReadToEnd());
            });
    }
}
