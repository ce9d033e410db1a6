using System.Net;
using System.Text;
using FibreCafe.SupplierSimulator;
using Newtonsoft.Json.Linq;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>The simulator treats requests as HTTP does: header names in any case, and a dropped connection is a dropped connection.</summary>
public sealed class MatchingLikeHttp
{
    private WireMockServer _simulator = null!;
    private readonly HttpClient _http = new();

    [OneTimeSetUp]
    public void Start() => _simulator = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = SimulatorMappings.Folder, Port = 0 });

    [OneTimeTearDown]
    public void Stop()
    {
        _http.Dispose();
        _simulator.Dispose();
    }

    private async Task<HttpResponseMessage> Cancel(string headerName, string scenario)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _simulator.Url + "/service-problem-cancellations")
        {
            Content = new StringContent("""{"id": 1, "serviceProblemId": 2, "supplierServiceProblemReference": "SK_CASE00001", "reasonCode": "OTHER"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(headerName, scenario);
        return await _http.SendAsync(request);
    }

    [TestCase("x-scenario")]
    [TestCase("X-SCENARIO")]
    [TestCase("X-Scenario")]
    public async Task X_Scenario_chooses_the_answer_whatever_the_case_of_its_name(string name)
    {
        using var rejected = await Cancel(name, "CANCELLATION_REJECTED");
        using var pending = await Cancel(name, "CANCELLATION_PENDING");
        using var unavailable = await Cancel(name, "SUPPLIER_UNAVAILABLE");

        Assert.That((rejected.StatusCode, pending.StatusCode, unavailable.StatusCode),
            Is.EqualTo((HttpStatusCode.UnprocessableEntity, HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable)));
    }

    [Test]
    public void Every_header_in_every_shipped_mapping_ignores_the_case_of_its_name()
    {
        foreach (var file in Directory.GetFiles(SimulatorMappings.Folder, "*.json"))
            foreach (var header in JObject.Parse(File.ReadAllText(file))["Request"]!["Headers"] ?? new JArray())
                Assert.That((bool?)header["IgnoreCase"], Is.True, $"{Path.GetFileName(file)}: {header["Name"]}");
    }

    [Test]
    public async Task SUPPLIER_DISCONNECT_drops_the_connection_without_an_answer()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Cancel("X-Scenario", "SUPPLIER_DISCONNECT"));

        Assert.That(error!.InnerException, Is.InstanceOf<IOException>(), "the connection closed: no status, no body");
    }
}
