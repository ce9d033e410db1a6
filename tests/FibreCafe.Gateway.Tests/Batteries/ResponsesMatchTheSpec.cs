using System.Net;
using Newtonsoft.Json.Linq;
using NSwag;

namespace FibreCafe.Gateway.Tests.Batteries;

/// <summary>
/// The gateway's live answers on its main paths validate against the response schemas of
/// openapi/tenant-api.yaml, read at test time: the spec is not restated here.
/// </summary>
public sealed class ResponsesMatchTheSpec
{
    private static GatewayClient Api => SharedGateway.Client;
    private static OpenApiDocument? _spec;

    [OneTimeSetUp]
    public async Task ReadSpec() =>
        _spec = await OpenApiYamlDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "openapi", "tenant-api.yaml"));

    private static async Task AssertMatches(HttpResponseMessage response, string path, string method)
    {
        var status = ((int)response.StatusCode).ToString();
        var operation = _spec!.Paths[path][method];
        Assert.That(operation.ActualResponses.ContainsKey(status), Is.True, $"{method.ToUpper()} {path} does not declare {status}");
        var schema = operation.ActualResponses[status].Content["application/json"].Schema;
        var body = await response.Content.ReadAsStringAsync();
        var errors = schema.Validate(JToken.Parse(body));
        Assert.That(errors.Select(e => $"{e.Path}: {e.Kind}"), Is.Empty, $"{status} body {body}");
    }

    [Test]
    public void The_check_catches_a_body_that_breaks_the_schema()
    {
        var schema = _spec!.Paths["/service-problem-cancellations"]["post"].ActualResponses["201"].Content["application/json"].Schema;

        var errors = schema.Validate(JToken.Parse("""{"id": "one", "status": "DONE", "reasonCode": "OTHER"}"""));

        Assert.That(errors.Select(e => e.Path), Is.SupersetOf(new[] { "#/id", "#/status", "#/serviceProblemId" }));
    }

    [Test]
    public async Task A_201_matches_the_schema_of_the_201()
    {
        using var response = await Api.Cancel(await Api.NewProblem(), text: "spec check");
        await AssertMatches(response, "/service-problem-cancellations", "post");
    }

    [TestCase("""{"serviceProblemId": "x", "reasonCode": "OTHER"}""")]
    [TestCase("""{"serviceProblemId": 0, "reasonCode": "OTHER"}""")]
    [TestCase("""{"serviceProblemId": 987654321, "reasonCode": "OTHER"}""")]
    public async Task Errors_match_the_schema_of_their_status(string body)
    {
        using var response = await Api.Cancel(body);
        await AssertMatches(response, "/service-problem-cancellations", "post");
    }

    [Test]
    public async Task A_401_matches_its_schema()
    {
        using var response = await Api.Cancel(GatewayClient.CancelBody(1001), token: "nope");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await AssertMatches(response, "/service-problem-cancellations", "post");
    }

    [Test]
    public async Task The_reads_match_their_schemas()
    {
        var problem = await Api.NewProblem();
        using var created = await Api.Cancel(problem);
        var id = await GatewayClient.CreatedId(created);

        using var cancellation = await Api.Get($"/service-problem-cancellations/{id}");
        using var read = await Api.Get($"/service-problems/{problem}");
        using var missing = await Api.Get("/service-problems/987654321");

        await AssertMatches(cancellation, "/service-problem-cancellations/{id}", "get");
        await AssertMatches(read, "/service-problems/{id}", "get");
        await AssertMatches(missing, "/service-problems/{id}", "get");
    }
}
