using System.Text;
using HandlebarsDotNet;
using Newtonsoft.Json.Linq;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// Templated answers compiled once. WireMock builds a new Handlebars environment and compiles the
/// template for every templated answer (about 30 ms of CPU each: a load run through the
/// Development simulator measured the simulator, not the gateway). A mapping whose answer is a
/// Handlebars body, with no webhook or delay, is answered here instead from the same file, with
/// the same model (request.bodyAsJson, request.headers) and helpers.
/// </summary>
public static class PrecompiledTemplates
{
    public static void Apply(WireMockServer server, Action<IHandlebars> registerHelpers)
    {
        var handlebars = Handlebars.Create();
        registerHelpers(handlebars);
        foreach (var mapping in server.Mappings.Where(m => !m.IsAdminInterface && m.Webhooks is null).ToList())
        {
            if (mapping.Provider is not Response { UseTransformer: true, TransformerType: TransformerType.Handlebars } response) continue;
            if (response.Delay is not null || response.ResponseMessage.BodyData?.BodyAsString is not { } body) continue;
            var template = handlebars.Compile(body);
            var (status, headers) = (response.ResponseMessage.StatusCode, response.ResponseMessage.Headers);
            var builder = server.Given(mapping.RequestMatcher).WithGuid(mapping.Guid).AtPriority(mapping.Priority);
            if (mapping.Title is not null) builder = builder.WithTitle(mapping.Title);
            if (mapping.Scenario is not null) builder = builder.InScenario(mapping.Scenario);
            if (mapping.ExecutionConditionState is not null) builder = builder.WhenStateIs(mapping.ExecutionConditionState);
            if (mapping.NextState is not null) builder = builder.WillSetStateTo(mapping.NextState);
            builder.RespondWith(Response.Create().WithCallback(request => new ResponseMessage
            {
                StatusCode = status,
                Headers = headers is null ? null : new Dictionary<string, WireMockList<string>>(headers),
                BodyData = new BodyData { BodyAsString = template(Model(request)), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
            }));
        }
    }

    private static Dictionary<string, object?> Model(IRequestMessage request) => new()
    {
        ["request"] = new Dictionary<string, object?>
        {
            ["path"] = request.Path,
            ["bodyAsJson"] = Plain(request.BodyAsJson as JToken),
            ["headers"] = request.Headers?.ToDictionary(h => h.Key, h => (object?)h.Value.ToString()),
        },
    };

    private static object? Plain(JToken? token) => token switch
    {
        JObject o => o.Properties().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JArray a => a.Select(Plain).ToList(),
        JValue v => v.Value,
        _ => null,
    };
}
