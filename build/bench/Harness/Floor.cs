using Dapper;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace Harness;

/// <summary>
/// The floor: what any implementation of the endpoint must do at least. Bare Kestrel, no MVC, no
/// auth; parses the same JSON with the same library and does one insert into the same kind of
/// SQLite file (WAL, synchronous=NORMAL), answering 201 with the id.
/// </summary>
public static class Floor
{
    public static void Run(int port, string database)
    {
        var connectionString = $"Data Source={database};Pooling=True";
        using (var db = new SqliteConnection(connectionString))
        {
            db.Execute("PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS cancellations (id INTEGER PRIMARY KEY AUTOINCREMENT, service_problem_id INTEGER, reason_code TEXT, text TEXT, request_id TEXT, created TEXT)");
        }
        var app = Quiet.Builder().Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        app.MapPost("/service-problem-cancellations", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = JObject.Parse(await reader.ReadToEndAsync());
            await using var db = new SqliteConnection(connectionString);
            await db.OpenAsync();
            await db.ExecuteAsync("PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;");
            var id = await db.ExecuteScalarAsync<long>(
                "INSERT INTO cancellations (service_problem_id, reason_code, text, request_id, created) VALUES (@p, @r, @t, @q, @c) RETURNING id",
                new { p = (long)body["serviceProblemId"]!, r = (string?)body["reasonCode"], t = (string?)body["text"], q = http.Request.Headers["X-Request-ID"].ToString(), c = DateTime.UtcNow.ToString("O") });
            return Results.Json(new { id, status = "RECEIVED_BY_GATEWAY" }, statusCode: 201);
        });
        app.Run();
    }
}
