using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Cancellations;

/// <summary>
/// A hash of what the request means, not of its bytes: the bound, validated request serialised as
/// canonical JSON (members sorted, no whitespace). No field is listed here, so a field added to
/// the spec (and so to the generated DTO) is covered with no edit; fields the spec does not
/// declare never get this far. Equal fields in another order or with other whitespace are the
/// same request.
/// </summary>
public static class RequestFingerprint
{
    // Only the DTOs' own attributes decide their JSON (names, enums as strings, nulls left out).
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });

    /// <param name="parts">The body and the other inputs that shape the outcome (the test-scenario headers).</param>
    public static string Of(params object?[] parts)
    {
        var canonical = Canonical(new JArray(parts.Select(p => p is null ? JValue.CreateNull() : JToken.FromObject(p, Serializer))));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString(Formatting.None))));
    }

    private static JToken Canonical(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Canonical(p.Value)))),
        JArray a => new JArray(a.Select(Canonical)),
        _ => token,
    };
}
