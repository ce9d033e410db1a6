using System.Net;

namespace FibreCafe.Gateway.Tests.Errors;

public sealed class Operations
{
    [Test]
    public async Task A_running_gateway_is_live_and_ready()
    {
        var api = SharedGateway.Client;

        using var live = await api.Http.GetAsync("/health/live");
        using var ready = await api.Http.GetAsync("/health/ready");

        Assert.That((live.StatusCode, ready.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        var body = await ready.Json();
        Assert.That(((string?)body["checks"]!["database"]!["status"], (string?)body["checks"]!["outbox-workers"]!["status"]),
            Is.EqualTo(("Healthy", "Healthy")));
    }

    [Test]
    public async Task A_gateway_without_its_database_is_live_but_not_ready()
    {
        var missing = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", "no-such-folder-" + Guid.NewGuid().ToString("N"));
        using var factory = new GatewayFactory(new() { ["ConnectionStrings:Gateway"] = $"Data Source={missing}/gateway.db" });
        var api = new GatewayClient(factory);

        using var live = await api.Http.GetAsync("/health/live");
        using var ready = await api.Http.GetAsync("/health/ready");

        Assert.That((live.StatusCode, ready.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable)));
        Assert.That((string?)(await ready.Json())["checks"]!["database"]!["description"], Is.EqualTo("unreachable"));
    }

    [Test]
    public async Task Readiness_names_a_supplier_that_stored_problems_need_but_the_gateway_has_not_configured()
    {
        using var factory = new GatewayFactory();
        var api = new GatewayClient(factory);
        await api.NewProblem(supplier: "SUPPLIER9");

        using var ready = await api.Http.GetAsync("/health/ready");

        var check = (await ready.Json())["checks"]!["suppliers"]!;
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "degraded: the other suppliers' traffic is fine");
        Assert.That(((string?)check["status"], (string?)check["description"]), Is.EqualTo(("Degraded",
            "not configured (Suppliers:<id>:BaseUrl), though stored service problems name them: SUPPLIER9")));
    }

    [TestCase("tenant-api", "Fibre Cafe : Tenant API")]
    [TestCase("tenant-updates-api", "Fibre Cafe : Tenant Updates API")]
    [TestCase("supplier-api", "Fibre Cafe : Supplier API")]
    [TestCase("supplier-updates-api", "Fibre Cafe : Supplier Updates API")]
    public async Task The_gateway_serves_the_specs_partners_integrate_from(string name, string title)
    {
        using var response = await SharedGateway.Client.Http.GetAsync($"/openapi/{name}.yaml");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var text = await response.Content.ReadAsStringAsync();
        var repository = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "openapi", name + ".yaml"));
        Assert.That(text, Does.Contain(title).And.EqualTo(repository));
    }
}

public sealed class Metrics
{
    [Test]
    public async Task Metrics_in_Prometheus_format_count_requests_cancellations_and_the_outbox()
    {
        var api = SharedGateway.Client;
        using var created = await api.Cancel(await api.NewProblem());
        await GatewayClient.CreatedId(created);

        var text = await Eventually.Get(() => Scrape(api), t => t.Contains("fibrecafe_dispatch_outcomes"));

        Assert.That(text, Does.Contain("fibrecafe_cancellations_total{").And.Contain("state=\"RECEIVED_BY_GATEWAY\""));
        Assert.That(text, Does.Contain("fibrecafe_dispatch_attempts_total{").And.Contain("supplier=\"SUPPLIER1\""));
        Assert.That(text, Does.Contain("fibrecafe_outbox_backlog").And.Contain("fibrecafe_kci_backlog"));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds").And.Contain("http_route=\"service-problem-cancellations\""));
    }

    [Test]
    public async Task Metrics_show_how_many_writes_each_SQLite_commit_carries_and_the_wait_for_the_file()
    {
        var api = SharedGateway.Client;
        var before = await Scrape(api);

        using var created = await api.Cancel(await api.NewProblem());
        await GatewayClient.CreatedId(created);

        // The exporter serves a scrape it made a moment before: wait for one made after the create.
        var commits = Sample(before, "fibrecafe_sqlite_commit_writes_count");
        var after = await Eventually.Get(() => Scrape(api), t => Sample(t, "fibrecafe_sqlite_commit_writes_count") > commits);
        Assert.That(Sample(after, "fibrecafe_sqlite_commit_writes_count"), Is.GreaterThan(commits), "the create's commit is counted");
        Assert.That(Sample(after, "fibrecafe_sqlite_commit_writes_sum"), Is.GreaterThan(Sample(before, "fibrecafe_sqlite_commit_writes_sum")));
        Assert.That(after.Split('\n').Any(line => line.StartsWith("fibrecafe_sqlite_commit_writes_bucket{", StringComparison.Ordinal) && line.Contains("le=\"64\"")),
            "the buckets run up to the writer's largest batch");
        Assert.That(Sample(after, "fibrecafe_sqlite_turn_wait_seconds_count"), Is.GreaterThan(Sample(before, "fibrecafe_sqlite_turn_wait_seconds_count")));
    }

    private static async Task<string> Scrape(GatewayClient api)
    {
        using var response = await api.Http.GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }

    private static double Sample(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
        .Select(line => double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
        .DefaultIfEmpty(0).Sum();
}
