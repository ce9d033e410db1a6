using Microsoft.SqlServer.TransactSql.ScriptDom;
using static FibreCafe.Gateway.Tests.Persistence.GatewayScripts;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// Checks of the T-SQL text that need no server: it parses (with line and column), the files are laid out as DbUp
/// expects, and every procedure is used. Names and types of parameters: <see cref="SqlServerScriptsModel"/>.
/// </summary>
public sealed class SqlServerScripts
{
    [Test]
    public void The_migrations_are_embedded_and_numbered_in_order()
    {
        var numbers = Names().Where(n => n.StartsWith(Migrations, StringComparison.Ordinal))
            .Select(n => int.Parse(n.AsSpan(Migrations.Length, 4))).ToList();

        Assert.That(numbers, Is.Not.Empty);
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, numbers.Count)));
    }

    [TestCaseSource(typeof(GatewayScripts), nameof(Names))]
    public void Every_script_parses_as_T_SQL(string resource)
    {
        Parse(resource, out var errors);

        Assert.That(errors.Select(e => $"{ShortName(resource)} line {e.Line}, column {e.Column}: {e.Message}"), Is.Empty);
    }

    [Test]
    public void Each_procedure_file_defines_the_one_procedure_it_is_named_after_and_migrations_define_none()
    {
        foreach (var resource in Names())
        {
            var visitor = new ProcedureVisitor();
            Parse(resource, out _).Accept(visitor);
            if (resource.StartsWith(Procedures, StringComparison.Ordinal))
                Assert.That(visitor.Defined, Is.EqualTo(new[] { "dbo." + resource[Procedures.Length..^4] }), resource);
            else
                Assert.That(visitor.Defined, Is.Empty, $"{resource}: procedures belong in Procedures/, one file each");
        }
    }

    [Test]
    public void Every_procedure_a_script_creates_is_called_from_CSharp_or_by_another_script()
    {
        var visitor = new ProcedureVisitor();
        foreach (var resource in Names()) Parse(resource, out _).Accept(visitor);
        var called = Calls();

        Assert.That(called, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var name in visitor.Defined)
                Assert.That(called.ContainsKey(name) || visitor.Executed.Contains(name), Is.True, $"{name} is created by a script but never called");
        });
    }

    /// <summary>The procedures a script defines (schema.name) and the ones it EXECs itself.</summary>
    private sealed class ProcedureVisitor : TSqlFragmentVisitor
    {
        public List<string> Defined { get; } = [];
        public HashSet<string> Executed { get; } = [];

        public override void ExplicitVisit(ExecutableProcedureReference node)
        {
            var name = node.ProcedureReference?.ProcedureReference?.Name;
            if (name is not null) Executed.Add(Key(name));
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(CreateProcedureStatement node) { Defined.Add(Key(node.ProcedureReference.Name)); base.ExplicitVisit(node); }
        public override void ExplicitVisit(CreateOrAlterProcedureStatement node) { Defined.Add(Key(node.ProcedureReference.Name)); base.ExplicitVisit(node); }
        public override void ExplicitVisit(AlterProcedureStatement node) { Defined.Add(Key(node.ProcedureReference.Name)); base.ExplicitVisit(node); }

        private static string Key(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";
    }
}
