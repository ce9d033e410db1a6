using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace Harness;

/// <summary>
/// A supplier that is down for the whole run (503 to every cancellation), and the tenant's KCI
/// endpoint, which writes every KCI it gets as "cancellationId type errorCode" to a file.
/// </summary>
public static class OutageSupplier
{
    public static readonly ConcurrentDictionary<long, int> Attempts = new();

    public static async Task RunAsync(int port, string kciFile)
    {
        await using var kcis = new StreamWriter(kciFile, append: true) { AutoFlush = true };
        var app = WebApplication.CreateSlimBuilder().Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        app.MapPost("/oauth/token", () => Results.Json(new { access_token = "outage", expires_in = 3600, token_type = "Bearer" }));
        app.MapPost("/service-problem-cancellations", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            Attempts.AddOrUpdate((long)JObject.Parse(await reader.ReadToEndAsync())["id"]!, 1, (_, n) => n + 1);
            return Results.StatusCode(503);
        });
        app.MapPost("/kcis", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var kci = JObject.Parse(await reader.ReadToEndAsync());
            lock (kcis) kcis.WriteLine($"{kci["entity"]?["cancellation"]?["id"]} {kci["information"]?["type"]} {kci["error"]?["code"]}");
            return Results.StatusCode(204);
        });
        app.MapGet("/attempts", () => Results.Json(new { ids = Attempts.Count, total = Attempts.Values.Sum(), max = Attempts.Values.DefaultIfEmpty(0).Max() }));
        await app.RunAsync();
    }
}
