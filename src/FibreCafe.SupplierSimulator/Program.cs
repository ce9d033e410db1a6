namespace FibreCafe.SupplierSimulator;

/// <summary>
/// QA's own supplier:
/// <c>dotnet run --project src/FibreCafe.SupplierSimulator -- --mappings &lt;dir&gt; --port &lt;p&gt; [--gateway &lt;url&gt;] [--kci-delay &lt;s&gt;] [--record &lt;url&gt;]</c>
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = new SimulatorOptions { Logger = new WireMock.Logging.WireMockConsoleLogger() };
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--mappings" when value is not null: options.MappingsFolder = Path.GetFullPath(value); break;
                case "--port" when int.TryParse(value, out var port): options.Port = port; break;
                case "--gateway" when value is not null: options.GatewayUrl = value; break;
                case "--kci-delay" when int.TryParse(value, out var delay): options.DefaultKciDelaySeconds = delay; break;
                case "--record" when value is not null: options.RecordFrom = value; break;
                default:
                    Console.Error.WriteLine($"usage: --mappings <dir> --port <p> [--gateway <url>] [--kci-delay <seconds>] [--record <supplier url>] (not understood: {args[i]} {value})");
                    return 2;
            }
        }

        using var server = SupplierSimulator.Start(options);
        Console.WriteLine(options.RecordFrom is { } real
            ? $"Recording {real} through {server.Url} into {options.MappingsFolder}. Ctrl+C stops it."
            : $"Supplier simulator on {server.Url} with mappings from {options.MappingsFolder}; KCIs go to {options.GatewayUrl}. Ctrl+C stops it.");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        await stop.Task;
        return 0;
    }
}
