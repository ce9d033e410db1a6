using System.Text;
using System.Net;

namespace FibreCafe.Gateway.Tests.Validation;

/// <summary>
/// A body is RFC 8259 JSON or it is 400 MALFORMED_REQUEST, whatever Newtonsoft would have let
/// through; each case below is a way a lenient parser is lenient. Nothing is stored.
/// </summary>
public sealed class StrictJsonBodies
{
    private static GatewayClient Api => SharedGateway.Client;

    // {id} is a fresh acknowledged problem: were the body accepted, it would be cancelled.
    [TestCase("comment before the object", """/* c */ {"serviceProblemId": {id}, "reasonCode": "OTHER"}""")]
    [TestCase("line comment after the object", "{\"serviceProblemId\": {id}, \"reasonCode\": \"OTHER\"} // c")]
    [TestCase("comment between members", """{"serviceProblemId": {id}, /* c */ "reasonCode": "OTHER"}""")]
    [TestCase("single-quoted name and string", """{'serviceProblemId': {id}, 'reasonCode': 'OTHER'}""")]
    [TestCase("unquoted names", """{serviceProblemId: {id}, reasonCode: "OTHER"}""")]
    [TestCase("trailing comma", """{"serviceProblemId": {id}, "reasonCode": "OTHER",}""")]
    [TestCase("leading zero (octal to Newtonsoft)", """{"serviceProblemId": 0{id}, "reasonCode": "OTHER"}""")]
    [TestCase("hexadecimal number", """{"serviceProblemId": 0x1, "reasonCode": "OTHER", "text": "{id}"}""")]
    [TestCase("plus sign", """{"serviceProblemId": +{id}, "reasonCode": "OTHER"}""")]
    [TestCase("NaN", """{"serviceProblemId": NaN, "reasonCode": "OTHER", "text": "{id}"}""")]
    [TestCase("Infinity", """{"serviceProblemId": Infinity, "reasonCode": "OTHER", "text": "{id}"}""")]
    [TestCase("undefined", """{"serviceProblemId": {id}, "reasonCode": "OTHER", "text": undefined}""")]
    [TestCase("constructor", """{"serviceProblemId": {id}, "reasonCode": "OTHER", "text": new Date(1)}""")]
    [TestCase("escaped single quote", """{"serviceProblemId": {id}, "reasonCode": "OTHER", "text": "it\'s"}""")]
    [TestCase("invalid escape", """{"serviceProblemId": {id}, "reasonCode": "OTHER", "text": "\x41"}""")]
    [TestCase("raw tab inside a string", "{\"serviceProblemId\": {id}, \"reasonCode\": \"OTHER\", \"text\": \"a\tb\"}")]
    [TestCase("raw newline inside a string", "{\"serviceProblemId\": {id}, \"reasonCode\": \"OTHER\", \"text\": \"a\nb\"}")]
    [TestCase("no-break space as whitespace", "{\"serviceProblemId\":\u00a0{id}, \"reasonCode\": \"OTHER\"}")]
    [TestCase("vertical tab as whitespace", "{\"serviceProblemId\":\v{id}, \"reasonCode\": \"OTHER\"}")]
    [TestCase("two top-level values", """{"serviceProblemId": {id}, "reasonCode": "OTHER"} {}""")]
    [TestCase("trailing garbage", """{"serviceProblemId": {id}, "reasonCode": "OTHER"}x""")]
    [TestCase("unterminated object", """{"serviceProblemId": {id}, "reasonCode": "OTHER" """)]
    [TestCase("unquoted string value", """{"serviceProblemId": {id}, "reasonCode": OTHER}""")]
    public async Task A_body_that_is_not_RFC_8259_JSON_is_malformed_and_stores_nothing(string way, string template)
    {
        var problem = await Api.NewProblem();

        using var response = await Api.Cancel(template.Replace("{id}", problem.ToString()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{way}: {await response.Content.ReadAsStringAsync()}");
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(error.Messages, Has.Some.StartsWith("body: is not valid JSON (RFC 8259): "));
        await AssertStillAcknowledged(problem);
    }

    [Test]
    public async Task Duplicate_member_names_are_malformed()
    {
        var problem = await Api.NewProblem();

        using var response = await Api.Cancel($$"""{"serviceProblemId": {{problem}}, "reasonCode": "OTHER", "reasonCode": "OTHER"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Error()).Messages, Has.Some.Contains("body: is not valid JSON").And.Contains("reasonCode"));
        await AssertStillAcknowledged(problem);
    }

    [Test]
    public async Task The_message_says_where_the_body_stops_being_JSON()
    {
        using var response = await Api.Cancel("{\n  \"serviceProblemId\": 1, // why\n  \"reasonCode\": \"OTHER\"\n}");

        Assert.That((await response.Error()).Messages, Has.Some.Contains("(line 2, byte "));
    }

    [Test]
    public async Task RFC_8259_whitespace_escapes_and_a_byte_order_mark_are_accepted()
    {
        var problem = await Api.NewProblem();
        var body = "\ufeff\r\n\t{ \"reasonCode\" :\"OTHER\" ,\"text\":\"caf\\u00e9 \\\"quoted\\\" \\/ \\ud83d\\ude00\", \"serviceProblemId\":" + problem + " }\n";

        using var response = await Api.Cancel(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That((string?)(await response.Json())["text"], Is.EqualTo("café \"quoted\" / 😀"));
    }

    [Test]
    public async Task A_body_that_is_not_UTF_8_is_malformed_and_stores_nothing()
    {
        var problem = await Api.NewProblem();
        // "café" as Latin-1 sends the lone byte E9, which UTF-8 (RFC 8259 8.1) does not allow.
        var body = Encoding.UTF8.GetBytes("{\"serviceProblemId\": " + problem + ", \"reasonCode\": \"OTHER\", \"text\": \"caf")
            .Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        using var response = await Api.Cancel(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var error = await response.Error();
        Assert.That(error.Code, Is.EqualTo("MALFORMED_REQUEST"));
        Assert.That(error.Messages, Has.Some.StartsWith("body: is not UTF-8"));
        await AssertStillAcknowledged(problem);
    }

    private static async Task AssertStillAcknowledged(long problem)
    {
        using var read = await Api.Get($"/service-problems/{problem}");
        Assert.That((string?)(await read.Json())["status"], Is.EqualTo("ACKNOWLEDGED"), "the problem was not touched");
    }
}
