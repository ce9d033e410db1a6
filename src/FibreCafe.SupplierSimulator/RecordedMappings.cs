using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WireMock.Handlers;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// Where WireMock saves what a real supplier answered while recording: each mapping is made
/// replayable before it is written to the mappings folder. Secrets are stripped; the request is
/// matched by path, method and X-Scenario only; ids the gateway sends are templated back.
/// </summary>
public sealed class RecordedMappings(string folder) : LocalFileSystemHandler(folder)
{
    private readonly string _folder = folder;

    private static readonly string[] EchoedFields = ["id", "serviceProblemId", "supplierServiceProblemReference", "reasonCode"];
    private static readonly string[] DroppedResponseHeaders = ["Date", "Server", "Transfer-Encoding", "Content-Length", "Set-Cookie"];

    public override void WriteMappingFile(string path, string text)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "recorded-" + Path.GetFileName(path)), Normalise(text));
    }

    public static string Normalise(string text)
    {
        var mapping = JObject.Parse(text);
        var request = (JObject)mapping["Request"]!;
        var scenario = request["Headers"]?.FirstOrDefault(h => string.Equals((string?)h["Name"], "X-Scenario", StringComparison.OrdinalIgnoreCase));
        foreach (var key in new[] { "Headers", "Body", "Params", "Cookies" }) request.Remove(key);
        if (scenario is not null) request["Headers"] = new JArray(scenario);

        var response = (JObject)mapping["Response"]!;
        if (response["Headers"] is JObject headers)
            foreach (var name in DroppedResponseHeaders) headers.Remove(name);
        var body = response["BodyAsJson"] as JObject ?? TryParse((string?)response["Body"]);
        if (body is not null)
        {
            response.Remove("BodyAsJson");
            response["Body"] = Template(body);
            response["UseTransformer"] = true;
            response["TransformerType"] = "Handlebars";
        }
        var path = (string?)request["Path"]?["Matchers"]?[0]?["Pattern"] ?? (string?)request["Path"];
        mapping["Title"] = $"Recorded: {(string?)request["Methods"]?[0]} {path} answered {(int?)response["StatusCode"]}";
        mapping["Priority"] = path == "/oauth/token" ? 1 : 50;
        return mapping.ToString(Formatting.Indented);
    }

    /// <summary>The answer as a Handlebars template: the request's own ids come back, no token is kept.</summary>
    private static string Template(JObject body)
    {
        if (body.ContainsKey("access_token")) body["access_token"] = "recorded-token-stripped";
        if (body.ContainsKey("refresh_token")) body["refresh_token"] = "recorded-token-stripped";
        foreach (var field in EchoedFields.Where(body.ContainsKey))
            body[field] = body[field]!.Type == JTokenType.Integer ? $"__number_{field}__" : $"{{{{request.bodyAsJson.{field}}}}}";
        var json = body.ToString(Formatting.None);
        foreach (var field in EchoedFields)
            json = json.Replace($"\"__number_{field}__\"", $"{{{{request.bodyAsJson.{field}}}}} ");
        return json;
    }

    private static JObject? TryParse(string? text)
    {
        try { return text is null ? null : JObject.Parse(text); }
        catch (JsonException) { return null; }
    }
}
