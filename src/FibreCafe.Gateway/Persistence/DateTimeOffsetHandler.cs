using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Persistence;

/// <summary>
/// SQLite keeps times as ISO-8601 text; SQL Server has a real datetimeoffset. One Dapper handler
/// reads both, so the records stay DateTimeOffset everywhere. (Dapper uses it for reading only:
/// it sends DateTimeOffset parameters itself, which is why the SQLite store passes text.)
/// </summary>
public sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public static void Register() => SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) =>
        parameter.Value = parameter is SqliteParameter
            ? value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)
            : value;

    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a time"),
    };
}
