using FibreCafe.SupplierSimulator;
using Newtonsoft.Json.Linq;
using WireMock.Server;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>The mapping files QA edits are the ones the tests run: each must load.</summary>
public sealed class SimulatorMappings
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "supplier-mappings");

    private static IEnumerable<string> Files() => Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order()!;

    [TestCaseSource(nameof(Files))]
    public void Every_mapping_file_is_JSON_and_loads_into_WireMock(string file)
    {
        var path = Path.Combine(Folder, file);
        Assert.DoesNotThrow(() => JObject.Parse(File.ReadAllText(path)), $"{file} is not valid JSON");
        using var server = WireMockServer.Start();
        Assert.That(server.ReadStaticMappingAndAddOrUpdate(path), Is.True, $"WireMock could not load {file}");
        Assert.That(server.Mappings.Count(m => m.Title is not null && !m.IsAdminInterface), Is.EqualTo(1), $"{file} gave no mapping");
    }

    [Test]
    public void Every_scenario_the_docs_name_has_a_mapping()
    {
        var titles = Files().Select(f => (string?)JObject.Parse(File.ReadAllText(Path.Combine(Folder, f)))["Title"]).ToList();
        foreach (var scenario in new[] { "CANCELLATION_ACCEPTED", "CANCELLATION_REJECTED", "CANCELLATION_PENDING", "SUPPLIER_FLAKY",
                     "SUPPLIER_UNAVAILABLE", "SUPPLIER_TIMEOUT", "SUPPLIER_MALFORMED", "SUPPLIER_DISCONNECT" })
            Assert.That(titles, Has.Some.StartsWith(scenario), scenario);
    }

    [Test]
    public void A_simulator_starts_from_the_folder_with_a_mapping_per_file()
    {
        using var server = SupplierSimulator.SupplierSimulator.Start(new SimulatorOptions { MappingsFolder = Folder, Port = 0 });

        Assert.That(server.Mappings.Count(m => !m.IsAdminInterface), Is.EqualTo(Files().Count()));
    }
}
