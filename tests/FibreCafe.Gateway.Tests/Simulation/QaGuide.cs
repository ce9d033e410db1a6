using System.Net;
using System.Text;
using FibreCafe.SupplierSimulator;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>
/// Every command in docs/qa.md, run as written there but on free ports and in temporary folders:
/// record a supplier (the simulator stands in for a real one), replay it offline, script
/// fail-fail-succeed, and run QA's simulator beside the dev gateway.
/// </summary>
public sealed class QaGuide
{
    private readonly int _gateway = Ports.Free(), _qa = Ports.Free();
    private readonly string _folder = RecordAndReplay.NewFolder();

    private Substitutions Common() => new()
    {
        ["localhost:5080"] = $"127.0.0.1:{_gateway}",
        ["localhost:5091"] = $"127.0.0.1:{_qa}",
        ["--port 5091"] = $"--port {_qa}",
        ["src/FibreCafe.SupplierSimulator/supplier-mappings"] = SimulatorMappings.Folder,
    };

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static GuideCommand Gateway(string command)
    {
        var parsed = GuideCommand.Parse(command);
        Assert.That(parsed.Runs("src/FibreCafe.Gateway"), Is.True, command);
        return parsed;
    }

    [Test]
    public async Task Recording_a_supplier_and_replaying_it_offline_works_as_the_guide_says()
    {
        var (real, realOptions) = RecordAndReplay.Simulator(SimulatorMappings.Folder);
        var subs = Common();
        subs["https://supplier.example/fibre-cafe"] = real.Url!;
        subs["qa/recorded"] = _folder;
        var record = GuideCommands.Commands("Record a supplier").Select(subs.Apply).ToList();
        var scenarios = new[] { "CANCELLATION_ACCEPTED", "CANCELLATION_REJECTED", "SUPPLIER_FLAKY" };

        Dictionary<string, string> recorded, replayed;
        await using (var recorder = await RunningSimulator.Start(GuideCommand.Parse(record[0])))
        using (var journey = new ScenarioJourney(Gateway(record[1]).Settings, _gateway))
        {
            realOptions.GatewayUrl = journey.GatewayUrl;
            recorded = await journey.RunAll(scenarios);
        }
        real.Dispose();

        var replay = GuideCommands.Commands("Replay it offline").Select(subs.Apply).Single();
        await using (var replaying = await RunningSimulator.Start(GuideCommand.Parse(replay)))
        using (var journey = new ScenarioJourney(Gateway(record[1]).Settings, _gateway))
            replayed = await journey.RunAll(scenarios);

        Assert.That(recorded.Values, Is.EqualTo(new[] { "COMPLETED  [CANCELLED]", "REJECTED  [RESUBMIT]", "COMPLETED  [CANCELLED]" }));
        Assert.That(replayed, Is.EqualTo(recorded));
    }

    [Test]
    public async Task The_scripted_fail_fail_succeed_answers_503_503_201_and_starts_again_after_a_reset()
    {
        var subs = Common();
        subs["qa/scripted"] = _folder;
        Directory.CreateDirectory(_folder);
        var files = GuideCommands.Json("Script fail, fail, succeed");
        for (var i = 0; i < files.Count; i++) File.WriteAllText(Path.Combine(_folder, $"fail-twice-{i + 1}.json"), files[i]);
        var commands = GuideCommands.Commands("Script fail, fail, succeed").Select(subs.Apply).ToList();
        using var http = new HttpClient();
        async Task<int> Call()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_qa}/service-problem-cancellations")
            {
                Content = new StringContent("""{"id": 12, "serviceProblemId": 3}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-scenario", "FAIL_TWICE");
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        await using var simulator = await RunningSimulator.Start(GuideCommand.Parse(commands[0]));
        var first = new[] { await Call(), await Call(), await Call(), await Call() };
        var reset = GuideCommand.Parse(commands[1]).Words;
        Assert.That(reset[..4], Is.EqualTo(new[] { "curl", "-s", "-X", "POST" }));
        using (var answer = await http.PostAsync(reset[4], null)) Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var again = await Call();

        Assert.That((first, again), Is.EqualTo((new[] { 503, 503, 201, 201 }, 503)));
    }

    [Test]
    public async Task QAs_simulator_runs_beside_the_dev_gateway_and_its_stand_ins()
    {
        var (devSupplier, devTenant) = (Ports.Free(), Ports.Free());
        var commands = GuideCommands.Commands("Run it beside the dev gateway").Select(Common().Apply).ToList();

        // The dev gateway as `dotnet run` starts it: its own stand-ins (on free ports here, 5081/5082 in the guide).
        var dev = Gateway(commands[0]).Settings;
        dev["Simulator:Enabled"] = "true";
        dev["Simulator:SupplierPort"] = devSupplier.ToString();
        dev["Simulator:TenantPort"] = devTenant.ToString();
        using (var devGateway = new GatewayFactory(dev, port: _gateway))
        {
            devGateway.StartServer();
            await using var qa = await RunningSimulator.Start(GuideCommand.Parse(commands[1]));
            using var http = new HttpClient();
            foreach (var port in new[] { devSupplier, devTenant, _qa })
                using (var alive = await http.GetAsync($"http://127.0.0.1:{port}/__admin/mappings"))
                    Assert.That(alive.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"port {port}");
        }

        // Restarted with SUPPLIER1 on QA's simulator, whose KCIs reach that gateway.
        await using var simulator = await RunningSimulator.Start(GuideCommand.Parse(commands[1]));
        using var journey = new ScenarioJourney(Gateway(commands[2]).Settings, _gateway);
        var outcomes = await journey.RunAll("CANCELLATION_ACCEPTED", "CANCELLATION_PENDING");

        Assert.That(outcomes.Values, Is.EqualTo(new[] { "COMPLETED  [CANCELLED]", "COMPLETED  [CANCELLATION_PENDING, CANCELLED]" }));
    }
}
