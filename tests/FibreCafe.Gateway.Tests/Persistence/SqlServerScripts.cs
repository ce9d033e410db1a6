using System.Reflection;
using FibreCafe.Gateway.Persistence.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>Checks of the T-SQL that need no server: it parses, and the C# calls match the procedures.</summary>
public sealed class SqlServerScripts
{
    private static readonly Assembly Gateway = typeof(SqlServerGatewayStore).Assembly;
    private const string Prefix = "FibreCafe.Gateway.Persistence.SqlServer.";
    private const string Migrations = Prefix + "Migrations.";
    private const string ProcedureFiles = Prefix + "Procedures.";

    /// <summary>Every T-SQL script: the numbered migrations, then one file per procedure.</summary>
    private static IEnumerable<string> ScriptNames() =>
        Gateway.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql")).Order();

    private static TSqlFragment Parse(string resource, out IList<ParseError> errors)
    {
        using var reader = new StreamReader(Gateway.GetManifestResourceStream(resource)!);
        return new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out errors);
    }

    [Test]
    public void The_migrations_are_embedded_and_numbered_in_order()
    {
        var numbers = ScriptNames().Where(n => n.StartsWith(Migrations, StringComparison.Ordinal))
            .Select(n => int.Parse(n.AsSpan(Migrations.Length, 4))).ToList();

        Assert.That(numbers, Is.Not.Empty);
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, numbers.Count)));
    }

    [TestCaseSource(nameof(ScriptNames))]
    public void Every_script_parses_as_T_SQL(string resource)
    {
        Parse(resource, out var errors);

        Assert.That(errors.Select(e => $"{resource[Prefix.Length..]} line {e.Line}, column {e.Column}: {e.Message}"), Is.Empty);
    }

    [Test]
    public void Each_procedure_file_defines_the_one_procedure_it_is_named_after_and_migrations_define_none()
    {
        foreach (var resource in ScriptNames())
        {
            var visitor = new ProcedureVisitor();
            Parse(resource, out _).Accept(visitor);
            var defined = visitor.Found.Select(f => f.Name).ToList();
            if (resource.StartsWith(ProcedureFiles, StringComparison.Ordinal))
                Assert.That(defined, Is.EqualTo(new[] { "dbo." + resource[ProcedureFiles.Length..^4] }), resource);
            else
                Assert.That(defined, Is.Empty, $"{resource}: procedures belong in Procedures/, one file each");
        }
    }

    [Test]
    public void Every_procedure_the_code_calls_exists_with_exactly_the_parameters_it_passes()
    {
        var (declared, executedByScripts) = Procedures();
        var called = Gateway.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<StoredProcedureAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToDictionary(x => x.Attribute!.Name, x => x.Type.GetProperties().Select(p => "@" + p.Name).Order().ToList());

        Assert.That(called, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (name, parameters) in called)
            {
                Assert.That(declared.ContainsKey(name), Is.True, $"{name} is called from C# but no script creates it");
                if (declared.TryGetValue(name, out var inScript))
                    Assert.That(parameters, Is.EqualTo(inScript), $"parameters of {name}: C# passes [{string.Join(", ", parameters)}], the script declares [{string.Join(", ", inScript)}]");
            }
            foreach (var name in declared.Keys)
                Assert.That(called.ContainsKey(name) || executedByScripts.Contains(name), Is.True, $"{name} is created by a script but never called");
        });
    }

    /// <summary>Procedure name (schema.name) → its parameter names as last defined, and the procedures the scripts EXEC themselves.</summary>
    private static (Dictionary<string, List<string>> Declared, HashSet<string> Executed) Procedures()
    {
        var found = new Dictionary<string, List<string>>();
        var executed = new HashSet<string>();
        foreach (var resource in ScriptNames())
        {
            var visitor = new ProcedureVisitor();
            Parse(resource, out _).Accept(visitor);
            foreach (var (name, parameters) in visitor.Found) found[name] = parameters;
            executed.UnionWith(visitor.Executed);
        }
        return (found, executed);
    }

    private sealed class ProcedureVisitor : TSqlFragmentVisitor
    {
        public List<(string Name, List<string> Parameters)> Found { get; } = [];
        public HashSet<string> Executed { get; } = [];

        public override void ExplicitVisit(ExecutableProcedureReference node)
        {
            var name = node.ProcedureReference?.ProcedureReference?.Name;
            if (name is not null) Executed.Add($"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}");
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(CreateProcedureStatement node) { Add(node); base.ExplicitVisit(node); }
        public override void ExplicitVisit(CreateOrAlterProcedureStatement node) { Add(node); base.ExplicitVisit(node); }
        public override void ExplicitVisit(AlterProcedureStatement node) { Add(node); base.ExplicitVisit(node); }

        private void Add(ProcedureStatementBody node)
        {
            var name = node.ProcedureReference.Name;
            Found.Add(($"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}",
                node.Parameters.Select(p => p.VariableName.Value).Order().ToList()));
        }
    }
}
