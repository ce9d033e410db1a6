using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FibreCafe.SupplierSimulator.Recording;

/// <summary>
/// Turns recorded exchanges into WireMock mapping files that replay them: one file per answer,
/// the answers to one case chained by a WireMock scenario so they come back in order (the last
/// one repeats). Secrets are never written: no request headers but X-Scenario, no request body
/// but the fields naming the problem, tokens in answers replaced.
/// </summary>
public static class RecordedMappings
{
    public const string StrippedToken = "recorded-token-stripped";
    /// <summary>How long an answer the client never waited for is held on replay (then the connection drops).</summary>
    public const int NoAnswerHoldMs = 120_000;

    private static readonly string[] EchoedFields = ["id", "serviceProblemId", "supplierServiceProblemReference", "reasonCode", "text"];
    private static readonly string[] SecretFields = ["access_token", "refresh_token", "id_token"];

    public static JObject Mapping(IReadOnlyList<Exchange> answers, int index)
    {
        var e = answers[index];
        var mapping = new JObject
        {
            ["Title"] = $"Recorded: {e.Case.Describe()}, answer {index + 1} of {answers.Count}: {Summary(e)}",
            ["Priority"] = e.Case.Problem is null ? 20 : 10,
        };
        if (answers.Count > 1)
        {
            mapping["Scenario"] = e.Case.Stem;
            if (index > 0) mapping["WhenStateIs"] = State(index);
            // The last answer keeps its state, so it repeats (WireMock would otherwise start the sequence again).
            mapping["SetStateTo"] = State(Math.Min(index + 1, answers.Count - 1));
        }
        mapping["Request"] = Request(e.Case);
        mapping["Response"] = Response(e);
        if (e.FollowUp is { } kci)
        {
            mapping["UseWebhooksFireAndForget"] = true;
            mapping["Webhook"] = Webhook(kci.Body, kci.DelaySeconds);
        }
        return mapping;
    }

    private static string State(int index) => $"answer {index + 1}";

    private static string Summary(Exchange e) => e.Outcome switch
    {
        Outcome.Dropped => "the connection was dropped",
        Outcome.NoAnswer => "no answer before the client gave up",
        _ => e.Status.ToString(),
    } + (e.FollowUp is { } k ? $", then a {(string?)k.Body["reasonCode"]} KCI {k.DelaySeconds} s later" : "");

    private static JObject Request(RecordedCase c)
    {
        var request = new JObject { ["Path"] = c.Path, ["Methods"] = new JArray(c.Method) };
        if (c.Scenario is not null)
            request["Headers"] = new JArray(new JObject
            {
                ["Name"] = "X-Scenario", ["IgnoreCase"] = true,
                ["Matchers"] = new JArray(new JObject { ["Name"] = "ExactMatcher", ["Pattern"] = c.Scenario }),
            });
        if (c.Problem is not null)
            request["Body"] = new JObject { ["Matcher"] = new JObject { ["Name"] = "JsonPartialMatcher", ["Pattern"] = c.Problem } };
        return request;
    }

    private static JObject Response(Exchange e)
    {
        if (e.Outcome != Outcome.Answered)
        {
            var drop = new JObject { ["StatusCode"] = 200, ["Headers"] = new JObject { [HttpBehaviour.DropConnectionHeader] = e.Outcome.ToString() } };
            if (e.Outcome == Outcome.NoAnswer) drop["Delay"] = NoAnswerHoldMs;
            return drop;
        }
        var response = new JObject { ["StatusCode"] = e.Status };
        if (e.Headers.Count > 0) response["Headers"] = JObject.FromObject(e.Headers);
        if (string.IsNullOrEmpty(e.Body)) return response;
        var json = TryParse(e.Body);
        if (json is null)
        {
            response["Body"] = e.Body;
            return response;
        }
        foreach (var field in SecretFields.Where(json.ContainsKey)) json[field] = StrippedToken;
        var (body, templated) = Template(json, e.RequestBody);
        response["Body"] = body;
        if (templated)
        {
            response["UseTransformer"] = true;
            response["TransformerType"] = "Handlebars";
        }
        return response;
    }

    /// <summary>Fields the supplier echoed from the request come back from the replayed request, so a new cancellation sees its own id.</summary>
    private static (string Body, bool Templated) Template(JObject body, JObject? request)
    {
        var echoed = EchoedFields.Where(f => request?[f] is JValue sent && body[f] is JValue got && JToken.DeepEquals(sent, got)).ToList();
        foreach (var field in echoed)
            body[field] = body[field]!.Type == JTokenType.String ? $"{{{{request.bodyAsJson.{field}}}}}" : $"__number_{field}__";
        var text = body.ToString(Formatting.None);
        // A space after each number's }} keeps "}}}" (Handlebars' triple-stash) out of the template.
        foreach (var field in echoed) text = text.Replace($"\"__number_{field}__\"", $"{{{{request.bodyAsJson.{field}}}}} ");
        return (text, echoed.Count > 0);
    }

    /// <summary>The KCI the supplier sent after this answer, sent again on replay to the gateway the simulator serves.</summary>
    private static JObject Webhook(JObject kci, int delaySeconds)
    {
        var body = (JObject)kci.DeepClone();
        body["id"] = "{{newGuid}}";
        body["issuedOn"] = "{{utcNow}}";
        body["sequenceNumber"] = "__sequence__";
        if (body["serviceProblem"] is JObject problem)
        {
            if (problem.ContainsKey("id")) problem["id"] = "__problem__";
            if (problem.ContainsKey("cancellationId")) problem["cancellationId"] = "__cancellation__";
        }
        var text = body.ToString(Formatting.None)
            .Replace("\"__sequence__\"", "{{nextSequence}} ")
            .Replace("\"__problem__\"", "{{request.bodyAsJson.serviceProblemId}} ")
            .Replace("\"__cancellation__\"", "{{request.bodyAsJson.id}} ");
        return new JObject
        {
            ["Request"] = new JObject
            {
                ["Url"] = "{{gatewayUrl}}/kcis",
                ["Method"] = "POST",
                ["Headers"] = new JObject
                {
                    ["Content-Type"] = "application/json",
                    ["X-Request-ID"] = "{{newGuid}}",
                    ["X-Conversation-ID"] = "{{request.headers.[X-Conversation-ID]}}",
                    [KciWebhookSettings.DelayHeader] = delaySeconds.ToString(),
                },
                ["Body"] = text,
                ["UseTransformer"] = true,
                ["TransformerType"] = "Handlebars",
            },
        };
    }

    /// <summary>A token endpoint for a recording in which the gateway fetched none (it still held one).</summary>
    public static JObject StandInToken(string path) => new()
    {
        ["Title"] = $"Recorded: POST {path} was not called while recording (the gateway held a token); a stand-in token",
        ["Priority"] = 30,
        ["Request"] = new JObject { ["Path"] = path, ["Methods"] = new JArray("POST") },
        ["Response"] = new JObject
        {
            ["StatusCode"] = 200,
            ["Headers"] = new JObject { ["Content-Type"] = "application/json" },
            ["Body"] = new JObject { ["access_token"] = StrippedToken, ["expires_in"] = 3600, ["token_type"] = "Bearer" }.ToString(Formatting.None),
        },
    };

    private static JObject? TryParse(string text)
    {
        try { return JToken.Parse(text) as JObject; }
        catch (JsonException) { return null; }
    }
}
