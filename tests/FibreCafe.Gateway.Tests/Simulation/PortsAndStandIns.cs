using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using FibreCafe.SupplierSimulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>Ports that never collide, stand-ins that stay on this machine, and one clear line when something is in the way.</summary>
public sealed class PortsAndStandIns
{
    private static TcpListener Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    [Test]
    public async Task The_simulator_on_a_taken_port_says_so_in_one_line_and_exits_non_zero()
    {
        using var taken = Occupy();
        var dll = Path.Combine(AppContext.BaseDirectory, "FibreCafe.SupplierSimulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--mappings", SimulatorMappings.Folder, "--port", PortOf(taken).ToString()])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(SimulatorProgram.ExitCannotStart));
        Assert.That(errors.Trim(), Does.StartWith($"Port {PortOf(taken)} is already in use").And.Contain("--port").And.Not.Contain("\n"));
    }

    [Test]
    public async Task The_recorder_on_a_taken_port_says_so_in_one_line()
    {
        using var taken = Occupy();
        using var supplier = new SupplierStandIn();
        var errors = new StringWriter();

        var exit = await SimulatorProgram.RunAsync(["--record", supplier.Url, "--mappings", RecordAndReplay.NewFolder(), "--port", PortOf(taken).ToString()],
            TextWriter.Null, errors, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(SimulatorProgram.ExitCannotStart));
        Assert.That(errors.ToString().Trim(), Does.StartWith($"Port {PortOf(taken)} is already in use, so the recorder").And.Not.Contain("\n"));
    }

    [Test]
    public async Task A_bad_mapping_file_is_named_in_one_line()
    {
        var folder = RecordAndReplay.NewFolder();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "broken.json"), """{ "Request": { "Path": "/x" }, """);
        var errors = new StringWriter();

        var exit = await SimulatorProgram.RunAsync(["--mappings", folder, "--port", "0"], TextWriter.Null, errors, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(SimulatorProgram.ExitCannotStart));
        Assert.That(errors.ToString().Trim(), Does.StartWith("The mapping file").And.Contain("broken.json").And.EndWith("Fix or remove that file.").And.Not.Contain("\n"));
    }

    [Test]
    public async Task The_simulators_request_log_keeps_only_the_latest_requests()
    {
        using var simulator = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = SimulatorMappings.Folder, Port = 0, MaxRequestLogCount = 3 });
        using var http = new HttpClient();
        for (var i = 0; i < 6; i++) (await http.PostAsync(simulator.Url + "/oauth/token", new FormUrlEncodedContent([]))).Dispose();

        var kept = await Eventually.Get(() => Task.FromResult(simulator.LogEntries.Count()), n => n == 3);
        Assert.That(kept, Is.EqualTo(3));
    }

    [Test]
    public async Task The_stand_ins_listen_on_loopback_only()
    {
        var other = NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (other is null) Assert.Ignore("this machine has no address but loopback");
        using var simulator = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = SimulatorMappings.Folder, Port = 0 });
        using var tenant = FibreCafe.SupplierSimulator.TenantStandIn.Start(0);

        foreach (var port in new[] { simulator.Port, tenant.Port })
        {
            using var fromOutside = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => fromOutside.ConnectAsync(other!, port), $"port {port} on {other}");
            using var local = new TcpClient();
            await local.ConnectAsync(IPAddress.Loopback, port);
        }
    }

    [Test]
    public void A_test_gateway_has_no_partner_address_from_the_Development_settings()
    {
        using var factory = new GatewayFactory();
        var config = factory.Services.GetRequiredService<IConfiguration>();

        Assert.That(new[] { config["Suppliers:SUPPLIER1:TokenUrl"], config["Tenants:TENANT1:KciUrl"] },
            Is.All.Empty, "a developer's running dev gateway (5081/5082) must never hear from a test");
        Assert.That(config["Suppliers:SUPPLIER1:BaseUrl"], Is.EqualTo("http://127.0.0.1:1/"), "a port where nothing listens");
    }

    [Test]
    public async Task The_Development_stand_ins_start_with_the_gateway_on_the_ports_it_is_given()
    {
        var (supplierPort, tenantPort) = (Ports.Free(), Ports.Free());
        using var factory = new GatewayFactory(new()
        {
            ["Simulator:Enabled"] = "true", ["Simulator:SupplierPort"] = supplierPort.ToString(), ["Simulator:TenantPort"] = tenantPort.ToString(),
        });
        factory.StartServer();
        using var http = new HttpClient();

        foreach (var port in new[] { supplierPort, tenantPort })
            using (var mappings = await http.GetAsync($"http://127.0.0.1:{port}/__admin/mappings"))
                Assert.That(mappings.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"port {port}");
    }
}
