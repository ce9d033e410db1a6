using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Tests.Cancellations;

/// <summary>X-Request-ID is the idempotency key per tenant: a retried request never creates a second cancellation.</summary>
public sealed class Idempotency
{
    private static GatewayClient Api => SharedGateway.Client;

    [Test]
    public async Task The_same_request_sent_again_returns_the_original_201_and_creates_nothing()
    {
        var problem = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        using var first = await Api.Cancel(problem, text: "first", requestId: key);

        using var again = await Api.Cancel(problem, text: "first", requestId: key);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(again.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(await CancellationsWithKey(key), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_body_with_other_whitespace_and_field_order_is_the_same_request()
    {
        var problem = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        using var first = await Api.Cancel($$"""{"serviceProblemId":{{problem}},"reasonCode":"OTHER"}""", requestId: key);

        using var again = await Api.Cancel($$"""{ "reasonCode" : "OTHER",  "serviceProblemId" : {{problem}} }""", requestId: key);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((long)(await again.Json())["id"]!, Is.EqualTo((long)(await first.Json())["id"]!));
    }

    [Test]
    public async Task The_same_key_with_a_different_body_is_refused_naming_X_Request_ID()
    {
        var problem = await Api.NewProblem();
        var other = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        using var first = await Api.Cancel(problem, requestId: key);

        using var reused = await Api.Cancel(other, requestId: key);

        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = await reused.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages[0], Does.StartWith($"X-Request-ID: '{key}' was already used for a different request"));
        var untouched = await Api.Store.GetServiceProblemAsync("TENANT1", other, CancellationToken.None);
        Assert.That(untouched!.Status, Is.EqualTo("ACKNOWLEDGED"));
    }

    [Test]
    public async Task Keys_belong_to_one_tenant_so_two_tenants_may_use_the_same_one()
    {
        var key = Guid.NewGuid().ToString();
        using var mine = await Api.Cancel(await Api.NewProblem(tenant: "TENANT1"), tenant: "TENANT1", requestId: key);
        using var theirs = await Api.Cancel(await Api.NewProblem(tenant: "TENANT2"), tenant: "TENANT2", requestId: key);

        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((long)(await theirs.Json())["id"]!, Is.Not.EqualTo((long)(await mine.Json())["id"]!));
    }

    [Test]
    public async Task Ten_concurrent_requests_with_one_key_create_one_cancellation()
    {
        var problem = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        await Api.TokenFor("TENANT1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Api.Cancel(problem, requestId: key)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.That(responses.All(r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict),
            string.Join(", ", responses.Select(r => r.StatusCode)));
        var ids = await Task.WhenAll(created.Select(async r => (long)(await r.Json())["id"]!));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await CancellationsWithKey(key), Is.EqualTo(1));
        foreach (var r in responses) r.Dispose();
    }

    private static async Task<long> CancellationsWithKey(string key)
    {
        await using var db = new SqliteConnection($"Data Source={Api.Factory.DatabasePath}");
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cancellations WHERE request_id = @key", new { key });
    }
}
