using System.Threading;
using HandlebarsDotNet;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// A supplier on WireMock.Net whose behaviour lives in mapping files: a token endpoint and the
/// Supplier API's POST /service-problem-cancellations, choosing the outcome by X-Scenario.
/// Used by QA as its own process, inside the gateway in Development, and by the tests.
/// Recording is a different server: see <see cref="Recording.Recorder"/>.
/// </summary>
public static class SupplierSimulator
{
    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <exception cref="PortInUseException">The port is taken.</exception>
    /// <exception cref="BadMappingException">A mapping file does not parse or load.</exception>
    public static WireMockServer Start(SimulatorOptions options)
    {
        var port = options.Port == 0 ? Ports.Free() : options.Port;
        var server = StartServer(new WireMockServerSettings
        {
            Urls = [$"http://{options.Host}:{port}"],
            StartAdminInterface = true,
            MaxRequestLogCount = options.MaxRequestLogCount,
            Logger = options.Logger ?? new WireMockNullLogger(),
            PreWireMockMiddlewareInit = HttpBehaviour.Use,
            WebhookSettings = new KciWebhookSettings(options, new GatewayTokens(options)),
            HandlebarsRegistrationCallback = (handlebars, _) => RegisterHelpers(handlebars, options),
        }, "the supplier simulator", port, options.PortHint);
        try
        {
            Load(server, options.MappingsFolder);
            PrecompiledTemplates.Apply(server, handlebars => RegisterHelpers(handlebars, options));
        }
        catch
        {
            server.Stop();
            throw;
        }
        server.WatchStaticMappings(options.MappingsFolder);
        return server;
    }

    /// <summary>Starts WireMock, turning a taken port into one clear line.</summary>
    public static WireMockServer StartServer(WireMockServerSettings settings, string what, int port, string fix)
    {
        try
        {
            return WireMockServer.Start(settings);
        }
        catch (Exception e) when (Ports.IsInUse(e))
        {
            throw new PortInUseException(what, port, fix);
        }
    }

    /// <summary>Every *.json file in the folder, each checked so a bad one is named rather than skipped.</summary>
    private static void Load(WireMockServer server, string folder)
    {
        if (!Directory.Exists(folder)) throw new BadMappingException($"The mappings folder {folder} does not exist; pass an existing one with --mappings.");
        foreach (var path in Directory.GetFiles(folder, "*.json").Order())
        {
            try
            {
                JToken.Parse(File.ReadAllText(path));
                if (!server.ReadStaticMappingAndAddOrUpdate(path)) throw new InvalidOperationException("WireMock did not take it as a mapping");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException or FormatException)
            {
                throw new BadMappingException($"The mapping file {path} cannot be used: {e.Message.Split('\n')[0].Trim()} Fix or remove that file.");
            }
        }
    }

    // Small helpers keep the mapping files readable: where the gateway is, and what a KCI needs.
    private static void RegisterHelpers(IHandlebars handlebars, SimulatorOptions options)
    {
        handlebars.RegisterHelper("gatewayUrl", (writer, _, _) => writer.WriteSafeString(options.GatewayUrl.TrimEnd('/')));
        handlebars.RegisterHelper("newGuid", (writer, _, _) => writer.WriteSafeString(Guid.NewGuid().ToString()));
        handlebars.RegisterHelper("utcNow", (writer, _, _) => writer.WriteSafeString(DateTimeOffset.UtcNow.ToString("O")));
        // Increases across everything this simulator sends, so every KCI is newer than the last.
        handlebars.RegisterHelper("nextSequence", (writer, _, _) => writer.WriteSafeString(Interlocked.Increment(ref _sequence).ToString()));
    }
}

/// <summary>A mapping file that cannot be used; its message names the file and what to do.</summary>
public sealed class BadMappingException(string message) : Exception(message);
