using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NSwag;

namespace FibreCafe.Gateway.Tests.Batteries;

/// <summary>
/// Every example in the served specs is what the gateway really answers. Each example request
/// (a body, or a path id) is sent to a fresh gateway with the demo data, in document order, and
/// the answer is compared with the response example of the same name, messages included (uuids
/// and timestamps aside). Answers a request example cannot express (no token, another method...)
/// are made by the variations below. Every response example but the 500's must be exercised.
/// </summary>
public sealed class ExamplesAreReal
{
    private static readonly string[] Specs = ["tenant-api", "supplier-updates-api"];

    private sealed record Case(string Spec, OpenApiOperationDescription Operation, string Name, string Path, string? Body);

    // Response examples no request example can express, and how a partner's client gets them.
    private static readonly Dictionary<string, Func<HttpRequestMessage, string, Task>> Variations = new()
    {
        ["missingHeader"] = (request, _) => { request.Headers.Remove("X-Conversation-ID"); return Task.CompletedTask; },
        ["missingToken"] = (request, _) => { request.Headers.Authorization = null; return Task.CompletedTask; },
        ["invalidToken"] = (request, _) => { request.Headers.Authorization = new("Bearer", "not-a-token"); return Task.CompletedTask; },
        ["wrongScope"] = async (request, spec) => request.Headers.Authorization = new("Bearer", await _api!.TokenFor(spec == "tenant-api" ? "SUPPLIER1" : "TENANT1")),
        ["wrongMethod"] = (request, _) => { request.Method = HttpMethod.Delete; request.Content = null; return Task.CompletedTask; },
    };

    private static GatewayFactory? _factory;
    private static GatewayClient? _api;

    [OneTimeSetUp]
    public void Start()
    {
        // Nothing moves on its own: no dispatch to a supplier, no deliveries to a tenant.
        _factory = new GatewayFactory(new() { ["Dispatch:Enabled"] = "false", ["Kcis:Enabled"] = "false" });
        _api = new GatewayClient(_factory);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _api?.Http.Dispose();
        _factory?.Dispose();
    }

