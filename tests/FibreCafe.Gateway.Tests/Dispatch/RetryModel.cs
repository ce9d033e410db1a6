using Dapper;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.ServiceProblems;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Dispatch;

/// <summary>
/// The durable retry model through the real dispatcher, with time from a FakeTimeProvider: the retry
/// window, the breaker, Retry-After, a restart on the same database, a configuration reload.
/// Each step waits for stored state, never for time.
/// </summary>
public sealed class RetryModel
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private FakeTimeProvider _clock = null!;

    // Fresh for each test: the development issuer signs tokens with this clock, checked against the real one.
    [SetUp]
    public void StartTheClock() => _clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

    private static Dictionary<string, string?> Settings(SupplierStandIn supplier, int breakerMinimumThroughput = 100_000)
    {
        var settings = supplier.GatewaySettings(maxAttempts: 100);
        settings["Suppliers:SUPPLIER1:Resilience:RetryWindow"] = Window.ToString();
        settings["Suppliers:SUPPLIER1:Resilience:BaseDelay"] = "00:00:01";
        settings["Suppliers:SUPPLIER1:Resilience:MaxDelay"] = "00:01:00";
        settings["Suppliers:SUPPLIER1:Resilience:BreakerMinimumThroughput"] = breakerMinimumThroughput.ToString();
        settings["Suppliers:SUPPLIER1:Resilience:BreakDuration"] = "00:05:00";
        return settings;
    }

    [Test]
    public async Task A_supplier_that_keeps_failing_ends_FAILED_TO_SEND_with_one_ERROR_KCI_only_when_its_window_is_over()
    {
        using var supplier = new SupplierStandIn();
        supplier.AnswerCancellations(Response.Create().WithStatusCode(503), priority: 1);
        using var gateway = new GatewayFactory(Settings(supplier), clock: _clock);
        var api = new GatewayClient(gateway);
        var problem = await api.NewProblem(ServiceProblemStatus.InProgress);
        var id = await GatewayClient.CreatedId(await api.Cancel(problem));

        var attempts = await MinuteByMinute(gateway, id, minutes: 9);
        var before = await Status(api, id);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var after = await Eventually.Get(() => Status(api, id), c => c.Status != CancellationStatus.ReceivedByGateway);

        Assert.That(attempts, Is.EqualTo(10), "one attempt at once, then one each minute (backoff capped at 1 min)");
        Assert.That(before.Status, Is.EqualTo(CancellationStatus.ReceivedByGateway), "9 minutes into a 10-minute window");
        Assert.That((after.Status, after.ErrorCode, after.Updated - after.Created), Is.EqualTo(("FAILED_TO_SEND", "SUPPLIER_FAULT", Window)));
        var kcis = await api.Store.GetTenantKcisAsync("TENANT1", problem, CancellationToken.None);
        Assert.That(kcis.Count(k => k.UpdateType == "ERROR"), Is.EqualTo(1));
    }

    [Test]
    public async Task While_a_suppliers_breaker_is_open_its_cancellations_wait_without_spending_attempts_and_another_suppliers_go_through()
    {
        using var down = new SupplierStandIn();
        down.AnswerCancellations(Response.Create().WithStatusCode(503), priority: 1);
        using var up = new SupplierStandIn();
        var settings = Settings(down, breakerMinimumThroughput: 2);
        settings["Suppliers:SUPPLIER2:BaseUrl"] = up.Url;
        settings["Suppliers:SUPPLIER2:TokenUrl"] = up.Url + "/oauth/token";
        settings["Suppliers:SUPPLIER2:Resilience:AttemptTimeout"] = "00:00:01";
        using var gateway = new GatewayFactory(settings, clock: _clock);
        var api = new GatewayClient(gateway);
        // Two failed calls open the breaker (minimum throughput 2); the two made after it are refused without a call.
        var ids = new List<long>();
        for (var i = 0; i < 2; i++) ids.Add(await GatewayClient.CreatedId(await api.Cancel(await api.NewProblem(ServiceProblemStatus.InProgress))));
        await Eventually.Get(() => Outbox(gateway, ids), rows => rows.All(r => r.Released && r.Attempts == 1));
        for (var i = 0; i < 2; i++) ids.Add(await GatewayClient.CreatedId(await api.Cancel(await api.NewProblem(ServiceProblemStatus.InProgress))));
        var spent = await Eventually.Get(() => Outbox(gateway, ids), rows => rows.All(r => r.Released && r.NextAttemptAt > _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(2));

        // Another supplier's cancellation, made after the clock moved, shows a claim has run since.
        var other = await GatewayClient.CreatedId(await api.Cancel(await api.NewProblem(ServiceProblemStatus.InProgress, supplier: "SUPPLIER2")));
        var otherDone = await Eventually.Get(() => Status(api, other), c => c.Status == CancellationStatus.Pending);
        var waiting = await Outbox(gateway, ids);
        down.Reset(); // the supplier is back: 202
        _clock.Advance(TimeSpan.FromMinutes(4)); // the breaker half-opens, a probe succeeds, the rest follow
        var statuses = await Eventually.Get(() => Task.WhenAll(ids.Select(i => Status(api, i))), s => s.All(c => c.Status == CancellationStatus.Pending));

        Assert.That(otherDone.Status, Is.EqualTo(CancellationStatus.Pending));
        Assert.That(spent.Select(r => r.Attempts), Is.EqualTo(new[] { 1L, 1L, 0L, 0L }), "the breaker refused the last two calls");
        Assert.That(waiting.Select(r => r.Attempts), Is.EqualTo(spent.Select(r => r.Attempts)), "no attempt spent while open");
        Assert.That(statuses.Select(s => s.Status), Is.All.EqualTo(CancellationStatus.Pending));
    }

    [Test]
    public async Task A_503_with_Retry_After_is_tried_again_exactly_when_the_supplier_asked()
    {
        using var supplier = new SupplierStandIn();
        supplier.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(SupplierStandIn.Path).UsingPost()).AtPriority(1)
            .InScenario("busy").WillSetStateTo("asked to wait").RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "120"));
        using var gateway = new GatewayFactory(Settings(supplier), clock: _clock);
        var api = new GatewayClient(gateway);
        var id = await GatewayClient.CreatedId(await api.Cancel(await api.NewProblem(ServiceProblemStatus.InProgress)));

        var released = await Eventually.Get(() => Outbox(gateway, [id]), rows => rows[0].Released && rows[0].Attempts == 1);
        _clock.Advance(TimeSpan.FromSeconds(120));
        var done = await Eventually.Get(() => Status(api, id), c => c.Status != CancellationStatus.ReceivedByGateway);

        Assert.That(released[0].NextAttemptAt, Is.EqualTo(_clock.GetUtcNow()), "due 120 s after the 503, not after the 1 s backoff");
        Assert.That(done.Status, Is.EqualTo(CancellationStatus.Pending));
        Assert.That(supplier.Cancellations(id), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_gateway_started_again_on_the_same_database_carries_on_the_window_and_the_attempt_count()
    {
        using var supplier = new SupplierStandIn();
        supplier.AnswerCancellations(Response.Create().WithStatusCode(503), priority: 1);
        var first = new GatewayFactory(Settings(supplier), clock: _clock) { KeepData = true };
        var api = new GatewayClient(first);
        var problem = await api.NewProblem(ServiceProblemStatus.InProgress);
        var id = await GatewayClient.CreatedId(await api.Cancel(problem));
        var beforeStop = await MinuteByMinute(first, id, minutes: 4);
        first.Dispose();

        using var second = new GatewayFactory(Settings(supplier), first.DataDirectory, clock: _clock);
        var again = new GatewayClient(second);
        var afterRestart = await MinuteByMinute(second, id, minutes: 5);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var after = await Eventually.Get(() => Status(again, id), c => c.Status != CancellationStatus.ReceivedByGateway);

        Assert.That((beforeStop, afterRestart), Is.EqualTo((5L, 10L)), "the count goes on from the database");
        Assert.That((after.Status, after.Updated - after.Created), Is.EqualTo(("FAILED_TO_SEND", Window)), "the window runs from the 201, not the restart");
        Directory.Delete(first.DataDirectory, recursive: true);
    }

    [Test]
    public async Task Changing_a_suppliers_BaseUrl_while_the_gateway_runs_sends_the_next_attempt_to_the_new_URL()
    {
        using var old = new SupplierStandIn();
        old.AnswerCancellations(Response.Create().WithStatusCode(503), priority: 1);
        using var moved = new SupplierStandIn();
        using var gateway = new GatewayFactory(Settings(old), clock: _clock);
        var api = new GatewayClient(gateway);
        var id = await GatewayClient.CreatedId(await api.Cancel(await api.NewProblem(ServiceProblemStatus.InProgress)));
        await Eventually.Get(() => Outbox(gateway, [id]), rows => rows[0].Released && rows[0].Attempts == 1);

        var configuration = (IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>();
        configuration["Suppliers:SUPPLIER1:BaseUrl"] = moved.Url;
        configuration.Reload();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var done = await Eventually.Get(() => Status(api, id), c => c.Status != CancellationStatus.ReceivedByGateway);

        Assert.That(done.Status, Is.EqualTo(CancellationStatus.Pending));
        Assert.That((old.Cancellations(id).Count, moved.Cancellations(id).Count), Is.EqualTo((1, 1)));
        Assert.That(moved.Cancellations(id)[0].Headers["X-Request-ID"], Is.EqualTo(old.Cancellations(id)[0].Headers["X-Request-ID"]));
    }

    /// <summary>Moves the clock a minute at a time, each time waiting for the attempt it makes due; returns the attempts made.</summary>
    private async Task<long> MinuteByMinute(GatewayFactory gateway, long id, int minutes)
    {
        var rows = await Eventually.Get(() => Outbox(gateway, [id]), r => r[0].Released && r[0].Attempts >= 1);
        for (var i = 0; i < minutes; i++)
        {
            var made = rows[0].Attempts;
            _clock.Advance(TimeSpan.FromMinutes(1));
            rows = await Eventually.Get(() => Outbox(gateway, [id]), r => r[0].Released && r[0].Attempts == made + 1);
        }
        return rows[0].Attempts;
    }

    private static async Task<Cancellation> Status(GatewayClient api, long id) =>
        (await api.Store.GetCancellationAsync("TENANT1", id, CancellationToken.None))!;

    private sealed record OutboxRow(long Attempts, string NextAttemptAtText, string? LeaseOwner, string? DoneAt)
    {
        public bool Released => LeaseOwner is null;
        public DateTimeOffset NextAttemptAt => DateTimeOffset.Parse(NextAttemptAtText, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<OutboxRow[]> Outbox(GatewayFactory gateway, IReadOnlyList<long> ids)
    {
        await using var db = new SqliteConnection($"Data Source={gateway.DatabasePath}");
        var rows = (await db.QueryAsync<OutboxRow>(
            "SELECT attempts AS Attempts, next_attempt_at AS NextAttemptAtText, lease_owner AS LeaseOwner, done_at AS DoneAt FROM outbox WHERE cancellation_id IN @Ids ORDER BY cancellation_id",
            new { Ids = ids })).ToArray();
        return rows;
    }
}
