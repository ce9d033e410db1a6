using FibreCafe.Gateway.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace FibreCafe.Gateway.Tests.Validation;

/// <summary>
/// EnumsAsNames reads and writes the generated enums without StringEnumConverter; the JSON must be the
/// converter's, byte for byte, for every member of every enum the specs generate.
/// </summary>
public sealed class EnumNames
{
    public sealed class Holder<T> where T : struct, Enum
    {
        [JsonProperty("value", Required = Required.Always)]
        [JsonConverter(typeof(StringEnumConverter))]
        public T Value { get; set; }

        [JsonProperty("maybe", NullValueHandling = NullValueHandling.Ignore)]
        [JsonConverter(typeof(StringEnumConverter))]
        public T? Maybe { get; set; }
    }

    private static IEnumerable<Type> GeneratedEnums() => typeof(EnumsAsNames).Assembly.GetTypes()
        .Where(t => t.IsEnum && t.Namespace?.StartsWith("FibreCafe.Gateway.Contracts", StringComparison.Ordinal) == true);

    [Test]
    public void Every_member_of_every_generated_enum_is_written_and_read_as_StringEnumConverter_does()
    {
        var converter = new JsonSerializerSettings();
        var names = new JsonSerializerSettings { ContractResolver = new EnumsAsNames() };
        var members = 0;
        foreach (var type in GeneratedEnums())
        {
            var holder = typeof(Holder<>).MakeGenericType(type);
            var contract = (Newtonsoft.Json.Serialization.JsonObjectContract)names.ContractResolver!.ResolveContract(holder);
            Assert.That(contract.Properties.Select(p => p.Converter), Is.All.Null, "read and written with no converter");
            foreach (var value in Enum.GetValues(type))
            {
                foreach (var maybe in new[] { null, value })
                {
                    var written = Activator.CreateInstance(holder)!;
                    holder.GetProperty("Value")!.SetValue(written, value);
                    holder.GetProperty("Maybe")!.SetValue(written, maybe);
                    var expected = JsonConvert.SerializeObject(written, converter);

                    Assert.That(JsonConvert.SerializeObject(written, names), Is.EqualTo(expected), $"{type.Name}.{value}");
                    var read = JsonConvert.DeserializeObject(expected, holder, names)!;
                    Assert.That(holder.GetProperty("Value")!.GetValue(read), Is.EqualTo(value), $"{type.Name}.{value}");
                    Assert.That(holder.GetProperty("Maybe")!.GetValue(read), Is.EqualTo(maybe), $"{type.Name}.{value}");
                }
                members++;
            }
        }
        Assert.That(members, Is.GreaterThan(20), "the specs' enums were found");
    }

    [Test]
    public void A_name_in_another_case_is_read_as_StringEnumConverter_reads_it()
    {
        var type = GeneratedEnums().First();
        var first = Enum.GetValues(type).GetValue(0)!;
        var json = JsonConvert.SerializeObject(Activator.CreateInstance(typeof(Holder<>).MakeGenericType(type)), new JsonSerializerSettings()).ToLowerInvariant();
        var holder = typeof(Holder<>).MakeGenericType(type);

        var byConverter = JsonConvert.DeserializeObject(json, holder, new JsonSerializerSettings())!;
        var byNames = JsonConvert.DeserializeObject(json, holder, new JsonSerializerSettings { ContractResolver = new EnumsAsNames() })!;

        Assert.That(holder.GetProperty("Value")!.GetValue(byNames), Is.EqualTo(holder.GetProperty("Value")!.GetValue(byConverter)).And.EqualTo(first));
    }
}
