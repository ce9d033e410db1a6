using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Tests.Batteries;

/// <summary>
/// Hundreds of generated bad requests against the real gateway: none may get a 5xx, every answer
/// is the spec's error body, and none may write a row.
/// </summary>
// Counts rows of the shared gateway's whole database ("writes nothing"): runs alone, not beside other fixtures.
[NonParallelizable]
public sealed class HostileInput
{
    private static GatewayClient Api => SharedGateway.Client;

    public sealed record Attack(string Name, string Body, string ContentType = "application/json", string? RequestId = null, string? ConversationId = "hostile")
    {
        public override string ToString() => Name;
    }

    private const string Valid = """{"serviceProblemId": 1001, "reasonCode": "OTHER", "text": "x"}""";

    public static IEnumerable<Attack> Attacks()
    {
        var n = 0;
        Attack A(string name, string body, string type = "application/json", string? rid = null, string? cid = "hostile") =>
            new($"{++n:D3} {name}", body, type, rid, cid);

        // Broken JSON
        foreach (var broken in new[] { "{", "}", "[", "{\"serviceProblemId\": }", "{\"serviceProblemId\" 1}", "{'serviceProblemId': 1,}", "nul", "\"\"",
                     "{\"serviceProblemId\": 1, \"reasonCode\": \"OTHER\"", "\u0000", "{\"a\":1}{\"b\":2}", "// comment", "<xml/>", "{\"reasonCode\": \"OTHER\", }" })
            yield return A("broken JSON " + broken.Length, broken);
        // Wrong types for every field
        foreach (var id in new[] { "\"1001\"", "1001.0", "1e3", "true", "null", "[]", "{}", "-0.5", "\"\"", "NaN", "Infinity", "0x10" })
            yield return A("serviceProblemId " + id, $$"""{"serviceProblemId": {{id}}, "reasonCode": "OTHER"}""");
        foreach (var code in new[] { "1", "true", "null", "[]", "{}", "\"\"", "\"other\"", "\"OTHER \"", "\"ISSUE_RESOLVED\\u0000\"", "\"" + new string('A', 10000) + "\"" })
            yield return A("reasonCode " + code.Length, $$"""{"serviceProblemId": 1001, "reasonCode": {{code}}}""");
        foreach (var text in new[] { "1", "true", "[]", "{}", "\"\"", "\"" + new string('x', 1001) + "\"", "\"" + new string('é', 1001) + "\"" })
            yield return A("text " + text.Length, $$"""{"serviceProblemId": 1001, "reasonCode": "OTHER", "text": {{text}}}""");
        // Huge numbers
        foreach (var big in new[] { "9223372036854775808", "-9223372036854775809", "1" + new string('0', 400), "1e400", "-1e400", "0", "-1", "-9223372036854775808" })
            yield return A("huge number " + big.Length, $$"""{"serviceProblemId": {{big}}, "reasonCode": "OTHER"}""");
        // Huge strings and bodies
        foreach (var size in new[] { 60_000, 65_537, 70_000, 200_000, 1_000_000 })
            yield return A("big body " + size, $$"""{"serviceProblemId": 1001, "reasonCode": "OTHER", "text": "{{new string('y', size)}}"}""");
        // Deep nesting
        foreach (var depth in new[] { 20, 33, 64, 500, 5000 })
            yield return A("nested " + depth, "{\"serviceProblemId\": 0, \"reasonCode\": \"OTHER\", \"extra\": " + new string('[', depth) + new string(']', depth) + "}");
        // Unicode tricks
        foreach (var s in new[] { "\\ud800", "\\udfff", "\\u202e", "\\ufeff", "\\u0000", "\u200b", "𝕏", "\\uD83D\\uDE00" })
            yield return A("unicode " + s.Length, $$"""{"serviceProblemId": 1001, "reasonCode": "OTHER{{s}}"}""");
        yield return A("BOM before body", "\ufeff" + Valid.Replace("1001", "0"));
        // Duplicate keys
        yield return A("duplicate id", """{"serviceProblemId": 1001, "serviceProblemId": 1002, "reasonCode": "OTHER"}""");
        yield return A("duplicate reason", """{"serviceProblemId": 1001, "reasonCode": "OTHER", "reasonCode": "ISSUE_RESOLVED"}""");
        // Wrong content types
        foreach (var type in new[] { "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json-patch", "image/png", "*/*", "application" })
            yield return A("content type " + type, Valid, type);
        // Header injection and bad correlation ids
        foreach (var rid in new[] { " ", new string('r', 101), "a\u0001b", "a\u007fb", "ñ", "a\tb" })
            yield return A("X-Request-ID " + rid.Length, Valid, rid: rid);
        foreach (var cid in new[] { " ", new string('c', 101), "a\u0001b", "ñ" })
            yield return A("X-Conversation-ID " + cid.Length, Valid, cid: cid);
        yield return A("no X-Conversation-ID", Valid, cid: null);
        // SQL-looking text: must be stored as text, never run; well-formed ones here are made invalid by id 0
        foreach (var sql in new[] { "'; DROP TABLE cancellations; --", "1 OR 1=1", "\\\"); DELETE FROM service_problems; --", "Robert'); DROP TABLE Students;--" })
        {
            yield return A("SQL text " + sql.Length, $$"""{"serviceProblemId": 0, "reasonCode": "OTHER", "text": "{{sql}}"}""");
            yield return A("SQL reason " + sql.Length, $$"""{"serviceProblemId": 1001, "reasonCode": "{{sql}}"}""");
        }
        // Combinations of the above across every field
        var ids = new[] { "0", "-5", "\"x\"", "1.5", "99999999999999999999", "null" };
        var codes = new[] { "\"\"", "\"NOPE\"", "7", "null", "\"ISSUE_RESOLVED \"" };
        var texts = new[] { "\"\"", "5", "\"" + new string('z', 1500) + "\"", "[]" };
        foreach (var id in ids)
            foreach (var code in codes)
                foreach (var text in texts)
                    yield return A("combo", $$"""{"serviceProblemId": {{id}}, "reasonCode": {{code}}, "text": {{text}}}""");
    }

