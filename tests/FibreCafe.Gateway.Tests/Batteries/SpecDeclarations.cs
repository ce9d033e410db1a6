using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Gateway.Correlation;
using Newtonsoft.Json.Linq;
using NSwag;

namespace FibreCafe.Gateway.Tests.Batteries;

/// <summary>
/// The specs declare everything the gateway sends and enforces: each header on a live answer is
/// declared for its status, the correlation-header rules the gateway applies are the ones the
/// specs state, and the documents carry what partners' tools insist on.
/// </summary>
public sealed class SpecDeclarations
{
    private static GatewayClient Api => SharedGateway.Client;

    // Transport headers every HTTP answer may carry; the spec declares the rest.
    private static readonly string[] Transport = ["Date", "Server", "Transfer-Encoding", "Content-Type", "Content-Length", "Cache-Control", "Connection"];

    private static Task<OpenApiDocument> Spec(string name) =>
        OpenApiYamlDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "openapi", name + ".yaml"));

    [Test]
    public async Task Every_header_on_a_tenant_API_answer_is_declared_for_its_status()
    {
        var spec = await Spec("tenant-api");
        var problem = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        var answers = new List<(string Path, string Method, HttpResponseMessage Response)>
        {
            ("/service-problem-cancellations", "post", await Api.Cancel(problem, requestId: key)),
            ("/service-problem-cancellations", "post", await Api.Cancel(problem, requestId: key)), // the replay
            ("/service-problem-cancellations", "post", await Api.Cancel("{}")),
            ("/service-problem-cancellations", "post", await Api.Cancel(GatewayClient.CancelBody(problem), token: "expired-or-not")),
            ("/service-problem-cancellations", "post", await Api.Cancel(GatewayClient.CancelBody(problem), token: await Api.TokenFor("SUPPLIER1"))),
            ("/service-problem-cancellations", "post", await Api.Cancel(987654321)),
            ("/service-problem-cancellations", "post", await Send(HttpMethod.Delete, "/service-problem-cancellations")),
            ("/service-problems/{id}", "get", await Api.Get($"/service-problems/{problem}")),
            ("/service-problems/{id}", "get", await Api.Get("/service-problems/987654321")),
            ("/service-problem-cancellations/{id}", "get", await Api.Get("/service-problem-cancellations/987654321")),
        };

        var undeclared = new List<string>();
        foreach (var (path, method, response) in answers)
        {
            var status = ((int)response.StatusCode).ToString();
            if (!spec.Paths[path][method].ActualResponses.TryGetValue(status, out var declared)) { undeclared.Add($"{method} {path}: status {status}"); continue; }
            var names = declared.ActualResponse.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Except(Transport, StringComparer.OrdinalIgnoreCase))
                if (!names.Contains(header)) undeclared.Add($"{method} {path} {status}: {header}");
            response.Dispose();
        }
        Assert.That(undeclared, Is.Empty);
    }

    [TestCase("tenant-api")]
    [TestCase("supplier-updates-api")]
    public async Task The_correlation_header_rules_the_gateway_enforces_are_the_ones_its_specs_state(string name)
    {
        var spec = await Spec(name);
        var samples = new[] { "a", "6f1c2d3e-9a8b-4c7d-8e6f-5a4b3c2d1e0f", " ", new string('r', 100), new string('r', 101), "tab\there", "caf\u00e9", "~!", "" };

        foreach (var parameter in spec.Operations.SelectMany(o => o.Operation.ActualParameters)
                     .Where(p => p.Name is CorrelationHeaders.RequestId or CorrelationHeaders.ConversationId))
            foreach (var sample in samples)
                Assert.That(parameter.ActualSchema.Validate(new JValue(sample)), CorrelationHeaders.IsValid(sample) ? Is.Empty : Is.Not.Empty,
                    $"{name} {parameter.Name} '{sample}'");
    }

    [TestCase("tenant-api")]
    [TestCase("tenant-updates-api")]
    [TestCase("supplier-api")]
    [TestCase("supplier-updates-api")]
    public async Task Every_document_names_a_contact_and_describes_every_operation_and_gives_path_ids_an_example(string name)
    {
        var spec = await Spec(name);

        Assert.That(spec.Info.Contact?.Name, Is.Not.Empty);
        Assert.That(spec.Operations.Where(o => string.IsNullOrWhiteSpace(o.Operation.Description)).Select(o => o.Path), Is.Empty);
        Assert.That(spec.Operations.SelectMany(o => o.Operation.ActualParameters).Where(p => p.Kind == OpenApiParameterKind.Path)
            .Where(p => p.Example is null && (p.Examples?.Count ?? 0) == 0).Select(p => p.Name), Is.Empty);
    }

    [Test]
    public async Task The_tenant_updates_API_lets_a_tenant_take_KCIs_without_a_token_as_the_gateway_sends_them()
    {
        var spec = await Spec("tenant-updates-api");

        Assert.That(spec.Security.Any(requirement => requirement.Count == 0), Is.True, "an empty requirement: no token needed");
        Assert.That(spec.Security.Any(requirement => requirement.ContainsKey("oauth2")), Is.True, "or a token, when the tenant configured one");
    }

    private static async Task<HttpResponseMessage> Send(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenFor("TENANT1"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "conv-declared");
        return await Api.Http.SendAsync(request);
    }
}
