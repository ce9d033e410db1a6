using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FibreCafe.Gateway.Errors;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Checks a parsed JSON body against the generated DTO it must become, before Newtonsoft gets a
/// chance to coerce it ("12" into 12, 12.5 into an error message nobody can act on). Wrong JSON
/// types and missing required fields are malformed; values outside the spec's rules (the
/// DataAnnotations NSwag generated from minimum, maxLength, enum...) are invalid; a member the
/// schema does not declare is malformed when it says additionalProperties: false. Everything comes
/// from the DTO's contract, so a spec change changes the checks with no code here.
/// </summary>
public sealed class JsonContractChecker(IContractResolver resolver)
{
    // Reflection is paid once per property, not on every request.
    private readonly ConcurrentDictionary<JsonProperty, List<ValidationAttribute>> Rules = new();
    // The fields a contract declares, worked out once per contract rather than for every object read.
    // Per checker, as the contracts are per resolver: a host's resolver and its contracts go with it.
    private readonly ConcurrentDictionary<JsonObjectContract, (List<JsonProperty> Declared, HashSet<string> Known)> Fields = new();

    private static readonly List<ValidationAttribute> NoRules = [];

    public List<RequestProblem> Check(JToken token, Type type)
    {
        var problems = new List<RequestProblem>();
        CheckValue(token, type, "body", NoRules, problems);
        return problems;
    }

    private void CheckObject(JObject json, JsonObjectContract contract, string path, List<RequestProblem> problems)
    {
        var (declared, known) = Fields.GetOrAdd(contract, c =>
        {
            var fields = c.Properties.Where(p => !p.Ignored && p.Writable && p.PropertyName is not null).ToList();
            return (fields, fields.Select(p => p.PropertyName!).ToHashSet(StringComparer.Ordinal));
        });
        var first = problems.Count;
        var present = 0;
        foreach (var property in declared)
        {
            var name = Member(path, property.PropertyName!);
            var found = json.TryGetValue(property.PropertyName!, out var value);
            if (found) present++;
            if (!found || value!.Type == JTokenType.Null)
            {
                if (property.Required is Required.Always or Required.DisallowNull)
                    problems.Add(RequestProblem.Malformed(name, "is required"));
                continue;
            }
            var rules = Rules.GetOrAdd(property, p => p.AttributeProvider?.GetAttributes(true).OfType<ValidationAttribute>().ToList() ?? []);
            CheckValue(value, property.PropertyType!, name, rules, problems);
        }
        // NSwag leaves out the [JsonExtensionData] bag when the schema says additionalProperties: false.
        // Members are only listed when there are more than the declared ones found (rarely); they are
        // named first, as they come.
        if (contract.ExtensionDataSetter is null && json.Count > present)
        {
            foreach (var unknown in json.Properties())
                if (!known.Contains(unknown.Name))
                    problems.Insert(first++, RequestProblem.Malformed(Member(path, unknown.Name),
                        $"is not a field of {(path == "body" ? "this request" : path)}; its fields are {string.Join(", ", known)}"));
        }
    }

    private void CheckValue(JToken value, Type declared, string name, List<ValidationAttribute> rules, List<RequestProblem> problems)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (type == typeof(long) || type == typeof(int))
        {
            if (value.Type != JTokenType.Integer || value is not JValue { Value: long number })
            {
                problems.Add(RequestProblem.Malformed(name, "must be a whole number within the int64 range"));
                return;
            }
            if (type == typeof(int) && number is < int.MinValue or > int.MaxValue)
                problems.Add(RequestProblem.Malformed(name, "must be a whole number within the int32 range"));
            else
                CheckRules(number, name, rules, problems);
        }
        else if (type == typeof(double) || type == typeof(decimal))
        {
            if (value.Type is not (JTokenType.Integer or JTokenType.Float))
                problems.Add(RequestProblem.Malformed(name, "must be a number"));
            else
                CheckRules((double)value, name, rules, problems); // a minimum or maximum the spec gives a number
        }
        else if (type == typeof(bool))
        {
            if (value.Type != JTokenType.Boolean) problems.Add(RequestProblem.Malformed(name, "must be true or false"));
        }
        else if (type.IsEnum)
        {
            var allowed = EnumsAsNames.NamesOf(type); // the names StringEnumConverter reads and writes
            if (value.Type != JTokenType.String)
                problems.Add(RequestProblem.Malformed(name, "must be a string"));
            else if (!allowed.Contains((string)value!))
                problems.Add(RequestProblem.Invalid(name, $"must be one of {string.Join(", ", allowed)}"));
        }
        else if (type == typeof(string) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid))
        {
            if (value.Type != JTokenType.String)
                problems.Add(RequestProblem.Malformed(name, "must be a string"));
            else if (type == typeof(string))
                CheckRules((string)value!, name, rules, problems);
            else if (!ParsesAs(type, (string)value!))
                problems.Add(RequestProblem.Malformed(name, type == typeof(Guid) ? "must be a UUID" : "must be an ISO 8601 date-time"));
        }
        else if (resolver.ResolveContract(type) is JsonArrayContract array)
        {
            if (value is not JArray items) { problems.Add(RequestProblem.Malformed(name, "must be an array")); return; }
            CheckRules(items, name, rules, problems);
            for (var i = 0; i < items.Count; i++)
                CheckValue(items[i], array.CollectionItemType ?? typeof(object), $"{name}[{i}]", NoRules, problems);
        }
        else if (resolver.ResolveContract(type) is JsonObjectContract contract)
        {
            if (value is JObject json) CheckObject(json, contract, name, problems);
            else problems.Add(RequestProblem.Malformed(name, name == "body" ? "must be a JSON object" : "must be an object"));
        }
    }

    private static string Member(string path, string name) => path == "body" ? name : $"{path}.{name}";

    private static void CheckRules(object value, string name, List<ValidationAttribute> rules, List<RequestProblem> problems)
    {
        foreach (var rule in rules)
        {
            if (rule.IsValid(value)) continue;
            problems.Add(RequestProblem.Invalid(name, rule switch
            {
                RangeAttribute r when IsUnbounded(r.Maximum) => $"must be at least {r.Minimum}",
                RangeAttribute r => $"must be between {r.Minimum} and {r.Maximum}",
                StringLengthAttribute s => $"must be {s.MinimumLength} to {s.MaximumLength} characters long",
                MinLengthAttribute m => $"must have at least {m.Length} item(s) or character(s)",
                MaxLengthAttribute m => $"must have at most {m.Length} item(s) or character(s)",
                RegularExpressionAttribute r => $"must match {r.Pattern}",
                _ => "is not valid",
            }));
        }
    }

    private static bool IsUnbounded(object maximum) =>
        Convert.ToDouble(maximum, CultureInfo.InvariantCulture) >= long.MaxValue;

    private static bool ParsesAs(Type type, string text) =>
        type == typeof(Guid)
            ? Guid.TryParse(text, out _)
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

}
