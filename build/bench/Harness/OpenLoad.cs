using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Harness;

/// <summary>
/// Open-loop load: holds a fixed rate whatever the gateway does. Request i is due at start + i/rate
/// and its latency counts from then, so a stalled gateway shows in the percentiles instead of
/// slowing the load down (wrk's closed loop cannot hold a rate).
/// </summary>
public static class OpenLoad
{
    public static async Task<string> RunAsync(string gateway, string token, long firstProblem, double rate, double seconds)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
        var total = (int)(rate * seconds);
        // One unmeasured second at the same rate, on the problems after the measured ones: a cold
        // harness JITs its HTTP client and opens its connections on its first requests, and those
        // were the slowest 1 % of a short run (the floor itself measured p99 38-49 ms cold at 350/s).
        await RunAtRateAsync(http, token, firstProblem + total, rate, (int)Math.Ceiling(rate));
        var (latencies, statuses, elapsed) = await RunAtRateAsync(http, token, firstProblem, rate, total);
        elapsed = Math.Max(seconds, elapsed);

        var created = statuses.Count(s => s == 201);
        var errors = statuses.Count(s => s == 0);
        var sorted = latencies.Where((_, i) => statuses[i] != 0).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(sorted.Length * p) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT rps={created / elapsed:F0} p50_ms={Percentile(0.50):F2} p99_ms={Percentile(0.99):F2} errors={errors} non2xx={total - created - errors} requests={total} target={rate:F0}");
    }

    private static async Task<(double[] Latencies, int[] Statuses, double Seconds)> RunAtRateAsync(
        HttpClient http, string token, long firstProblem, double rate, int total)
    {
        var latencies = new double[total];
        var statuses = new int[total];
        var sends = new Task[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = i / rate;
            var ahead = due - clock.Elapsed.TotalSeconds;
            if (ahead > 0.002) await Task.Delay(TimeSpan.FromSeconds(ahead));
            sends[i] = SendAsync(http, token, firstProblem + i, due, clock, i, latencies, statuses);
        }
        await Task.WhenAll(sends);
        return (latencies, statuses, clock.Elapsed.TotalSeconds);
    }

    private static async Task SendAsync(HttpClient http, string token, long problem, double due, Stopwatch clock, int i, double[] latencies, int[] statuses)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
            {
                Content = new StringContent($$"""{"serviceProblemId": {{problem}}, "reasonCode": "NO_LONGER_REQUIRED", "text": "benchmark"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Request-ID", $"open-{problem}");
            request.Headers.Add("X-Conversation-ID", "bench");
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            statuses[i] = (int)response.StatusCode;
        }
        catch (Exception)
        {
            statuses[i] = 0;
        }
        latencies[i] = (clock.Elapsed.TotalSeconds - due) * 1000;
    }
}
