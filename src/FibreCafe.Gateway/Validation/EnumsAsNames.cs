using System.Collections.Frozen;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Serialization;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Reads and writes the generated DTOs' enum members as their names without a JsonConverter. NSwag
/// marks each with StringEnumConverter, and Newtonsoft hands a converter a proxy of its serializer,
/// made anew for every body it reads or writes (0.2 KB each, three a POST: the body, the request's
/// fingerprint, the 201). Here such a member is text to Newtonsoft, and a value provider turns the
/// text into the enum and back by the names StringEnumConverter itself writes (EnumMember values
/// included), worked out once per enum type. The JSON is the same, byte for byte.
/// </summary>
public class EnumsAsNames : DefaultContractResolver
{
    /// <summary>How <paramref name="resolver"/> names members, for another resolver that must name them alike.</summary>
    public static NamingStrategy? NamingOf(IContractResolver? resolver) => (resolver as DefaultContractResolver)?.NamingStrategy;

    protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
    {
        var property = base.CreateProperty(member, memberSerialization);
        if (property.Converter is StringEnumConverter { AllowIntegerValues: true, NamingStrategy: null }
            && property.ValueProvider is { } inner && property.PropertyType is { } declared
            && (Nullable.GetUnderlyingType(declared) ?? declared) is { IsEnum: true } type && !type.IsDefined(typeof(FlagsAttribute)))
        {
            property.Converter = null;
            property.PropertyType = typeof(string);
            property.ValueProvider = new ByName(inner, Names.For(type));
        }
        return property;
    }

    /// <summary>The names an enum has on the wire, as StringEnumConverter writes them (the body check allows these).</summary>
    public static IReadOnlyCollection<string> NamesOf(Type enumType) => Names.For(enumType).All;

    private sealed class ByName(IValueProvider inner, Names names) : IValueProvider
    {
        public object? GetValue(object target) => inner.GetValue(target) is { } value ? names.Of(value) : null;

        public void SetValue(object target, object? value) => inner.SetValue(target, value is null ? null : names.Parse((string)value));
    }

    private sealed class Names
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Names> Known = new();
        private readonly Type _type;
        private readonly FrozenDictionary<object, string> _names;
        private readonly FrozenDictionary<string, object> _values;

        private Names(Type type)
        {
            _type = type;
            var converter = new StringEnumConverter();
            var values = Enum.GetValues(type).Cast<object>().Distinct().ToList();
            _names = values.ToFrozenDictionary(v => v, v => JsonConvert.DeserializeObject<string>(JsonConvert.SerializeObject(v, converter))!);
            _values = _names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
            All = [.. values.Select(v => _names[v])];
        }

        public IReadOnlyCollection<string> All { get; }

        public static Names For(Type type) => Known.GetOrAdd(type, t => new Names(t));

        // A value no member has is a bug of the code that set it: it fails loudly rather than going out
        // in another shape than StringEnumConverter's (its number).
        public string Of(object value) => _names.TryGetValue(value, out var name) ? name
            : throw new JsonSerializationException($"{value} is not a named value of {_type.Name}");

        // The contract check lets only the exact names through; anything else is read as StringEnumConverter reads it.
        public object Parse(string text) => _values.TryGetValue(text, out var value) ? value
            : JsonConvert.DeserializeObject(JsonConvert.SerializeObject(text), _type, new StringEnumConverter())!;
    }
}
