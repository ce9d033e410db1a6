using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>How the writer runs one batch: its transaction, its savepoints when one item fails, its durability.</summary>
internal sealed partial class SqliteWriter
{
    // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O (its async methods complete
    // before they return), and the file lock below belongs to the thread that took it.
    private void Run(List<Item> batch)
    {
        try
        {
            var db = Connection();
            var asked = Stopwatch.GetTimestamp();
            using var turn = _fileTurn.Take();
            SqliteWriterMetrics.TurnWait.Record(Stopwatch.GetElapsedTime(asked).TotalSeconds);
            Durability(db, batch); // before any BEGIN: SQLite does not change it inside a transaction
            if (!batch[0].Batched) batch[0].Run(db, null);
            // One of them failed: the batch again, each item under its own SAVEPOINT, so that one rolls back alone.
            else if (!TryAll(db, batch)) EachAlone(db, batch);
        }
        catch (Exception e)
        {
            // Nothing of the batch is committed: every item fails with the reason. The connection may
            // be what failed (file gone, disk full): the next batch opens a new one.
            foreach (var item in batch) item.Failure = e;
            Close();
        }
        RecordCommitted(batch); // after the catch: a metric must never turn committed writes into failures
        foreach (var item in batch) item.Complete();
    }

    // Items with a failure were rolled back (alone, or with the whole batch): only the others were committed.
    private static void RecordCommitted(List<Item> batch)
    {
        var committed = 0;
        foreach (var item in batch)
            if (item.Failure is null) committed++;
        if (committed > 0) SqliteWriterMetrics.WritesPerCommit.Record(committed);
    }

    // Every item in one transaction with no savepoints (two statements fewer per item). Work that fails is
    // rare: then nothing is committed, and a lone item fails alone, while a batch of several returns
    // false to be run again item by item. Items only read and write this file, so running them again
    // after the rollback is safe.
    private static bool TryAll(SqliteConnection db, List<Item> batch)
    {
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked to defer: the file is ours until commit.
        using var tx = db.BeginTransaction();
        try
        {
            foreach (var item in batch) item.Run(db, tx);
        }
        catch (Exception e)
        {
            tx.Rollback();
            // The file itself failed (full, gone, I/O): SQLite may have ended the transaction, and every
            // write of the batch fails with it (Run renews the connection) rather than being run again.
            if (SqliteGatewayStore.IsOutage(e)) throw;
            if (batch.Count > 1) return false;
            batch[0].Failure = e;
            return true;
        }
        tx.Commit();
        return true;
    }

    private static void EachAlone(SqliteConnection db, List<Item> batch)
    {
        using var tx = db.BeginTransaction();
        foreach (var item in batch)
        {
            // Compiled once (tx.Save and tx.Release compile their SQL on every call).
            db.Prepared(tx, "SAVEPOINT item").ExecuteNonQuery();
            try
            {
                item.Run(db, tx);
                db.Prepared(tx, "RELEASE item").ExecuteNonQuery();
            }
            catch (Exception e) when (!SqliteGatewayStore.IsOutage(e))
            {
                tx.Rollback("item");
                tx.Release("item");
                item.Failure = e;
            }
        }
        tx.Commit();
    }

    // FULL is there so an answer once sent (a 201, a supplier KCI's 204, an operator's resend) survives a
    // power loss. The outbox workers' own writes (claims, attempts, outcomes, delivered marks) promise
    // nobody anything: lost, they are done again, as after a crash between a call and its outcome. A
    // batch of those alone skips the fsync that cost the whole pipeline a quarter of its rate (one
    // fsync per cancellation while a backlog drained); the WAL keeps commits in order, so the next
    // synced commit (or checkpoint) makes them durable with it.
    private void Durability(SqliteConnection db, List<Item> batch)
    {
        var relaxed = _full && batch.TrueForAll(static i => i.Worker);
        if (relaxed == _relaxed) return;
        using var pragma = db.CreateCommand();
        pragma.CommandText = relaxed ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;";
        pragma.ExecuteNonQuery();
        _relaxed = relaxed;
    }
}
