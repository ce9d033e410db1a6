using System.Net;

namespace FibreCafe.Gateway.Tests.Cancellations;

/// <summary>Well-formed requests that break a rule of the spec answer 422 INVALID_REQUEST naming the field and rule.</summary>
public sealed class InvalidRequests
{
    private static GatewayClient Api => SharedGateway.Client;

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(long.MinValue)]
    public async Task A_service_problem_id_below_1_is_invalid(long id)
    {
        using var response = await Api.Cancel(id);

        await AssertInvalid(response, "serviceProblemId: must be at least 1");
    }

    [TestCase("FOO")]
    [TestCase("other")]
    [TestCase("")]
    public async Task An_unknown_reason_code_is_invalid(string reasonCode)
    {
        using var response = await Api.Cancel(1001, reasonCode);

        await AssertInvalid(response, "reasonCode: must be one of ISSUE_RESOLVED, CUSTOMER_NETWORK_ISSUE, NO_LONGER_REQUIRED, OTHER");
    }

    [TestCase(0)]
    [TestCase(1001)]
    public async Task Text_that_is_empty_or_over_1000_characters_is_invalid(int length)
    {
        using var response = await Api.Cancel(1001, text: new string('x', length));

        await AssertInvalid(response, "text: must be 1 to 1000 characters long");
    }

    [Test]
    public async Task Every_broken_rule_is_listed_in_one_answer()
    {
        using var response = await Api.Cancel(0, "FOO", "");

        var error = await AssertInvalid(response, "serviceProblemId: must be at least 1");
        Assert.That(error.Messages, Has.Length.EqualTo(3));
    }

    private static async Task<(string Code, string[] Messages, string Uuid)> AssertInvalid(HttpResponseMessage response, string message)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(error.Messages, Does.Contain(message));
        return error;
    }
}
