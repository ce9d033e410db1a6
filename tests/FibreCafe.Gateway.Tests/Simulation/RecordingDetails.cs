using System.Net;
using System.Text;
using FibreCafe.SupplierSimulator;
using FibreCafe.SupplierSimulator.Recording;
using Newtonsoft.Json.Linq;
using WireMock.ResponseBuilders;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>What a recording keeps, what it leaves out, and what it says when the supplier is out of reach.</summary>
public sealed class RecordingDetails
{
    private const string Cancellation = """{"id": 41, "serviceProblemId": 7200001, "supplierServiceProblemReference": "SK_DET000001", "reasonCode": "OTHER", "text": "t"}""";

    private static async Task<HttpResponseMessage> Post(HttpClient http, string url, string body, string? scenario = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (scenario is not null) request.Headers.Add("x-scenario", scenario);
        request.Headers.Add("X-Request-ID", requestId ?? Guid.NewGuid().ToString());
        request.Headers.Authorization = new("Bearer", "a-live-token");
        return await http.SendAsync(request);
    }

    [Test]
    public async Task A_new_cancellation_of_a_recorded_case_gets_the_recorded_answer_with_its_own_id_and_no_secret_is_written()
    {
        var folder = RecordAndReplay.NewFolder();
        using var http = new HttpClient();
        using (var real = new SupplierStandIn())
        {
            real.AnswerCancellations(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id": 41, "serviceProblemId": 7200001, "reasonCode": "OTHER", "supplierReference": "REAL-CAN-1"}"""), 1);
            await using var recorder = await Recorder.StartAsync(new SimulatorOptions { RecordFrom = real.Url, MappingsFolder = folder, Port = 0 }, TextWriter.Null);
            using var token = await http.PostAsync(recorder.Url + "/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_secret"] = "s3cret" }));
            using var recorded = await Post(http, recorder.Url + SupplierStandIn.Path, Cancellation, requestId: "recorded-request-id");
            Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var replay = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = folder, Port = 0 });
        using var fresh = await Post(http, replay.Url + SupplierStandIn.Path, Cancellation.Replace("\"id\": 41", "\"id\": 987654"));
        var body = JObject.Parse(await fresh.Content.ReadAsStringAsync());

        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(((long)body["id"]!, (string?)body["supplierReference"]), Is.EqualTo((987654L, "REAL-CAN-1")));
        var saved = string.Join("\n", Directory.GetFiles(folder).Select(File.ReadAllText));
        Assert.That(saved, Does.Not.Contain(SupplierStandIn.Token).And.Not.Contain("a-live-token").And.Not.Contain("s3cret")
            .And.Not.Contain("recorded-request-id").And.Not.Contain("Authorization"));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_recording_in_which_the_gateway_fetched_no_token_still_replays_a_token_endpoint()
    {
        var folder = RecordAndReplay.NewFolder();
        using (var real = new SupplierStandIn())
        await using (var recorder = await Recorder.StartAsync(new SimulatorOptions { RecordFrom = real.Url, MappingsFolder = folder, Port = 0 }, TextWriter.Null))
        {
            using var http = new HttpClient();
            using var _ = await Post(http, recorder.Url + SupplierStandIn.Path, Cancellation); // the gateway already held a token
        }

        using var replay = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = folder, Port = 0 });
        using var client = new HttpClient();
        using var token = await client.PostAsync(replay.Url + "/oauth/token", new FormUrlEncodedContent([]));

        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)JObject.Parse(await token.Content.ReadAsStringAsync())["access_token"], Is.EqualTo(RecordedMappings.StrippedToken));
    }

    [Test]
    public async Task A_supplier_that_goes_away_while_recording_is_named_in_one_line_and_nothing_is_recorded()
    {
        var folder = RecordAndReplay.NewFolder();
        var log = new StringWriter();
        var real = new SupplierStandIn();
        await using var recorder = await Recorder.StartAsync(new SimulatorOptions { RecordFrom = real.Url, MappingsFolder = folder, Port = 0 }, log);
        var port = real.Server.Port;
        real.Dispose();
        // WireMock's stop does not wait for its listener to close: under a full test run it answered
        // once more, in the supplier's place. The supplier is gone once a connection is refused.
        await Gone(port);

        using var http = new HttpClient();
        using var answer = await Post(http, recorder.Url + SupplierStandIn.Path, Cancellation);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(log.ToString().Trim(), Does.StartWith("Cannot reach the supplier at").And.Contain("Check the --record URL").And.Not.Contain("\n"));
        Assert.That(Directory.GetFiles(folder, "recorded-post-service-problem-cancellations*"), Is.Empty);
    }

    private static async Task Gone(int port)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try { await probe.ConnectAsync(IPAddress.Loopback, port); }
            catch (System.Net.Sockets.SocketException) { return; }
        }
        Assert.Fail($"port {port} still answers 10 s after its stand-in was stopped");
    }

    [Test]
    public async Task Recording_from_a_supplier_that_cannot_be_reached_stops_at_once_with_one_line()
    {
        var errors = new StringWriter();
        var exit = await SimulatorProgram.RunAsync(["--record", $"http://127.0.0.1:{Ports.Free()}", "--mappings", RecordAndReplay.NewFolder(), "--port", "0"],
            TextWriter.Null, errors, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(SimulatorProgram.ExitCannotStart));
        Assert.That(errors.ToString().Trim(), Does.StartWith("Cannot reach the supplier to record at").And.Not.Contain("\n"));
    }
}