    [Test]
    public void There_are_at_least_200_attacks() => Assert.That(Attacks().Count(), Is.GreaterThanOrEqualTo(200));

    [TestCaseSource(nameof(Attacks))]
    public async Task A_hostile_request_gets_a_4xx_in_the_spec_error_body_and_writes_nothing(Attack attack)
    {
        var before = await Rows();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/service-problem-cancellations")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(attack.Body)),
        };
        if (MediaTypeHeaderValue.TryParse(attack.ContentType, out var type)) request.Content.Headers.ContentType = type;
        else request.Content.Headers.TryAddWithoutValidation("Content-Type", attack.ContentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenFor("TENANT1"));
        request.Headers.TryAddWithoutValidation("X-Request-ID", attack.RequestId ?? Guid.NewGuid().ToString());
        if (attack.ConversationId is not null) request.Headers.TryAddWithoutValidation("X-Conversation-ID", attack.ConversationId);

        HttpResponseMessage response;
        try
        {
            response = await Api.Http.SendAsync(request);
        }
        catch (HttpRequestException) when (!Sendable(attack.RequestId) || !Sendable(attack.ConversationId))
        {
            // HttpClient will not put these bytes in a header; MalformedRequests sends them over a raw socket.
            Assert.Pass("the client itself refused to send this header value");
            return;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            Assert.That(status, Is.InRange(400, 499), $"{attack.Name}: {await response.Content.ReadAsStringAsync()}");
            var body = JObject.Parse(await response.Content.ReadAsStringAsync());
            Assert.That((string?)body["code"], Is.AnyOf("MALFORMED_REQUEST", "INVALID_REQUEST", "NOT_FOUND"));
            Assert.That(body["uuid"], Is.Not.Null);
            Assert.That(body["messages"]!.Count(), Is.GreaterThan(0));
        }
        Assert.That(await Rows(), Is.EqualTo(before), "no row written");
    }

    private static bool Sendable(string? header) => header is null || header.All(c => c is >= ' ' and <= '~');

    private static async Task<long> Rows()
    {
        await using var db = new SqliteConnection($"Data Source={Api.Factory.DatabasePath}");
        return await db.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM cancellations WHERE service_problem_id IN (0, 1001, 1002)) + (SELECT COUNT(*) FROM idempotency_keys)");
    }
}
