using System.Net;
using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Contracts.TenantApi;
using Newtonsoft.Json;
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
