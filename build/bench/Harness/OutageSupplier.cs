using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace Harness;

/// <summary>
/// A supplier that is down (503, or no answer at all with "hang") for its first <c>downSeconds</c>
/// (-1: for the whole run), then answers 201; and the tenant's KCI endpoint, which writes every KCI
/// it gets as "cancellationId type errorCode" to a file. /attempts counts calls, during the outage too.
/// </summary>
public static class OutageSupplier
{
    private static readonly ConcurrentDictionary<long, int> Attempts = new();
    private static readonly ConcurrentDictionary<long, ConcurrentDictionary<string, byte>> RequestIds = new();
    private static readonly ConcurrentDictionary<long, byte> Reached = new();
    private static int _duringOutage;

    public static async Task RunAsync(int port, string kciFile, double downSeconds, string mode)
    {
        await using var kcis = new StreamWriter(kciFile, append: true) { AutoFlush = true };
        var app = Quiet.Builder().Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        var upAt = downSeconds < 0 ? DateTime.MaxValue : DateTime.UtcNow.AddSeconds(downSeconds);
        app.MapPost("/oauth/token", () => Results.Json(new { access_token = "outage", expires_in = 3600, token_type = "Bearer" }));
        app.MapPost("/service-problem-cancellations", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = JObject.Parse(await reader.ReadToEndAsync());
            var id = (long)body["id"]!;
            Attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            RequestIds.GetOrAdd(id, _ => new())[http.Request.Headers["X-Request-ID"].ToString()] = 0;
            if (DateTime.UtcNow < upAt)
            {
                Interlocked.Increment(ref _duringOutage);
                if (mode == "hang") await Task.Delay(Timeout.Infinite, http.RequestAborted);
                return Results.StatusCode(503);
            }
            Reached[id] = 0;
            return Results.Json(new
            {
                // Plain values: the slim host serialises with System.Text.Json, which writes a JToken as [].
                id, serviceProblemId = (long)body["serviceProblemId"]!, supplierServiceProblemReference = (string?)body["supplierServiceProblemReference"],
                reasonCode = (string?)body["reasonCode"], supplierReference = $"SUP-{id}",
            }, statusCode: 201);
        });
        app.MapPost("/kcis", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var kci = JObject.Parse(await reader.ReadToEndAsync());
            lock (kcis) kcis.WriteLine($"{kci["entity"]?["cancellation"]?["id"]} {kci["information"]?["type"]} {kci["error"]?["code"]}");
            return Results.StatusCode(204);
        });
        app.MapGet("/attempts", () => Results.Json(new
        {
            ids = Attempts.Count, total = Attempts.Values.Sum(), max = Attempts.Values.DefaultIfEmpty(0).Max(),
            during_outage = _duringOutage, reached = Reached.Count,
            most_request_ids = RequestIds.Values.Select(r => r.Count).DefaultIfEmpty(0).Max(),
        }));
        await app.RunAsync();
    }
}
