using FibreCafe.SupplierSimulator.Recording;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// QA's own supplier, or its recorder:
/// <c>dotnet run --project src/FibreCafe.SupplierSimulator -- --mappings &lt;dir&gt; --port &lt;p&gt; [--gateway &lt;url&gt;] [--kci-delay &lt;s&gt;] [--record &lt;url&gt;] [--host &lt;ip&gt;]</c>
/// Problems a person can fix (a taken port, a bad mapping file, a supplier out of reach) are one
/// line on standard error and a non-zero exit, never a stack trace.
/// </summary>
public static class SimulatorProgram
{
    public const int ExitUsage = 2, ExitCannotStart = 3;
    private const string Usage =
        "usage: --mappings <dir> --port <p> [--gateway <url>] [--kci-delay <seconds>] [--record <supplier url>] [--token-path <path>] [--host <ip>]";

    public static async Task<int> Main(string[] args)
    {
        // Lives as long as the process: Ctrl+C and SIGTERM both stop it cleanly.
        var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        return await RunAsync(args, Console.Out, Console.Error, stop.Token, new ConsoleLines(Console.Out));
    }

    /// <summary>The command itself, runnable in-process (the tests run the documented commands through it).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken stop,
        WireMock.Logging.IWireMockLogger? logger = null, Action<string>? started = null)
    {
        var options = new SimulatorOptions { Logger = logger };
        var tokenPath = "/oauth/token";
        string? gateway = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--mappings" when value is not null: options.MappingsFolder = Path.GetFullPath(value); break;
                case "--port" when int.TryParse(value, out var port) && port is >= 0 and <= 65535: options.Port = port; break;
                case "--host" when value is not null: options.Host = value; break;
                case "--gateway" when value is not null: options.GatewayUrl = gateway = value; break;
                case "--kci-delay" when int.TryParse(value, out var delay): options.DefaultKciDelaySeconds = delay; break;
                case "--record" when Uri.TryCreate(value, UriKind.Absolute, out _): options.RecordFrom = value; break;
                case "--token-path" when value?.StartsWith('/') == true: tokenPath = value; break;
                default:
                    await errors.WriteLineAsync($"{Usage} (not understood: {args[i]} {value})");
                    return ExitUsage;
            }
        }

        try
        {
            if (options.RecordFrom is { } real)
            {
                await using var recorder = await Recorder.StartAsync(options, output, gateway, tokenPath);
                await output.WriteLineAsync($"Recording {real} through {recorder.Url} into {options.MappingsFolder}" +
                    (gateway is null ? "" : $"; KCIs sent to {recorder.Url}/kcis go on to {gateway}") + ". Ctrl+C stops it.");
                started?.Invoke(recorder.Url);
                await WaitAsync(stop);
            }
            else
            {
                using var server = SupplierSimulator.Start(options);
                await output.WriteLineAsync($"Supplier simulator on {server.Url} with mappings from {options.MappingsFolder}; KCIs go to {options.GatewayUrl}. Ctrl+C stops it.");
                started?.Invoke(server.Url!);
                await WaitAsync(stop);
            }
            return 0;
        }
        catch (Exception e) when (e is PortInUseException or BadMappingException or SupplierUnreachableException)
        {
            await errors.WriteLineAsync(e.Message);
            return ExitCannotStart;
        }
    }

    private static async Task WaitAsync(CancellationToken stop)
    {
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
    }
}
