using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// Every write of this process to one SQLite file, one at a time (SQLite takes one writer; queueing
/// here keeps latency flat instead of meeting its busy back-off). Group commit: the read-decide-write
/// transactions waiting in the queue run in one SQLite transaction and share one commit, and so one
/// fsync when synchronous=FULL; should one of them fail, the batch is run again with each under its own
/// SAVEPOINT, so that one rolls back alone.
/// Under FULL a batch of outbox workers' writes alone commits without its own fsync (see Durability).
/// </summary>
internal sealed partial class SqliteWriter
{
    private const int MaxBatch = 64;
    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<string, SqliteWriter> Files = new();

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    // The outbox workers' writes open every batch. Each of their rows takes three or four writes in
    // turn; behind a queue of new cancellations they crawled (about 100 dispatches/s while 700 were
    // accepted each second), so what was accepted fell ever further behind.
    private readonly ConcurrentQueue<Item> _first = new();
    private static readonly Item Wake = new Item<bool>(null, static (_, _) => Task.FromResult(true), batched: true, worker: true);
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly bool _full;
    private readonly FileTurn _fileTurn;
    private SqliteConnection? _db; // only the loop touches it
    private bool _relaxed; // the connection commits without fsync for now (FULL only); only the loop touches it

    private SqliteWriter(string connectionString, string synchronous)
    {
        _connectionString = connectionString;
        _fileTurn = FileTurn.For(new SqliteConnectionStringBuilder(connectionString).DataSource);
        _pragmas = $"PRAGMA busy_timeout=10000; PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;";
        _full = synchronous == StorageOptions.SynchronousFull;
        _ = Task.Run(LoopAsync);
    }

    /// <summary>The writer of this file in this process (the first settings given win).</summary>
    public static SqliteWriter For(string connectionString, string synchronous) =>
        Files.GetOrAdd(new SqliteConnectionStringBuilder(connectionString).DataSource, _ => new SqliteWriter(connectionString, synchronous));

    /// <summary>Work that begins and commits its own transaction, or needs none (migrations, bulk seeding).</summary>
    public Task<T> Alone<T>(Func<SqliteConnection, Task<T>> work) => Enqueue(new Item<T>(work, null, batched: false, worker: false));

    /// <summary>
    /// A read-decide-write that runs in the batch's transaction; all its statements must name <c>tx</c>.
    /// <paramref name="first"/>: an outbox worker's write, taken before the waiting requests.
    /// A failure that means the file cannot be used now comes back as <see cref="StoreUnavailableException"/>.
    /// </summary>
    public Task<T> InBatch<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, bool first = false) =>
        Enqueue(new Item<T>(null, work, batched: true, worker: first));

    // An outbox worker's write goes ahead of the waiting requests (see _first).
    private Task<T> Enqueue<T>(Item<T> item)
    {
        if (item.Worker)
        {
            _first.Enqueue(item);
            _queue.Writer.TryWrite(Wake);
        }
        else _queue.Writer.TryWrite(item);
        return item.Done;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await NextAsync())
        {
            while (_queue.Reader.TryRead(out var first))
            {
                batch.Clear();
                if (first.Batched)
                    while (batch.Count < MaxBatch && _first.TryDequeue(out var urgent)) batch.Add(urgent);
                if (first != Wake) batch.Add(first);
                while (first.Batched && batch.Count < MaxBatch && _queue.Reader.TryPeek(out var next) && next.Batched && _queue.Reader.TryRead(out next))
                    if (next != Wake) batch.Add(next);
                if (batch.Count > 0) Run(batch);
            }
        }
    }

    // Waits for work; the connection is kept while work keeps coming and closed after a quiet second,
    // so an idle gateway holds no file handle (tests and operators may remove the file). The quiet
    // second's timer is kept and set again for each wait, not made anew (one wait per batch).
    private async Task<bool> NextAsync()
    {
        if (_db is null) return await _queue.Reader.WaitToReadAsync();
        if (!_quiet.TryReset())
        {
            _quiet.Dispose();
            _quiet = new CancellationTokenSource();
        }
        _quiet.CancelAfter(IdleClose);
        try
        {
            return await _queue.Reader.WaitToReadAsync(_quiet.Token);
        }
        catch (OperationCanceledException)
        {
            Close();
            return await _queue.Reader.WaitToReadAsync();
        }
    }

    private CancellationTokenSource _quiet = new(); // only the loop touches it

    // One connection for the writes of this file: opened, and its PRAGMAs set, once rather than per batch.
    private SqliteConnection Connection()
    {
        if (_db is not null) return _db;
        var db = new SqliteConnection(_connectionString);
        db.Open();
        using (var pragmas = db.CreateCommand())
        {
            pragmas.CommandText = _pragmas;
            pragmas.ExecuteNonQuery();
        }
        _relaxed = false;
        return _db = db;
    }

    private void Close()
    {
        if (_db is { } db)
        {
            _db = null;
            db.Dispose();
        }
    }

    /// <summary>A write waiting for its turn, and then its result or failure until the batch is over.</summary>
    private abstract class Item(bool batched, bool worker)
    {
        public bool Batched { get; } = batched;
        public bool Worker { get; } = worker;
        public Exception? Failure { get; set; }

        public abstract void Run(SqliteConnection db, SqliteTransaction? tx);

        /// <summary>Hands over the result, or the failure (an outage of the file as <see cref="StoreUnavailableException"/>).</summary>
        public abstract void Complete();
    }

    // Typed, so a result is handed over as it is: no boxing, no cast, no wrapping delegate or awaiting method per write.
    private sealed class Item<T>(Func<SqliteConnection, Task<T>>? alone, Func<SqliteConnection, SqliteTransaction, Task<T>>? inBatch, bool batched, bool worker)
        : Item(batched, worker)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Done => _done.Task;

        public override void Run(SqliteConnection db, SqliteTransaction? tx) =>
            _result = (tx is null ? alone!(db) : inBatch!(db, tx)).GetAwaiter().GetResult();

        public override void Complete()
        {
            if (Failure is null) _done.TrySetResult(_result!);
            else _done.TrySetException(SqliteGatewayStore.Outage(Failure));
        }
    }
}
