using System.Reflection;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>
/// The SQL Server scripts checked as SQL Server would check them, without a server: every migration and procedure
/// in one DacFx model (see <see cref="SqlServerSchemaModel"/>), which resolves every table, column and variable,
/// and the C# call records compared with the procedures' parameters in that model.
/// </summary>
public sealed class SqlServerScriptsModel
{
    /// <summary>The SQL types a C# property may be sent to. The one place to extend when a record uses a new type.</summary>
    private static readonly Dictionary<Type, SqlDataType[]> SqlTypesFor = new()
    {
        [typeof(long)] = [SqlDataType.BigInt],
        [typeof(int)] = [SqlDataType.Int],
        [typeof(bool)] = [SqlDataType.Bit],
        [typeof(decimal)] = [SqlDataType.Decimal, SqlDataType.Numeric], // one type in SQL Server, two names
        [typeof(DateTimeOffset)] = [SqlDataType.DateTimeOffset],
        [typeof(string)] = [SqlDataType.VarChar, SqlDataType.NVarChar, SqlDataType.Char, SqlDataType.NChar],
        [typeof(Guid)] = [SqlDataType.UniqueIdentifier],
    };

    private TSqlModel model = null!;
    private IReadOnlyList<string> loadErrors = [];

    // Building the model takes seconds; once for the fixture.
    [OneTimeSetUp]
    public void LoadModel() => (model, loadErrors) = SqlServerSchemaModel.Load();

    [OneTimeTearDown]
    public void DisposeModel() => model.Dispose();

    [Test]
    public void Every_procedure_and_migration_validates_as_SQL_Server_2022_would()
    {
        Assert.That(loadErrors, Is.Empty, "DacFx refused a statement");

        var errors = model.Validate().Where(m => m.MessageType == DacMessageType.Error).Select(m => m.ToString());

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void The_model_holds_every_procedure_a_script_creates()
    {
        // Guards the check below: a procedure DacFx silently left out would pass it unseen.
        var files = GatewayScripts.Names().Where(n => n.StartsWith(GatewayScripts.Procedures, StringComparison.Ordinal))
            .Select(n => "dbo." + n[GatewayScripts.Procedures.Length..^4]);
        var inModel = model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass).Select(p => string.Join(".", p.Name.Parts));

        Assert.That(inModel, Is.EquivalentTo(files), $"DacFx refused: {string.Join("; ", loadErrors)}");
    }

    private static IEnumerable<TestCaseData> CalledProcedures() =>
        GatewayScripts.Calls().OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new TestCaseData(c.Key, c.Value).SetArgDisplayNames(c.Key));

    [TestCaseSource(nameof(CalledProcedures))]
    public void Each_procedure_the_code_calls_takes_exactly_the_parameters_its_record_sends_by_name_and_SQL_type(string procedure, Type call)
    {
        var parts = procedure.Split('.');
        var created = model.GetObject(Procedure.TypeClass, new ObjectIdentifier(parts), DacQueryScopes.UserDefined);
        Assert.That(created, Is.Not.Null, loadErrors.Count == 0 ? $"{procedure} is called from C# ({call.Name}) but no script creates it"
            : $"{procedure} is not in the model; DacFx refused: {string.Join("; ", loadErrors)}");

        var declared = created!.GetReferenced(Procedure.Parameters).ToDictionary(p => p.Name.Parts[^1], StringComparer.Ordinal);
        var sent = call.GetProperties().ToDictionary(p => "@" + p.Name, StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Keys.Except(declared.Keys).Order().ToList(), Is.Empty, $"{call.Name} sends parameters {procedure} does not declare");
            Assert.That(declared.Keys.Except(sent.Keys).Order().ToList(), Is.Empty, $"{procedure} declares parameters {call.Name} does not send");
            foreach (var (name, property) in sent)
                if (declared.TryGetValue(name, out var parameter))
                    Assert.That(Mismatch(property, parameter), Is.Null, $"{procedure} {name}");
        });
    }

    /// <summary>Why a property's value does not fit the parameter, or null when it does.</summary>
    private static string? Mismatch(PropertyInfo property, TSqlObject parameter)
    {
        var clrType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (!SqlTypesFor.TryGetValue(clrType, out var allowed))
            return $"{property.DeclaringType!.Name}.{property.Name} is a {clrType.Name}, which has no SQL type in {nameof(SqlTypesFor)}: add it there";

        var sqlType = parameter.GetReferenced(Parameter.DataType).Single().GetProperty<SqlDataType>(DataType.SqlDataType);
        var length = parameter.GetProperty<int>(Parameter.Length);
        var isMax = parameter.GetProperty<bool>(Parameter.IsMax);
        var declared = sqlType.ToString().ToLowerInvariant() + (length > 0 ? $"({length})" : isMax ? "(max)" : "");
        if (!allowed.Contains(sqlType))
            return $"{property.DeclaringType!.Name}.{property.Name} is a {clrType.Name}{(clrType != property.PropertyType ? "?" : "")} " +
                $"(sent as {string.Join(" or ", allowed.Select(t => t.ToString().ToLowerInvariant()))}), the parameter is {declared}";
        // A parameter declared 'varchar' alone is varchar(1), and SQL Server cuts longer values without an error.
        if (clrType == typeof(string) && length == 1)
            return $"the parameter is {declared}: a string longer than 1 would be cut without an error (a type without a length has length 1)";
        return null;
    }
}
