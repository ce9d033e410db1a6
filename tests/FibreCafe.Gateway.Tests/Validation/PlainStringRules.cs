using FibreCafe.Gateway.Validation;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace FibreCafe.Gateway.Tests.Validation;

// ParameterRules checks a plain string schema (a pattern and length bounds, as every header in the
// specs has) itself instead of through NJsonSchema's validator; both must agree on every value.
public sealed class PlainStringRules
{
    private static readonly string[] Schemas =
    [
        """{ "type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[\\x20-\\x7E]+$" }""",
        """{ "type": "string", "pattern": "^[A-Z_]{1,50}$" }""",
        """{ "type": "string", "pattern": "[0-9]" }""",
        """{ "type": "string", "minLength": 2, "maxLength": 3 }""",
        """{ "type": "string" }""",
    ];

    private static readonly string[] Values =
        ["", "a", "ab", "abc", "abcd", "CANCELLATION_PENDING", "cancellation_pending", "x1y", "é", "éé", "😀", "😀😀", "tab\there", new string('A', 51), new string('b', 101)];

    [Test]
    public async Task Every_value_is_refused_or_accepted_as_NJsonSchema_would()
    {
        foreach (var json in Schemas)
        {
            var schema = await JsonSchema.FromJsonAsync(json);
            foreach (var value in Values)
            {
                var validatorAccepts = schema.Validate(new JValue(value).ToString(Newtonsoft.Json.Formatting.None)).Count == 0;
                Assert.That(ParameterRules.Check("X-Field", value, schema, typeof(string)) is null, Is.EqualTo(validatorAccepts), $"{json} with \"{value}\"");
            }
        }
    }
}
