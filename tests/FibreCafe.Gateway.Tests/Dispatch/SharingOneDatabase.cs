using System.Net;
using Dapper;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.Sqlite;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Dispatch;

/// <summary>Gateways sharing one database, in one process or two, never send a cancellation twice, and never lose one when they stop.</summary>
public sealed class SharingOneDatabase
{
    [Test]
    public async Task Two_gateways_on_one_SQLite_file_send_each_of_500_cancellations_exactly_once()
    {
        using var supplier = new SupplierStandIn();
        var settings = supplier.GatewaySettings(attemptTimeout: "00:00:10"); // as below: a second attempt must mean a second claim
        using var first = new GatewayFactory(settings);
        var a = new GatewayClient(first);
        await a.TokenFor("TENANT1"); // the first host creates the signing key the second one reads
        using var second = new GatewayFactory(settings, first.DataDirectory);
        var b = new GatewayClient(second);
        var problems = await SeedProblems(a, 500);

        var ids = await CancelAll(problems, (p, i) => (i % 2 == 0 ? a : b).Cancel(p));
        await Eventually.Get(() => Unsent(first.DatabasePath), n => n == 0, TimeSpan.FromSeconds(60));
        await Task.Delay(300); // a duplicate would arrive now

        // Each cancellation was claimed and attempted by one gateway once. (A connection dropped
        // mid-call is retried within the same attempt, so the supplier may then see it twice, with
        // one X-Request-ID: at least once is the contract on the wire; a second claim that sends
        // again counts a second attempt, and that is the bug.)
        var received = supplier.Cancellations();
        var twice = received.GroupBy(c => (long)c.Body["id"]!).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(c => c.Headers["X-Request-ID"]).Distinct())})").ToList();
        Assert.That(await Attempts(first.DatabasePath), Is.EqualTo(new Dictionary<long, long> { [1] = 500 }),
            $"outbox rows by attempts made; received twice: {string.Join("; ", twice)}");
        Assert.That(received.Select(c => (long)c.Body["id"]!).Distinct().Order().ToList(), Is.EqualTo(ids.Order().ToList()));
        Assert.That(received.GroupBy(c => (long)c.Body["id"]!).All(g => g.Select(c => c.Headers["X-Request-ID"]).Distinct().Count() == 1),
            "a cancellation sent again carries the same X-Request-ID");
    }

    [Test]
    public async Task Two_gateway_processes_on_one_SQLite_file_answer_every_cancellation_and_send_each_once()
    {
        using var supplier = new SupplierStandIn();
        // Beside the other fixtures a busy machine can take more than the usual half second to answer,
        // and a timed-out call is rightly claimed again; a second attempt here must mean a second claim.
        using var first = new GatewayFactory(supplier.GatewaySettings(attemptTimeout: "00:00:10"));
        var a = new GatewayClient(first);
        var token = await a.TokenFor("TENANT1"); // the first host creates the signing key the other process reads
        var problems = await SeedProblems(a, 300);
        using var other = await GatewayProcess.StartAsync(new(first.Settings));
        using var b = new HttpClient { BaseAddress = other.BaseAddress };

        // Both processes write the file at once: they take turns through the file's named mutex.
        var ids = await CancelAll(problems, (p, i) => i % 2 == 0 ? a.Cancel(p)
            : b.SendAsync(GatewayClient.CancelRequest(System.Text.Encoding.UTF8.GetBytes(GatewayClient.CancelBody(p)), token)));
        await Eventually.Get(() => Unsent(first.DatabasePath), n => n == 0, TimeSpan.FromSeconds(60));
        await Task.Delay(300); // a duplicate would arrive now

        var received = supplier.Cancellations();
        var attempts = await Attempts(first.DatabasePath);
        Assert.That(attempts, Is.EqualTo(new Dictionary<long, long> { [1] = 300 }),
            "outbox rows by attempts made: " + string.Join(", ", attempts.Select(row => $"{row.Value} with {row.Key}")));
        Assert.That(received.Select(c => (long)c.Body["id"]!).Distinct().Order().ToList(), Is.EqualTo(ids.Order().ToList()));
    }

    private static async Task<Dictionary<long, long>> Attempts(string database)
    {
        await using var db = new SqliteConnection($"Data Source={database}");
        var rows = await db.QueryAsync<(long Attempts, long Rows)>("SELECT attempts, COUNT(*) FROM outbox GROUP BY attempts");
        return rows.ToDictionary(r => r.Attempts, r => r.Rows);
    }

    [Test]
    public async Task A_gateway_stopped_in_the_middle_of_a_backlog_leaves_nothing_behind_for_the_next_one()
    {
        using var supplier = new SupplierStandIn();
        supplier.AnswerCancellations(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromMilliseconds(100)), priority: 1);
        var settings = supplier.GatewaySettings();
        settings["Dispatch:MaxConcurrency"] = "4";
        var stopped = new GatewayFactory(settings) { KeepData = true };
        var a = new GatewayClient(stopped);
        var problems = await SeedProblems(a, 100);
        var ids = await CancelAll(problems, (p, _) => a.Cancel(p));

        stopped.Dispose(); // graceful stop with most of the backlog still to send
        var sentBeforeStop = supplier.Cancellations().Count;
        using var next = new GatewayFactory(settings, stopped.DataDirectory);
        _ = new GatewayClient(next); // starts the host, and its dispatcher

        var left = await Eventually.Get(() => Unsent(next.DatabasePath), n => n == 0, TimeSpan.FromSeconds(60));
        var statuses = await Statuses(next.DatabasePath, ids);
        Assert.That(sentBeforeStop, Is.LessThan(100), "the first gateway was stopped with work still to do");
        Assert.That(left, Is.EqualTo(0));
        Assert.That(statuses, Has.Count.EqualTo(100));
        Assert.That(statuses, Is.All.EqualTo("PENDING"), "none stays RECEIVED_BY_GATEWAY");
        var received = supplier.Cancellations();
        Assert.That(received.Select(c => (long)c.Body["id"]!).Distinct().Order().ToList(), Is.EqualTo(ids.Order().ToList()));
        Assert.That(received.GroupBy(c => (long)c.Body["id"]!).All(g => g.Select(c => c.Headers["X-Request-ID"]).Distinct().Count() == 1),
            "a cancellation sent again carries the same X-Request-ID");
        Directory.Delete(stopped.DataDirectory, recursive: true);
    }

    private static async Task<List<long>> SeedProblems(GatewayClient api, int count)
    {
        var problems = new List<long>();
        for (var i = 0; i < count; i++) problems.Add(await api.NewProblem(ServiceProblemStatus.Acknowledged));
        return problems;
    }

    private static async Task<List<long>> CancelAll(List<long> problems, Func<long, int, Task<HttpResponseMessage>> cancel)
    {
        var ids = new List<long>();
        foreach (var chunk in problems.Select((p, i) => (p, i)).Chunk(10))
        {
            var responses = await Task.WhenAll(chunk.Select(x => cancel(x.p, x.i)));
            foreach (var response in responses)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
                ids.Add((long)(await response.Json())["id"]!);
                response.Dispose();
            }
        }
        return ids;
    }

    private static async Task<long> Unsent(string database)
    {
        await using var db = new SqliteConnection($"Data Source={database}");
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE done_at IS NULL");
    }

    private static async Task<List<string>> Statuses(string database, List<long> ids)
    {
        await using var db = new SqliteConnection($"Data Source={database}");
        return [.. await db.QueryAsync<string>("SELECT status FROM cancellations WHERE id IN @ids", new { ids })];
    }
}
