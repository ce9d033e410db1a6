using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// The writer's statements, compiled once per connection. Microsoft.Data.Sqlite keeps a compiled
/// statement only inside the command that ran it (dotnet/efcore#14044), and Dapper makes a new
/// command per call, so every write used to compile its SQL again: 15 % of a request's CPU in the
/// profile. The writer keeps its connection open, so one command per SQL text, reused with new
/// parameter values, compiles each statement once. Rows are still mapped by Dapper.
/// </summary>
internal static class PreparedStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = new();

    /// <summary>The command for <paramref name="sql"/> on this connection, in <paramref name="tx"/>, with these values bound.</summary>
    public static SqliteCommand Prepared(this SqliteConnection db, SqliteTransaction tx, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var commands = Commands.GetValue(db, _ => []); // only the writer's loop uses this connection
        if (!commands.TryGetValue(sql, out var command))
        {
            command = db.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }
        command.Transaction = tx;
        // The same SQL text takes the same parameters: give them new values rather than new objects.
        if (command.Parameters.Count == parameters.Length)
        {
            for (var i = 0; i < parameters.Length; i++) command.Parameters[parameters[i].Name].Value = parameters[i].Value ?? DBNull.Value;
            return command;
        }
        command.Parameters.Clear();
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    // The writer's statements run on its own thread, one after another, and Microsoft.Data.Sqlite's async
    // methods only wrap its synchronous ones: they are called synchronously here, which spares a task per
    // reader. The Task results stay for IStoreTransaction, which SQL Server serves asynchronously.
    public static Task<int> WriteAsync(this SqliteConnection db, SqliteTransaction tx, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Task.FromResult(db.Prepared(tx, sql, parameters).ExecuteNonQuery());

    /// <summary>The first column of the first row, or default when there is no row or it is NULL.</summary>
    public static Task<T?> ValueAsync<T>(this SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return Task.FromResult(!reader.Read() || reader.IsDBNull(0) ? default : reader.GetFieldValue<T>(0));
    }

    /// <summary>The first row mapped to <typeparamref name="T"/> by Dapper, or default when there is none.</summary>
    public static Task<T?> RowAsync<T>(this SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return Task.FromResult<T?>(default);
        // A command's SQL, and so its columns, never change: its parser is made once. Dapper finds its
        // own cached parser by reading every column's name and declared type, a new string each: 3.2 of
        // the 48.5 KB a POST allocated. The parser follows the first row's column types, so only
        // statements whose columns keep their declared types (table columns, not mixed expressions) use it.
        if (!Parsers.TryGetValue(command, out var parser) || parser is not Func<System.Data.Common.DbDataReader, T> parse)
        {
            parse = reader.GetRowParser<T>();
            Parsers.AddOrUpdate(command, parse);
        }
        return Task.FromResult<T?>(parse(reader));
    }

    private static readonly ConditionalWeakTable<SqliteCommand, object> Parsers = new();
}
