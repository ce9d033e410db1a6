using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Contracts.TenantApi;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Tests.Cancellations;

/// <summary>
/// The fingerprint is written straight from the request, no longer from a sorted JToken tree; keys
/// stored before that change must still match. The tree-based form it replaced is kept here as the
/// reference, and every shape a generated DTO can take must give the same hash.
/// </summary>
public sealed class FingerprintCanonicalForm
{
    private static readonly JsonSerializer Plain = JsonSerializer.Create(new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore });

    // The fingerprint as the gateway computed it before (fd709c5): each part as a tree, members sorted.
    private static string Reference(params object?[] parts)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            writer.WriteStartArray();
            foreach (var part in parts) WriteSorted(writer, part is null ? JValue.CreateNull() : JToken.FromObject(part, Plain));
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void WriteSorted(JsonWriter writer, JToken token)
    {
        switch (token)
        {
            case JObject o:
                writer.WriteStartObject();
                foreach (var property in o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JArray a:
                writer.WriteStartArray();
                foreach (var item in a) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                token.WriteTo(writer);
                break;
        }
    }

    // What NSwag generates for an object schema that allows undeclared members.
    private sealed class WithExtensionData
    {
        [JsonProperty("zeta")] public string? Zeta { get; set; }
        [JsonProperty("alpha")] public int Alpha { get; set; }
        [JsonExtensionData] public IDictionary<string, object> AdditionalProperties { get; set; } = new Dictionary<string, object>();
    }

    private sealed class Ordered
    {
        [JsonProperty("b", Order = 1)] public int B { get; set; }
        [JsonProperty("a", Order = 2)] public int A { get; set; }
        [JsonProperty("c", Order = 0, NullValueHandling = NullValueHandling.Include)] public string? C { get; set; }
    }

    private sealed class Values
    {
        [JsonProperty("when")] public DateTimeOffset When { get; set; }
        [JsonProperty("amount")] public decimal Amount { get; set; }
        [JsonProperty("ratio")] public double Ratio { get; set; }
        [JsonProperty("id")] public Guid Id { get; set; }
        [JsonProperty("big")] public long Big { get; set; }
        [JsonProperty("named"), JsonConverter(typeof(StringEnumConverter))] public CancellationReasonCode Named { get; set; }
        [JsonProperty("numbered")] public CancellationReasonCode Numbered { get; set; }
        [JsonProperty("list")] public List<string?>? List { get; set; }
    }

    // A type with its own converter that writes a discriminator first, as NSwag's inheritance converter does.
    [JsonConverter(typeof(DiscriminatorFirst))]
    private sealed class Discriminated
    {
        public string? Name { get; set; }
        public int Size { get; set; }
    }

    private sealed class DiscriminatorFirst : Newtonsoft.Json.JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(Discriminated);
        public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) => throw new NotSupportedException();
        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            var d = (Discriminated)value!;
            writer.WriteStartObject();
            writer.WritePropertyName("type"); writer.WriteValue("discriminated");
            writer.WritePropertyName("size"); writer.WriteValue(d.Size);
            writer.WritePropertyName("name"); writer.WriteValue(d.Name);
            writer.WriteEndObject();
        }
    }

    private static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData((object)new object?[]
        {
            new ServiceProblemCancellationRequest { ServiceProblemId = 1001, ReasonCode = CancellationReasonCode.OTHER, Text = "caf\u00e9 \"q\" \u2713 \\ / \u0001" },
            "CANCELLATION_PENDING", 2,
        }).SetName("the request with its test headers");
        yield return new TestCaseData((object)new object?[] { new ServiceProblemCancellationRequest { ServiceProblemId = 7, ReasonCode = CancellationReasonCode.OTHER }, null, null })
            .SetName("the request with no text and no test headers");
        var extended = new WithExtensionData { Zeta = "z", Alpha = 1 };
        extended.AdditionalProperties["mid"] = 3;
        extended.AdditionalProperties["beta"] = new JObject { ["y"] = 1, ["x"] = 2 };
        extended.AdditionalProperties["aardvark"] = null!;
        yield return new TestCaseData((object)new object?[] { extended }).SetName("extension data among declared members");
        yield return new TestCaseData((object)new object?[] { new Ordered { A = 1, B = 2 } }).SetName("declared orders and an included null");
        yield return new TestCaseData((object)new object?[]
        {
            new Values
            {
                When = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(1)), Amount = 12.50m, Ratio = 0.1, Id = Guid.Parse("5f0f0f0f-1111-2222-3333-444455556666"),
                Big = long.MaxValue, Named = CancellationReasonCode.CUSTOMER_NETWORK_ISSUE, Numbered = CancellationReasonCode.OTHER, List = ["b", null, "a"],
            },
        }).SetName("dates, decimals, doubles, guids, enums and nulls in a list");
        yield return new TestCaseData((object)new object?[] { new { outer = new Discriminated { Name = "n", Size = 3 }, list = new object?[] { new Discriminated(), null } } })
            .SetName("a type with its own converter, nested");
        yield return new TestCaseData((object)new object?[]
        {
            new { map = new Dictionary<string, object?> { ["b"] = 1, ["a"] = new JObject { ["y"] = 1, ["x"] = new JArray(2, "z", JValue.CreateNull()) }, ["c"] = null } },
        }).SetName("a map holding free JSON");
    }

    [TestCaseSource(nameof(Shapes))]
    public void Every_shape_a_DTO_can_take_hashes_as_the_tree_based_form_did(object?[] parts) =>
        Assert.That(RequestFingerprint.Of(parts), Is.EqualTo(Reference(parts)));
}
