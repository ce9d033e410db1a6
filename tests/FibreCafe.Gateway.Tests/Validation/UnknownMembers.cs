using System.Net;

namespace FibreCafe.Gateway.Tests.Validation;

/// <summary>
/// The request schemas say additionalProperties: false, and the gateway holds a client to it: a
/// member the spec does not declare (an old field name, a typo, another case) is 400 naming it.
/// </summary>
public sealed class UnknownMembers
{
    private static GatewayClient Api => SharedGateway.Client;

    [TestCase("note", "\"why not\"")]
    [TestCase("Text", "\"case matters\"")]
    [TestCase("serviceProblemID", "1")]
    public async Task A_member_the_spec_does_not_declare_is_malformed_and_named(string member, string value)
    {
        var problem = await Api.NewProblem();

        using var response = await Api.Cancel($$"""{"serviceProblemId": {{problem}}, "reasonCode": "OTHER", "{{member}}": {{value}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(error.Messages, Has.Member($"{member}: is not a field of this request; its fields are serviceProblemId, reasonCode, text"));
        using var read = await Api.Get($"/service-problems/{problem}");
        Assert.That((string?)(await read.Json())["status"], Is.EqualTo("ACKNOWLEDGED"));
    }

    [Test]
    public async Task A_nested_member_the_spec_does_not_declare_is_named_with_its_path()
    {
        var problem = await Api.NewProblem();
        var body = $$$"""
            {"id": "{{{Guid.NewGuid()}}}", "sequenceNumber": 1, "issuedOn": "2026-11-27T10:00:00Z", "reasonCode": "IN_PROGRESS",
             "serviceProblem": {"id": {{{problem}}}, "reference": "SK_1"}}
            """;

        using var response = await Api.PostAs("SUPPLIER1", "/kcis", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Error()).Messages,
            Has.Member("serviceProblem.reference: is not a field of serviceProblem; its fields are id, supplierReference, cancellationId"));
    }
}
