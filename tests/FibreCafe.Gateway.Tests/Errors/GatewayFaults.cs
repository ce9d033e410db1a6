using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;

namespace FibreCafe.Gateway.Tests.Errors;

public sealed class GatewayFaults
{
    [Test]
    public async Task A_database_that_cannot_be_reached_answers_503_with_Retry_After_and_no_body()
    {
        var missingFolder = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", "no-such-folder-" + Guid.NewGuid().ToString("N"));

        await AssertUnavailable(new() { ["ConnectionStrings:Gateway"] = $"Data Source={missingFolder}/gateway.db" });
    }

    [Test]
    public async Task A_SQL_Server_that_cannot_be_reached_answers_503_too()
    {
        await AssertUnavailable(new()
        {
            ["Storage:Provider"] = "SqlServer",
            // Nothing listens on port 1 of loopback: a real SqlClient connection attempt, refused.
            ["ConnectionStrings:Gateway"] = "Server=127.0.0.1,1;Database=FibreCafe;User Id=app;Password=x;Connect Timeout=2;Encrypt=False",
        });
    }

    /// <summary>A gateway on that database answers a cancellation with 503, Retry-After and no body.</summary>
    private static async Task AssertUnavailable(Dictionary<string, string?> settings)
    {
        using var factory = new GatewayFactory(settings);
        var api = new GatewayClient(factory);

        using var response = await api.Cancel(GatewayClient.CancelBody(1001));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [Test]
    public async Task An_unexpected_failure_is_a_GATEWAY_FAULT_whose_uuid_is_logged_once_with_the_exception()
    {
        using var factory = new GatewayFactory();
        var api = new GatewayClient(factory);
        var problem = await api.NewProblem();
        // Damage the schema under the running gateway: a fault no request can cause.
        await using (var db = new SqliteConnection($"Data Source={factory.DatabasePath}"))
            await db.ExecuteAsync("DROP TABLE idempotency_keys");

        using var response = await api.Cancel(GatewayClient.CancelBody(problem), requestId: "fault-req", conversationId: "fault-conv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("GATEWAY_FAULT"));
        var lines = factory.LogLines.Where(l => l.Contains(error.Uuid)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.StartWith("Error:").And.Contain("SqliteException")
            .And.Contain("X-Request-ID=fault-req").And.Contain("X-Conversation-ID=fault-conv").And.Contain("tenant=TENANT1"));
    }

    [Test]
    public async Task Every_refusal_is_logged_once_with_its_uuid_and_correlation_ids_and_tenant()
    {
        var api = SharedGateway.Client;

        using var response = await api.Cancel(GatewayClient.CancelBody(0), requestId: "log-req", conversationId: "log-conv");

        var error = await response.Error();
        var lines = api.Factory.LogLines.Where(l => l.Contains(error.Uuid)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain("422 INVALID_REQUEST").And.Contain("X-Request-ID=log-req")
            .And.Contain("X-Conversation-ID=log-conv").And.Contain("tenant=TENANT1"));
    }

    [Test]
    public async Task A_log_line_written_while_a_request_is_handled_carries_its_correlation_ids_and_tenant_as_fields()
    {
        var api = SharedGateway.Client;

        using var response = await api.Cancel(GatewayClient.CancelBody(0), requestId: "scope-req", conversationId: "scope-conv");

        var error = await response.Error();
        var line = api.Factory.LogLines.Single(l => l.Contains(error.Uuid));
        Assert.That(line, Does.Contain("XRequestId=scope-req").And.Contain("XConversationId=scope-conv").And.Contain("Tenant=TENANT1"));
    }
}
