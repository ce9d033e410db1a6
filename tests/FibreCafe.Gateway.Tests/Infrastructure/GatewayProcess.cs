using System.Diagnostics;

namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway as its own process (the real binary, as an operator starts it), for what only a
/// second process shows: two processes on one SQLite file. Kestrel picks the port; it is read from
/// the gateway's own "Now listening on" line.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;

    public Uri BaseAddress { get; }

    private GatewayProcess(Process process, Uri baseAddress) => (_process, BaseAddress) = (process, baseAddress);

    /// <param name="settings">Configuration keys as in appsettings (Storage:DataDirectory …), passed as environment variables.</param>
    public static async Task<GatewayProcess> StartAsync(Dictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FibreCafe.Gateway.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value ?? "";
        var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
            {
                var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
                if (at < 0) continue;
                _ = DrainAsync(process.StandardOutput); // a full pipe would stop the gateway's logging
                return new GatewayProcess(process, new Uri(line[(at + "Now listening on: ".Length)..].Trim()));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or UriFormatException or IOException) { }
        // Never leave a gateway running on the test's database.
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        var said = await errors;
        process.Dispose();
        throw new AssertionException($"the gateway process did not start listening (waited up to 60 s); it said: {said}");
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null) { }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}