    [Test]
    public async Task Every_example_in_the_specs_is_the_gateways_real_answer()
    {
        var documents = new Dictionary<string, OpenApiDocument>();
        foreach (var spec in Specs) documents[spec] = await OpenApiYamlDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "openapi", spec + ".yaml"));
        var cases = documents.SelectMany(d => RequestExamples(d.Key, d.Value)).OrderBy(c => c.Operation.Method == "post" ? 0 : 1).ToList();
        var exercised = new HashSet<(OpenApiResponse, string)>();
        var mismatches = new List<string>();

        foreach (var c in cases)
        {
            using var request = await Request(c);
            var replayKey = request.Headers.GetValues("X-Request-ID").Single();
            await Compare(c, c.Name, request, exercised, mismatches);
            if (c.Name == "cancel") await ExpectReplay(c, replayKey, mismatches);
        }
        foreach (var (spec, document) in documents)
            foreach (var first in document.Operations.Select(o => cases.FirstOrDefault(c => c.Operation.Operation == o.Operation)).OfType<Case>())
                foreach (var (name, vary) in Variations)
                {
                    if (Expected(first, name) is not { } expected || exercised.Contains((expected.Response, name))) continue;
                    using var request = await Request(first);
                    await vary(request, spec);
                    await Compare(first, name, request, exercised, mismatches);
                }

        var unexercised = documents.Values.SelectMany(d => d.Operations).SelectMany(o => o.Operation.ActualResponses)
            .Where(r => r.Key != "500")
            .SelectMany(r => JsonExamples(r.Value.ActualResponse.Content).Keys.Select(name => (r.Value.ActualResponse, name)))
            .Where(e => !exercised.Contains(e)).Select(e => e.name).Distinct().ToList();
        Assert.That(mismatches, Is.Empty, string.Join("\n\n", mismatches));
        Assert.That(unexercised, Is.Empty, "response examples no request produced");
        Assert.That(exercised, Has.Count.GreaterThanOrEqualTo(12), "examples compared");
    }

    private static IEnumerable<Case> RequestExamples(string spec, OpenApiDocument document)
    {
        foreach (var operation in document.Operations)
        {
            foreach (var (name, example) in JsonExamples(operation.Operation.ActualRequestBody?.Content))
                yield return new Case(spec, operation, name, operation.Path, Typed(JToken.FromObject(example.ActualExample.Value)).ToString());
            var id = operation.Operation.ActualParameters.FirstOrDefault(p => p.Kind == OpenApiParameterKind.Path);
            foreach (var (name, example) in id?.Examples ?? Empty)
                yield return new Case(spec, operation, name, operation.Path.Replace("{" + id!.Name + "}", example.ActualExample.Value!.ToString()), null);
        }
    }

    private static readonly Dictionary<string, OpenApiExample> Empty = [];

    private static IDictionary<string, OpenApiExample> JsonExamples(IDictionary<string, OpenApiMediaType>? content) =>
        content is not null && content.TryGetValue("application/json", out var json) && json.Examples is { } examples ? examples : Empty;

    private static async Task<HttpRequestMessage> Request(Case c)
    {
        var request = new HttpRequestMessage(new HttpMethod(c.Operation.Method.ToUpperInvariant()), c.Path);
        if (c.Body is not null) request.Content = new StringContent(c.Body, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _api!.TokenFor(c.Spec == "tenant-api" ? "TENANT1" : "SUPPLIER1"));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "conv-examples");
        return request;
    }

    private static (string Status, OpenApiResponse Response, JToken? Value)? Expected(Case c, string name)
    {
        foreach (var (status, response) in c.Operation.Operation.ActualResponses)
            if (JsonExamples(response.ActualResponse.Content).TryGetValue(name, out var example))
                return (status, response.ActualResponse, Typed(JToken.FromObject(example.ActualExample.Value)));
        return null;
    }

    private static async Task Compare(Case c, string name, HttpRequestMessage request, HashSet<(OpenApiResponse, string)> exercised, List<string> mismatches)
    {
        using var response = await _api!.Http.SendAsync(request);
        var status = ((int)response.StatusCode).ToString();
        var body = await response.Content.ReadAsStringAsync();
        var where = $"{c.Spec} {c.Operation.Method.ToUpperInvariant()} {c.Operation.Path} example '{name}'";
        var expected = Expected(c, name);
        // A request example with no response example of its name expects the operation's bodiless success.
        var (wantStatus, declared) = expected is { } e ? (e.Status, e.Response)
            : c.Operation.Operation.ActualResponses.Single(r => r.Key.StartsWith('2')) is var ok ? (ok.Key, ok.Value.ActualResponse) : default;
        if (expected is not null) exercised.Add((declared, name));
        if (status != wantStatus) { mismatches.Add($"{where}: status {status}, the spec says {wantStatus}; body {body}"); return; }
        if (expected?.Value is { } value && !JToken.DeepEquals(Normalised(JToken.Parse(body)), Normalised(value)))
            mismatches.Add($"{where}: the gateway answered\n{Normalised(JToken.Parse(body))}\nthe spec shows\n{Normalised(value)}");
        // Echoed headers are echoed when sent; a replay marker only on a replay (checked below).
        foreach (var header in declared.Headers.Keys.Where(h => h is not ("Idempotent-Replayed" or "Retry-After") && (!h.StartsWith("X-") || request.Headers.Contains(h))))
            if (!response.Headers.TryGetValues(header, out _) && !response.Content.Headers.TryGetValues(header, out _)) mismatches.Add($"{where}: the declared header {header} is missing");
    }

    private static async Task ExpectReplay(Case c, string key, List<string> mismatches)
    {
        using var again = await Request(c);
        again.Headers.Remove("X-Request-ID");
        again.Headers.Add("X-Request-ID", key);
        using var response = await _api!.Http.SendAsync(again);
        if (!response.Headers.TryGetValues("Idempotent-Replayed", out var values) || values.Single() != "true")
            mismatches.Add($"{c.Spec} {c.Operation.Path} example '{c.Name}' sent again: no Idempotent-Replayed: true");
    }

    /// <summary>
    /// NSwag hands YAML scalars over as strings; give plain ones their YAML 1.2 core types back
    /// (these examples quote every string that would look like a number or a boolean).
    /// </summary>
    private static JToken Typed(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().Select(p => new JProperty(p.Name, Typed(p.Value)))),
        JArray a => new JArray(a.Select(Typed)),
        JValue { Type: JTokenType.String } v when long.TryParse((string)v!, out var n) => n,
        JValue { Type: JTokenType.String } v when (string)v! is "true" or "false" => (string)v! == "true",
        _ => token,
    };

    private static readonly Regex Uuid = new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}");

    /// <summary>Generated uuids and timestamps differ on every run; everything else must be equal.</summary>
    private static JToken Normalised(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Normalised(p.Value)))),
        JArray a => new JArray(a.Select(Normalised)),
        JValue { Type: JTokenType.String } v when Uuid.IsMatch((string)v!) => "<uuid>",
        JValue { Type: JTokenType.String or JTokenType.Date } v when DateTime.IsMatch(v.ToString(Newtonsoft.Json.Formatting.None).Trim('"')) => "<date-time>",
        JValue { Type: JTokenType.Date } => "<date-time>",
        _ => token,
    };
}
