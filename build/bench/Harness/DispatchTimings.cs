using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Harness;

/// <summary>Times the asynchronous half: 201 → the supplier has the call, and how fast a backlog drains.</summary>
public static class DispatchTimings
{
    private static readonly HttpClient Http = new();

    // The first calls open connections and compile code; a gateway in service has done that long ago.
    private const int Unmeasured = 10;

    /// <summary>One cancellation at a time on an idle gateway: when the 201 arrives vs when the stub supplier has it.</summary>
    public static async Task<(double P50, double P99)> LatencyAsync(string gateway, string token, long firstProblem, int count)
    {
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(100); // idle between requests
            var id = await CancelAsync(gateway, token, firstProblem + i);
            var answered = DateTime.UtcNow;
            var deadline = Stopwatch.StartNew();
            DateTime at;
            while (!StubSupplier.Received.TryGetValue(id, out at) && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(1);
            if (i >= Unmeasured) samples.Add((at - answered).TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.99) - 1]);
    }

    /// <summary>Creates <paramref name="count"/> cancellations as fast as <paramref name="concurrency"/> clients can.</summary>
    public static async Task CreateAsync(string gateway, string token, long firstProblem, int count, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) await CancelAsync(gateway, token, firstProblem + i);
        }));
    }

    /// <summary>
    /// Waits until the stub supplier has <paramref name="count"/> cancellations, or until none has
    /// arrived for <paramref name="stalled"/>; returns first to last arrival (zero for fewer than two).
    /// </summary>
    public static async Task<TimeSpan> DrainAsync(int count, TimeSpan stalled)
    {
        var quiet = Stopwatch.StartNew();
        for (var seen = 0; StubSupplier.Received.Count < count && quiet.Elapsed < stalled; await Task.Delay(20))
            if (StubSupplier.Received.Count != seen) { seen = StubSupplier.Received.Count; quiet.Restart(); }
        var times = StubSupplier.Received.Values.ToList();
        return times.Count < 2 ? TimeSpan.Zero : times.Max() - times.Min();
    }

    /// <summary>
    /// Like <see cref="CreateAsync"/>, but expects the gateway to die under it: every id answered 201
    /// is written to <paramref name="answered"/> at once; failures are only counted.
    /// </summary>
    public static async Task<(int Answered, int Failed)> LoadAsync(string gateway, string token, long firstProblem, int count, int concurrency, string answered)
    {
        var next = -1;
        var failed = 0;
        await using var output = new StreamWriter(answered, append: false) { AutoFlush = true };
        var gate = new SemaphoreSlim(1, 1);
        var ok = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    var id = await CancelAsync(gateway, token, firstProblem + i);
                    await gate.WaitAsync();
                    try { await output.WriteLineAsync(id.ToString()); ok++; }
                    finally { gate.Release(); }
                }
                catch (Exception) { Interlocked.Increment(ref failed); }
            }
        }));
        return (ok, failed);
    }

    private static async Task<long> CancelAsync(string gateway, string token, long problem)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway + "/service-problem-cancellations")
        {
            Content = new StringContent($$"""{"serviceProblemId": {{problem}}, "reasonCode": "NO_LONGER_REQUIRED"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "bench");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"{(int)response.StatusCode} {body}");
        return (long)JObject.Parse(body)["id"]!;
    }
}
