using System.Net;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Contracts.TenantApi;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using NSwag;

namespace FibreCafe.Gateway.Tests.Cancellations;

/// <summary>
/// The idempotency fingerprint covers the whole validated request, so it cannot drift from the
/// spec: every field of the request schema moves it, and so does a field the spec gains later.
/// </summary>
public sealed class FingerprintCoverage
{
    private static GatewayClient Api => SharedGateway.Client;

    /// <summary>What NSwag generates once the spec's request schema gains an optional field.</summary>
    private sealed class RequestAfterASpecChange : ServiceProblemCancellationRequest
    {
        [JsonProperty("preferredDate", Required = Required.Default, NullValueHandling = NullValueHandling.Ignore)]
        public string? PreferredDate { get; set; }
    }

    private static T Request<T>(string? text = "same") where T : ServiceProblemCancellationRequest, new() =>
        new() { ServiceProblemId = 1001, ReasonCode = CancellationReasonCode.OTHER, Text = text };

    // Idempotency keys live for a day across upgrades: a key stored by yesterday's gateway must still
    // match the same request today. These were computed by the gateway before the fingerprint was
    // written without a second JToken tree; any change to the canonical form breaks them.
    [TestCase(null, null, "f0a7b54d79f50b4c8e9137cdfb67aa08d3be0b948c7e6f669a046f0612251b9f")]
    [TestCase("CANCELLATION_PENDING", "2", "3d195ae85b7440f1abe4c99e4eaea8c824cb40bf189e918df0bd84989cd01a46")]
    public void A_fingerprint_stored_by_an_earlier_gateway_still_matches_the_same_request(string? scenario, string? kciDelay, string stored)
    {
        var body = new ServiceProblemCancellationRequest
        {
            ServiceProblemId = 1001, ReasonCode = CancellationReasonCode.CUSTOMER_NETWORK_ISSUE,
            Text = "Issue appears to have rectified itself. \"quoted\" é ✓",
        };

        Assert.That(RequestFingerprint.Of(body, scenario, kciDelay), Is.EqualTo(stored));
        // Taken again on the same thread (its writer is kept between requests), with another request in between.
        Assert.That(RequestFingerprint.Of(new { other = new[] { 1, 2 } }), Is.Not.EqualTo(stored));
        Assert.That(RequestFingerprint.Of(body, scenario, kciDelay), Is.EqualTo(stored));
    }

    [Test]
    public void Members_whose_names_are_data_are_sorted_too()
    {
        var one = new Dictionary<string, object> { ["b"] = 1, ["a"] = new JObject { ["y"] = 1, ["x"] = new JArray(2, "z") } };
        var other = new Dictionary<string, object> { ["a"] = new JObject { ["x"] = new JArray(2, "z"), ["y"] = 1 }, ["b"] = 1 };

        Assert.Multiple(() =>
        {
            Assert.That(RequestFingerprint.Of(new { map = one }, "x"), Is.EqualTo(RequestFingerprint.Of(new { map = other }, "x")));
            Assert.That(RequestFingerprint.Of(new { map = one }, "x"), Is.Not.EqualTo(RequestFingerprint.Of(new { map = one }, "y")));
        });
    }

    [Test]
    public void Members_are_sorted_at_every_depth_and_an_absent_text_is_left_out()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RequestFingerprint.Of(new ServiceProblemCancellationRequest { ServiceProblemId = 7, ReasonCode = CancellationReasonCode.OTHER }, null, null),
                Is.EqualTo("7e337861a58f154b4c99a0b897ef52578b0e462204724b0a828bb413dbeecf9e"));
            Assert.That(RequestFingerprint.Of(new { b = new[] { new { z = 1, a = (string?)null } }, a = 2.5 }, "x"),
                Is.EqualTo("ec61755f83afc90c367df2b21f47dd275cf6298077282b9e57cf35892df8e9a7"));
        });
    }

    [Test]
    public void A_field_added_to_the_spec_is_in_the_fingerprint_with_no_edit()
    {
        var monday = Request<RequestAfterASpecChange>();
        monday.PreferredDate = "2026-12-07";
        var tuesday = Request<RequestAfterASpecChange>();
        tuesday.PreferredDate = "2026-12-08";

        Assert.That(RequestFingerprint.Of(monday), Is.Not.EqualTo(RequestFingerprint.Of(tuesday)));
    }

    [Test]
    public async Task Every_field_of_the_request_schema_in_the_spec_moves_the_fingerprint()
    {
        var spec = await OpenApiYamlDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "openapi", "tenant-api.yaml"));
        var fields = spec.Components.Schemas["ServiceProblemCancellationRequest"].ActualProperties.Keys;
        var contract = (JsonObjectContract)new DefaultContractResolver().ResolveContract(typeof(ServiceProblemCancellationRequest));
        var original = RequestFingerprint.Of(Request<ServiceProblemCancellationRequest>());

        foreach (var field in fields)
        {
            var changed = Request<ServiceProblemCancellationRequest>();
            var property = contract.Properties.GetClosestMatchProperty(field)!;
            var value = property.ValueProvider!.GetValue(changed);
            property.ValueProvider.SetValue(changed, value switch
            {
                long n => n + 1,
                string s => s + "!",
                CancellationReasonCode c => c == CancellationReasonCode.OTHER ? CancellationReasonCode.ISSUE_RESOLVED : CancellationReasonCode.OTHER,
                _ => throw new AssertionException($"no test value for {field} ({property.PropertyType})"),
            });
            Assert.That(RequestFingerprint.Of(changed), Is.Not.EqualTo(original), field);
        }
        Assert.That(fields, Is.EquivalentTo(new[] { "serviceProblemId", "reasonCode", "text" }), "the fields this test saw");
    }

    [Test]
    public void Absent_and_null_optional_fields_are_the_same_request()
    {
        Assert.That(RequestFingerprint.Of(Request<ServiceProblemCancellationRequest>(text: null)),
            Is.EqualTo(RequestFingerprint.Of(new ServiceProblemCancellationRequest { ServiceProblemId = 1001, ReasonCode = CancellationReasonCode.OTHER })));
    }

    [Test]
    public async Task The_same_key_with_other_scenario_headers_is_a_different_request()
    {
        var problem = await Api.NewProblem();
        var key = Guid.NewGuid().ToString();
        var body = GatewayClient.CancelBody(problem);
        using var first = await Api.PostAs("TENANT1", "/service-problem-cancellations", body,
            new Dictionary<string, string> { ["X-Request-ID"] = key, ["X-Kci-Delay"] = "2" });

        using var again = await Api.PostAs("TENANT1", "/service-problem-cancellations", body,
            new Dictionary<string, string> { ["X-Request-ID"] = key, ["X-Kci-Delay"] = "60" });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await again.Content.ReadAsStringAsync());
        Assert.That((await again.Error()).Messages[0], Does.StartWith($"X-Request-ID: '{key}' was already used for a different request"));
    }
}
