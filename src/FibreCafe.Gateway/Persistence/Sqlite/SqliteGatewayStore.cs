using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// The embedded store: Dapper on one SQLite file in WAL mode. Writers take the file lock at the
/// start of their transaction (BEGIN IMMEDIATE), so the read-check-write of a cancellation cannot
/// interleave with another one, in this process or any other on the same file.
/// </summary>
public sealed partial class SqliteGatewayStore(string connectionString, TimeProvider clock, string synchronous = StorageOptions.SynchronousNormal)
    : IGatewayStore
{
    // Every write of this process to this file goes through one queue, which commits waiting
    // read-decide-writes together (see SqliteWriter). Other processes on the same file meet busy_timeout.
    private readonly SqliteWriter _writer = SqliteWriter.For(connectionString, synchronous);

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

    /// <summary>A write that runs alone (its own transaction, or a single statement), in turn with every other write of this file.</summary>
    private Task<T> Write<T>(Func<SqliteConnection, Task<T>> work, bool migrate = true) =>
        migrate && !_migrated ? MigratedThen(() => _writer.Alone(work)) : _writer.Alone(work);

    /// <summary>An outbox worker's statements, committed with whatever other writes wait, ahead of them (group commit); each must name <c>tx</c>.</summary>
    private Task<T> Batched<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work) =>
        _migrated ? _writer.InBatch(work, first: true) : MigratedThen(() => _writer.InBatch(work, first: true));

    /// <summary>A read-decide-write of <see cref="StoreWorkflows"/>, committed with whatever others are waiting (group commit).</summary>
    private Task<T> InTransaction<T>(Func<IStoreTransaction, DateTimeOffset, Task<T>> work, CancellationToken ct, bool worker = false)
    {
        if (!_migrated) return MigratedThen(() => InTransaction(work, ct, worker));
        if (ct.IsCancellationRequested) return Task.FromCanceled<T>(ct);
        return _writer.InBatch((db, tx) => work(new SqliteStoreTransaction(db, tx), clock.GetUtcNow()), first: worker);
    }

    // The writer answers an outage of the file as StoreUnavailableException itself, so a write needs no
    // awaiting wrapper of its own here (one per write, with its delegate, on every request).
    private async Task<T> MigratedThen<T>(Func<Task<T>> write)
    {
        await MigrateAsync(CancellationToken.None);
        return await write();
    }

    /// <summary>A read on its own pooled connection (WAL: readers never wait for the writer); migrates first if that never succeeded.</summary>
    private async Task<T> Run<T>(Func<SqliteConnection, Task<T>> work)
    {
        if (!_migrated) await MigrateAsync(CancellationToken.None);
        return await Unavailable(async () =>
        {
            await using var db = new SqliteConnection(connectionString);
            await db.OpenAsync();
            return await work(db);
        });
    }

    /// <summary>Maps an outage of the database file to <see cref="StoreUnavailableException"/>.</summary>
    private static async Task<T> Unavailable<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SqliteException e) when (IsOutage(e))
        {
            throw Outage(e);
        }
    }

    /// <summary>The failure as callers are to see it: an outage of the database file as <see cref="StoreUnavailableException"/>, anything else as it is.</summary>
    internal static Exception Outage(Exception e) => IsOutage(e)
        ? new StoreUnavailableException($"SQLite database unavailable ({((SqliteException)e).SqliteErrorCode}): {e.Message}", e)
        : e;

    /// <summary>Whether the failure means the database file cannot be used now, not a bug of ours.</summary>
    internal static bool IsOutage(Exception e) => e is SqliteException s && UnavailableCodes.Contains(s.SqliteErrorCode);

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
