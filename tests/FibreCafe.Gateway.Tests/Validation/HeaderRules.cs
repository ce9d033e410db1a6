using System.Net;

namespace FibreCafe.Gateway.Tests.Validation;

/// <summary>
/// Every header the spec declares is held to its schema in the spec: a value that is not of its
/// type is 400 MALFORMED_REQUEST, one outside its pattern or range is 422 INVALID_REQUEST, and the
/// message names the header and states the spec's rule. Nothing is stored either way.
/// </summary>
public sealed class HeaderRules
{
    private static GatewayClient Api => SharedGateway.Client;

    [TestCase("X-Scenario", "cancellation_pending", "X-Scenario: must match ^[A-Z_]{1,50}$")]
    [TestCase("X-Scenario", "CANCELLATION_PENDING_AND_A_GOOD_DEAL_MORE_THAN_FIFTY_CHARS", "X-Scenario: must match ^[A-Z_]{1,50}$")]
    [TestCase("X-Kci-Delay", "5000", "X-Kci-Delay: must be between 0 and 3600")]
    [TestCase("X-Kci-Delay", "-1", "X-Kci-Delay: must be between 0 and 3600")]
    [TestCase("X-Kci-Delay", "99999999999", "X-Kci-Delay: must be between 0 and 3600")]
    public async Task A_header_outside_its_rule_in_the_spec_is_invalid_and_named(string header, string value, string message)
    {
        var problem = await Api.NewProblem();

        using var response = await Api.PostAs("TENANT1", "/service-problem-cancellations", GatewayClient.CancelBody(problem),
            new Dictionary<string, string> { [header] = value });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages, Is.EqualTo(new[] { message }));
        await AssertUntouched(problem);
    }

    [TestCase("abc")]
    [TestCase("2.5")]
    [TestCase("99999999999999999999")]
    public async Task A_header_that_is_not_of_its_type_is_malformed_and_named(string value)
    {
        var problem = await Api.NewProblem();

        using var response = await Api.PostAs("TENANT1", "/service-problem-cancellations", GatewayClient.CancelBody(problem),
            new Dictionary<string, string> { ["X-Kci-Delay"] = value });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = await response.Error();
        Assert.That(error.Messages, Is.EqualTo(new[] { "X-Kci-Delay: must be a whole number" }));
        Assert.That(string.Join(" ", error.Messages), Does.Not.Contain("The value"));
        await AssertUntouched(problem);
    }

    [TestCase("CANCELLATION_PENDING", "0")]
    [TestCase("CANCELLATION_ACCEPTED", "3600")]
    public async Task Headers_within_their_rules_are_accepted(string scenario, string delay)
    {
        using var response = await Api.PostAs("TENANT1", "/service-problem-cancellations", GatewayClient.CancelBody(await Api.NewProblem()),
            new Dictionary<string, string> { ["X-Scenario"] = scenario, ["X-Kci-Delay"] = delay });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_supplier_updates_API_holds_its_correlation_headers_to_the_spec_too()
    {
        using var response = await Api.PostAs("SUPPLIER1", "/kcis", "{}", new Dictionary<string, string> { ["X-Request-ID"] = new string('k', 101) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Error()).Messages, Has.Member("X-Request-ID: header must be 1 to 100 printable ASCII characters"));
    }

    private static async Task AssertUntouched(long problem)
    {
        using var read = await Api.Get($"/service-problems/{problem}");
        Assert.That((string?)(await read.Json())["status"], Is.EqualTo("ACKNOWLEDGED"));
    }
}
