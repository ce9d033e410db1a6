using System.Net.Sockets;
using FibreCafe.SupplierSimulator;
using FibreCafe.SupplierSimulator.Recording;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>
/// QA records a supplier once (here the simulator stands in for a real one), then replays the
/// folder with that supplier gone: every scenario ends as it did live, KCIs included.
/// </summary>
// Checks that the recorded supplier's port refuses connections before the replay: runs alone, so no other
// fixture's stand-in can take that freed port in between.
[NonParallelizable]
public sealed class RecordAndReplay
{
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "fibrecafe-tests", "recorded-" + Guid.NewGuid().ToString("N"));

    /// <summary>A simulator on a free port; its KCIs go wherever <see cref="SimulatorOptions.GatewayUrl"/> is set later.</summary>
    public static (WireMockServer Server, SimulatorOptions Options) Simulator(string folder)
    {
        var options = new SimulatorOptions { MappingsFolder = folder, Port = 0, DefaultKciDelaySeconds = 1 };
        return (SupplierSimulator.SupplierSimulator.Start(options), options);
    }

    // Servers holding a SUPPLIER_TIMEOUT answer take minutes to stop: they are stopped in the background.
    public static void StopLater(WireMockServer server) => _ = Task.Run(server.Stop);

    // Stop runs in the background, so its listener closes a moment later: wait for that, within a bound.
    private static async Task<bool> RefusesConnectionsAsync(int port)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            try { using var tcp = new TcpClient(); await tcp.ConnectAsync("127.0.0.1", port); }
            catch (SocketException) { return true; }
        }
        return false;
    }

    [Test]
    public async Task All_eight_scenarios_recorded_then_replayed_offline_end_as_they_did_live()
    {
        Dictionary<string, string> live, recorded, replayed;
        var (real, realOptions) = Simulator(SimulatorMappings.Folder);
        using (var journey = new ScenarioJourney(real.Url!))
        {
            realOptions.GatewayUrl = journey.GatewayUrl;
            live = await journey.RunAll();
        }
        StopLater(real);

        // Record: the gateway's SUPPLIER1 is the recorder, and the supplier's KCIs come back through it.
        var folder = NewFolder();
        var log = new StringWriter();
        (real, realOptions) = Simulator(SimulatorMappings.Folder);
        var recorderPort = Ports.Free();
        using (var journey = new ScenarioJourney($"http://127.0.0.1:{recorderPort}"))
        {
            await using var recorder = await Recorder.StartAsync(new SimulatorOptions { RecordFrom = real.Url, MappingsFolder = folder, Port = recorderPort },
                TextWriter.Synchronized(log), gatewayUrl: journey.GatewayUrl);
            realOptions.GatewayUrl = recorder.Url;
            recorded = await journey.RunAll();
        }
        StopLater(real);
        Assert.That(await RefusesConnectionsAsync(real.Port), Is.True, "the recorded supplier is gone before the replay");

        var (replay, replayOptions) = Simulator(folder);
        try
        {
            using var journey = new ScenarioJourney(replay.Url!);
            replayOptions.GatewayUrl = journey.GatewayUrl;
            replayed = await journey.RunAll();
        }
        finally { StopLater(replay); }

        string Show(Dictionary<string, string> d) => string.Join("\n", d.Select(p => $"  {p.Key}: {p.Value}"));
        var report = $"live:\n{Show(live)}\nrecorded:\n{Show(recorded)}\nreplayed:\n{Show(replayed)}\nrecorder:\n{log}";
        Assert.That(recorded, Is.EqualTo(live), "recording changes nothing\n" + report);
        Assert.That(replayed, Is.EqualTo(live), "the replay ends as the live run did\n" + report);
        Assert.That(live["SUPPLIER_FLAKY"], Does.StartWith("COMPLETED"));
        Assert.That(live["CANCELLATION_PENDING"], Is.EqualTo("COMPLETED  [CANCELLATION_PENDING, CANCELLED]"));
        Directory.Delete(folder, recursive: true);
    }
}
