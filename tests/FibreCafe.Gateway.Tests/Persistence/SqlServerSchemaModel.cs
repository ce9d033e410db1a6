using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// The schema the scripts leave behind, as a DacFx <see cref="TSqlModel"/> (what SQL Server Data Tools builds a
/// project into). The migrations are a history, the model is a declaration, so a few statements are restated:
/// <list type="bullet">
/// <item>columns an ALTER TABLE adds join their CREATE TABLE (DacFx refuses ALTER TABLE ADD column, SQL70645);</item>
/// <item>CREATE OR ALTER becomes CREATE (DacFx does not model it: the procedure is dropped with a mere warning, SQL70501);</item>
/// <item>a DROP removes the object from what is loaded; data statements (INSERT, UPDATE…) are not schema, and are left out.</item>
/// </list>
/// Anything else goes to DacFx as written, one statement at a time (it wants one per batch, SQL71006).
/// </summary>
internal static class SqlServerSchemaModel
{
    /// <summary>The model, and the errors of each statement DacFx refused (left out, so the rest is still checked).</summary>
    public static (TSqlModel Model, IReadOnlyList<string> LoadErrors) Load()
    {
        var statements = Statements().ToList();
        var errors = new List<string>();
        while (true)
        {
            // After refusing a statement DacFx refuses every later one, and will not take it out: start again without it.
            var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
            var refused = statements.FindIndex(s => !Added(model, s.Source, s.Text, errors));
            if (refused < 0) return (model, errors);
            model.Dispose();
            statements.RemoveAt(refused);
        }
    }

    private static bool Added(TSqlModel model, string source, string text, List<string> errors)
    {
        try
        {
            model.AddOrUpdateObjects(text, source, new TSqlObjectOptions());
            return true;
        }
        catch (DacModelException e)
        {
            var messages = e.Messages.Where(m => m.MessageType == DacMessageType.Error).Select(m => $"{source}: {m}").ToList();
            errors.AddRange(messages.Count > 0 ? messages : [$"{source}: {e.Message}"]);
            return false;
        }
    }

    /// <summary>The text of each statement DacFx is to see, named by its file and line, with the restatements above applied.</summary>
    private static IEnumerable<(string Source, string Text)> Statements()
    {
        var statements = new List<(string Source, TSqlStatement Statement)>();
        var regenerated = new HashSet<TSqlStatement>(ReferenceEqualityComparer.Instance); // changed trees: script them again
        var tables = new Dictionary<string, CreateTableStatement>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in GatewayScripts.Names())
        {
            var script = (TSqlScript)GatewayScripts.Parse(resource, out _); // parse errors: SqlServerScripts reports them
            foreach (var statement in script.Batches.SelectMany(b => b.Statements))
            {
                var source = $"{GatewayScripts.ShortName(resource)} line {statement.StartLine}";
                switch (statement)
                {
                    case CreateTableStatement create:
                        tables[Key(create.SchemaObjectName)] = create;
                        break;
                    case AlterTableAddTableElementStatement alter when tables.TryGetValue(Key(alter.SchemaObjectName), out var table):
                        foreach (var column in alter.Definition.ColumnDefinitions) table.Definition.ColumnDefinitions.Add(column);
                        alter.Definition.ColumnDefinitions.Clear();
                        regenerated.Add(table);
                        regenerated.Add(alter);
                        if (alter.Definition.TableConstraints.Count == 0 && alter.Definition.Indexes.Count == 0) continue;
                        break;
                    case DropObjectsStatement drop:
                        var dropped = drop.Objects.Select(Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
                        statements.RemoveAll(s => Defines(s.Statement) is { } name && dropped.Contains(name));
                        continue;
                    case InsertStatement or UpdateStatement or DeleteStatement or MergeStatement:
                        continue;
                }
                statements.Add((source, statement));
            }
        }
        return statements.Select(s => (s.Source, Text(s.Statement, regenerated.Contains(s.Statement))));
    }

    private static string Text(TSqlStatement statement, bool changed)
    {
        if (changed)
        {
            new Sql160ScriptGenerator().GenerateScript(statement, out var generated);
            return generated;
        }
        var tokens = statement.ScriptTokenStream.Take(statement.LastTokenIndex + 1).Skip(statement.FirstTokenIndex).ToList();
        if (statement.GetType().Name.StartsWith("CreateOrAlter", StringComparison.Ordinal))
        {
            // CREATE OR ALTER PROCEDURE … → CREATE PROCEDURE …; the body keeps its own text.
            var or = tokens.FindIndex(t => t.TokenType == TSqlTokenType.Or);
            tokens.RemoveRange(or, tokens.FindIndex(or, t => t.TokenType == TSqlTokenType.Alter) - or + 1);
        }
        return string.Concat(tokens.Select(t => t.Text));
    }

    private static string? Defines(TSqlStatement statement) => statement switch
    {
        CreateTableStatement s => Key(s.SchemaObjectName),
        ProcedureStatementBody s => Key(s.ProcedureReference.Name),
        ViewStatementBody s => Key(s.SchemaObjectName),
        FunctionStatementBody s => Key(s.Name),
        CreateSequenceStatement s => Key(s.Name),
        _ => null,
    };

    private static string Key(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";
}
