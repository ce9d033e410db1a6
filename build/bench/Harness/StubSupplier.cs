using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace Harness;

/// <summary>A supplier that answers at once (token, then 202) and remembers when each cancellation id arrived.</summary>
public static class StubSupplier
{
    public static readonly ConcurrentDictionary<long, DateTime> Received = new();

    /// <summary>When set, every arrival is appended as "id X-Request-ID" at once, so the record outlives a crash of the caller.</summary>
    public static StreamWriter? Record { get; set; }

    public static WebApplication Start(int port)
    {
        var app = Quiet.Builder().Build();
        app.Urls.Add($"http://127.0.0.1:{port}");
        app.MapPost("/oauth/token", () => Results.Json(new { access_token = "bench", expires_in = 3600, token_type = "Bearer" }));
        app.MapPost("/service-problem-cancellations", async (HttpContext http) =>
        {
            var at = DateTime.UtcNow;
            using var reader = new StreamReader(http.Request.Body);
            var id = (long)JObject.Parse(await reader.ReadToEndAsync())["id"]!;
            Received.TryAdd(id, at);
            if (Record is { } record)
                lock (record) record.WriteLine($"{id} {http.Request.Headers["X-Request-ID"]}");
            return Results.StatusCode(202);
        });
        app.MapPost("/kcis", () => Results.StatusCode(204)); // TENANT1's KCIs, so they do not retry during a run
        app.MapGet("/stats", () => Results.Json(new { count = Received.Count }));
        app.MapPost("/reset", () => { Received.Clear(); return Results.Ok(); });
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }
}
