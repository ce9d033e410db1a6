using System.Globalization;
using System.Text.RegularExpressions;
using FibreCafe.Gateway.Errors;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Checks one header or path value against its schema in the spec. A value that is not of the
/// schema's type cannot be read (400 MALFORMED_REQUEST); a readable value that breaks the schema's
/// pattern, range, length or enum is out of rule (422 INVALID_REQUEST). Messages name the field.
/// </summary>
public static class ParameterRules
{
    // schema.Validate builds a new validator (its format table included) on every call: 12 % of the
    // bytes a request allocated. The validator keeps no state between calls, so one serves all.
    private static readonly NJsonSchema.Validation.JsonSchemaValidator Validator = new();

    public static RequestProblem? Check(string field, string value, JsonSchema schema, Type clrType)
    {
        JToken token;
        if (schema.Type.HasFlag(JsonObjectType.Integer))
        {
            if (!TryReadWholeNumber(value, out var number))
                return RequestProblem.Malformed(field, "must be a whole number");
            token = new JValue(number);
        }
        else if (schema.Type.HasFlag(JsonObjectType.Number))
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return RequestProblem.Malformed(field, "must be a number");
            token = new JValue(number);
        }
        else if (schema.Type.HasFlag(JsonObjectType.Boolean))
        {
            if (value is not ("true" or "false")) return RequestProblem.Malformed(field, "must be true or false");
            token = new JValue(value == "true");
        }
        else if (IsPlainString(schema))
            return BreaksPlainString(value, schema) ? RequestProblem.Invalid(field, Rule(schema)) : null;
        else token = new JValue(value);

        var broken = Validator.Validate(token, schema);
        if (broken.Count > 0) return RequestProblem.Invalid(field, Rule(schema));
        // The spec's range may be wider than what the generated C# parameter can hold.
        if (token is JValue { Value: long n } && !FitsIn(n, clrType))
            return RequestProblem.Invalid(field, "must be a whole number within the int32 range");
        return null;
    }

    /// <summary>A header or path value read as a whole number, the one way every check and binder here reads one.</summary>
    public static bool TryReadWholeNumber(string? text, out long number) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);

    /// <summary>Whether the generated C# parameter can hold the number (the spec's range may be wider than an int's).</summary>
    public static bool FitsIn(long number, Type clrType) =>
        (Nullable.GetUnderlyingType(clrType) ?? clrType) != typeof(int) || number is >= int.MinValue and <= int.MaxValue;

    // A string schema with nothing but a pattern and length bounds (every header in the specs) is
    // checked here as the validator checks it (Regex.IsMatch on the pattern, UTF-16 length): the
    // validator's own pass made a token, a closure and an error list per call, 4 % of a request's bytes.
    private static bool IsPlainString(JsonSchema schema) =>
        schema.Type == JsonObjectType.String && !schema.HasReference && schema.Enumeration.Count == 0 && string.IsNullOrEmpty(schema.Format)
        && schema.AllOf.Count == 0 && schema.AnyOf.Count == 0 && schema.OneOf.Count == 0 && schema.Not is null
        && schema.Properties.Count == 0 && schema.RequiredProperties.Count == 0;

    private static bool BreaksPlainString(string value, JsonSchema schema) =>
        (schema.Pattern is { Length: > 0 } pattern && !Regex.IsMatch(value, pattern))
        || value.Length < schema.MinLength || value.Length > schema.MaxLength;

    /// <summary>The schema's rules, in words: every one, so a partner fixes the value in one go.</summary>
    public static string Rule(JsonSchema schema)
    {
        var rules = new List<string>();
        if (schema.Enumeration.Count > 0) rules.Add($"be one of {string.Join(", ", schema.Enumeration)}");
        if (schema.Minimum is { } min && schema.Maximum is { } max) rules.Add($"be between {min} and {max}");
        else if (schema.Minimum is { } least) rules.Add($"be at least {least}");
        else if (schema.Maximum is { } most) rules.Add($"be at most {most}");
        if (schema.MinLength is { } shortest && schema.MaxLength is { } longest) rules.Add($"be {shortest} to {longest} characters long");
        else if (schema.MinLength is { } minLength) rules.Add($"be at least {minLength} characters long");
        else if (schema.MaxLength is { } maxLength) rules.Add($"be at most {maxLength} characters long");
        if (schema.Pattern is { Length: > 0 } pattern) rules.Add($"match {pattern}");
        return rules.Count == 0 ? "is not valid" : "must " + string.Join(" and ", rules);
    }
}
