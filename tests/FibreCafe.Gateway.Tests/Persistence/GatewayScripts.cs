using System.Reflection;
using FibreCafe.Gateway.Persistence.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>The SQL Server scripts as the gateway ships them (embedded resources, as DbUp reads them) and the C# calls to them.</summary>
internal static class GatewayScripts
{
    public static readonly Assembly Gateway = typeof(SqlServerGatewayStore).Assembly;
    public const string Prefix = "FibreCafe.Gateway.Persistence.SqlServer.";
    public const string Migrations = Prefix + "Migrations.";
    public const string Procedures = Prefix + "Procedures.";

    /// <summary>Every T-SQL script in the order DbUp runs them: the numbered migrations, then one file per procedure.</summary>
    public static IEnumerable<string> Names() =>
        Gateway.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql"))
            .OrderBy(n => n.StartsWith(Migrations, StringComparison.Ordinal) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal);

    /// <summary>The file name a resource came from, for failure messages (Procedures.GetCancellation.sql).</summary>
    public static string ShortName(string resource) => resource[Prefix.Length..];

    public static TSqlFragment Parse(string resource, out IList<ParseError> errors)
    {
        using var reader = new StreamReader(Gateway.GetManifestResourceStream(resource)!);
        return new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out errors);
    }

    /// <summary>Procedure name as the code calls it (dbo.X) → the record whose properties Dapper sends as its parameters.</summary>
    public static Dictionary<string, Type> Calls() => Gateway.GetTypes()
        .Select(t => (Type: t, Attribute: t.GetCustomAttribute<StoredProcedureAttribute>()))
        .Where(x => x.Attribute is not null)
        .ToDictionary(x => x.Attribute!.Name, x => x.Type);
}
