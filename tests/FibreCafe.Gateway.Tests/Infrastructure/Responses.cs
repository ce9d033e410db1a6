using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Tests.Infrastructure;

public static class Responses
{
    public static async Task<JObject> Json(this HttpResponseMessage response) =>
        JObject.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The spec's error body, checked for shape: uuid, code, at least one message.</summary>
    public static async Task<(string Code, string[] Messages, string Uuid)> Error(this HttpResponseMessage response)
    {
        var body = await response.Json();
        var uuid = (string)body["uuid"]!;
        Assert.That(Guid.TryParse(uuid, out _), Is.True, $"uuid is a UUID in {body}");
        var messages = body["messages"]!.Values<string>().Select(m => m!).ToArray();
        Assert.That(messages, Is.Not.Empty, $"messages in {body}");
        return ((string)body["code"]!, messages, uuid);
    }
}
