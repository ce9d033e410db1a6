using FibreCafe.Gateway.ServiceProblems;
using FibreCafe.SupplierSimulator;
using Newtonsoft.Json.Linq;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>QA records a real supplier once, then replays it with no network: the same outcomes.</summary>
public sealed class RecordAndReplay
{
    [Test]
    public async Task A_recorded_supplier_replays_offline_with_the_same_outcome_and_no_secrets()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", "recorded-" + Guid.NewGuid().ToString("N"));
        string recordedStatus;
        using (var real = new SupplierStandIn())
        {
            real.AnswerCancellations(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id": 7, "serviceProblemId": 7, "supplierServiceProblemReference": "SK_X0001", "reasonCode": "OTHER", "supplierReference": "REAL-CAN-1"}"""), 1);
            using var recorder = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = folder, Port = 0, RecordFrom = real.Url });
            recordedStatus = await CancelThrough(recorder.Url!);
        }

        string replayedStatus;
        using (var replay = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = folder, Port = 0 }))
            replayedStatus = await CancelThrough(replay.Url!);

        Assert.That((recordedStatus, replayedStatus), Is.EqualTo(("COMPLETED", "COMPLETED")));
        var saved = string.Join("\n", Directory.GetFiles(folder).Select(File.ReadAllText));
        Assert.That(saved, Does.Not.Contain(SupplierStandIn.Token).And.Not.Contain("Authorization").And.Not.Contain("s3cret"));
        Assert.That(saved, Does.Contain("{{request.bodyAsJson.id}}"), "ids are templated so any cancellation replays");
        foreach (var file in Directory.GetFiles(folder)) Assert.DoesNotThrow(() => JObject.Parse(File.ReadAllText(file)), file);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>A gateway whose SUPPLIER1 is at the given URL cancels one problem; returns the final status.</summary>
    private static async Task<string> CancelThrough(string supplierUrl)
    {
        var settings = new SupplierStandIn().GatewaySettings();
        settings["Suppliers:SUPPLIER1:BaseUrl"] = supplierUrl;
        settings["Suppliers:SUPPLIER1:TokenUrl"] = supplierUrl + "/oauth/token";
        using var factory = new GatewayFactory(settings);
        var api = new GatewayClient(factory);
        using var response = await api.Cancel(await api.NewProblem(ServiceProblemStatus.Acknowledged));
        var id = await GatewayClient.CreatedId(response);
        var done = await api.WaitForCancellation(id, c => c.Status != "RECEIVED_BY_GATEWAY");
        return done!.Status;
    }
}
