using System.ComponentModel.DataAnnotations;
using FibreCafe.Gateway.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace FibreCafe.Gateway.Tests.Validation;

/// <summary>
/// MVC does not check the generated DTOs' DataAnnotations a second time (SpecCheckedActions), so the
/// contract checker must check every kind of rule NSwag writes from a schema, on every kind of field,
/// including ones today's specs do not use yet.
/// </summary>
public sealed class RulesOfGeneratedTypes
{
    // The shape NSwag generates for minimum/maximum, minLength/maxLength, pattern and minItems.
    private sealed class FutureRequest
    {
        [JsonProperty("rate")] [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)] public double? Rate { get; set; }
        [JsonProperty("count")] [System.ComponentModel.DataAnnotations.Range(1L, 10L)] public long? Count { get; set; }
        [JsonProperty("code")] [StringLength(4, MinimumLength = 2)] [RegularExpression("^[A-Z]+$")] public string? Code { get; set; }
        [JsonProperty("tags")] [MinLength(1)] public List<string>? Tags { get; set; }
    }

    private static List<string> Broken(string json) =>
        [.. new JsonContractChecker(new DefaultContractResolver()).Check(JToken.Parse(json), typeof(FutureRequest)).Select(p => $"{p.Kind} {p.Message}")];

    [Test]
    public void A_value_outside_any_rule_is_invalid_and_named() =>
        Assert.That(Broken("""{"rate": 1.5, "count": 11, "code": "toolong", "tags": []}"""), Is.EquivalentTo(new[]
        {
            "Invalid rate: must be between 0 and 1",
            "Invalid count: must be between 1 and 10",
            "Invalid code: must be 2 to 4 characters long",
            "Invalid code: must match ^[A-Z]+$",
            "Invalid tags: must have at least 1 item(s) or character(s)",
        }));

    [Test]
    public void Values_within_every_rule_pass() =>
        Assert.That(Broken("""{"rate": 0.25, "count": 3, "code": "AB", "tags": ["x"]}"""), Is.Empty);
}
