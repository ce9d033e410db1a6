using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// The SQLite writer commits the writes waiting together in one transaction. One that fails must
/// fail alone: the others in its batch are committed, and nothing it wrote is.
/// </summary>
public sealed class GroupCommit
{
    // A file of its own for each case: the writer of a file lives on for the process.
    private string _file = "";

    [SetUp]
    public void NewFile()
    {
        _file = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", $"group-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
    }

    [TearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(_file)!, Path.GetFileName(_file) + "*")) File.Delete(f);
    }

    [TestCase(StorageOptions.SynchronousNormal)]
    [TestCase(StorageOptions.SynchronousFull)]
    public async Task A_write_that_fails_among_others_rolls_back_alone_and_the_others_are_committed(string synchronous)
    {
        var writer = SqliteWriter.For($"Data Source={_file}", synchronous);
        await writer.Alone(db => Insert(db, null, "CREATE TABLE answers (value INTEGER NOT NULL)"));

        // The writer is held busy while three writes queue behind it, so they make one batch.
        using var busy = new ManualResetEventSlim();
        var holding = writer.Alone(_ => Task.FromResult(busy.Wait(TimeSpan.FromSeconds(10))));
        var first = writer.InBatch((db, tx) => Insert(db, tx, "INSERT INTO answers VALUES (1)"));
        var failing = writer.InBatch<int>(async (db, tx) =>
        {
            await Insert(db, tx, "INSERT INTO answers VALUES (2)");
            throw new InvalidOperationException("this write fails after writing");
        });
        var third = writer.InBatch((db, tx) => Insert(db, tx, "INSERT INTO answers VALUES (3)"));
        busy.Set();

        Assert.That(await holding, Is.True, "the three writes were queued while the writer was busy");
        Assert.That(await first, Is.EqualTo(1));
        Assert.That(await third, Is.EqualTo(1));
        Assert.That(async () => await failing, Throws.InvalidOperationException.With.Message.EqualTo("this write fails after writing"));
        Assert.That(await Stored(), Is.EqualTo(new long[] { 1, 3 }));
    }

    [Test]
    public async Task A_lone_write_that_fails_leaves_nothing_and_the_next_write_is_committed()
    {
        var writer = SqliteWriter.For($"Data Source={_file}", StorageOptions.SynchronousNormal);
        await writer.Alone(db => Insert(db, null, "CREATE TABLE answers (value INTEGER NOT NULL)"));

        var failing = writer.InBatch<int>(async (db, tx) =>
        {
            await Insert(db, tx, "INSERT INTO answers VALUES (2)");
            throw new InvalidOperationException("this write fails after writing");
        });
        Assert.That(async () => await failing, Throws.InvalidOperationException);
        Assert.That(await writer.InBatch((db, tx) => Insert(db, tx, "INSERT INTO answers VALUES (3)")), Is.EqualTo(1));

        Assert.That(await Stored(), Is.EqualTo(new long[] { 3 }));
    }

    [Test]
    public async Task A_write_that_finds_the_file_unusable_fails_its_whole_batch_as_unavailable_and_nothing_is_committed()
    {
        var writer = SqliteWriter.For($"Data Source={_file}", StorageOptions.SynchronousNormal);
        await writer.Alone(db => Insert(db, null, "CREATE TABLE answers (value INTEGER NOT NULL)"));

        using var busy = new ManualResetEventSlim();
        var holding = writer.Alone(_ => Task.FromResult(busy.Wait(TimeSpan.FromSeconds(10))));
        var first = writer.InBatch((db, tx) => Insert(db, tx, "INSERT INTO answers VALUES (1)"));
        var full = writer.InBatch<int>(async (db, tx) =>
        {
            await Insert(db, tx, "INSERT INTO answers VALUES (2)");
            throw new SqliteException("database or disk is full", 13); // SQLITE_FULL
        });
        busy.Set();

        Assert.That(await holding, Is.True);
        Assert.That(async () => await first, Throws.TypeOf<StoreUnavailableException>());
        Assert.That(async () => await full, Throws.TypeOf<StoreUnavailableException>());
        Assert.That(await Stored(), Is.Empty);
        Assert.That(await writer.InBatch((db, tx) => Insert(db, tx, "INSERT INTO answers VALUES (3)")), Is.EqualTo(1), "the next write has a connection again");
    }

    private static Task<int> Insert(SqliteConnection db, SqliteTransaction? tx, string sql)
    {
        using var command = db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Task.FromResult(command.ExecuteNonQuery());
    }

    private async Task<long[]> Stored()
    {
        await using var db = new SqliteConnection($"Data Source={_file}");
        await db.OpenAsync();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT value FROM answers ORDER BY value";
        var values = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetInt64(0));
        return [.. values];
    }
}
