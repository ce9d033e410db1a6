using System.Threading;
using HandlebarsDotNet;
using WireMock.Handlers;
using WireMock.Logging;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// A supplier on WireMock.Net whose behaviour lives in mapping files: a token endpoint and the
/// Supplier API's POST /service-problem-cancellations, choosing the outcome by X-Scenario.
/// Used by QA as its own process, inside the gateway in Development, and by the tests.
/// </summary>
public static class SupplierSimulator
{
    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static WireMockServer Start(SimulatorOptions options)
    {
        var recording = options.RecordFrom is not null;
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Port = options.Port == 0 ? null : options.Port,
            ProxyAndRecordSettings = recording
                ? new ProxyAndRecordSettings
                {
                    Url = options.RecordFrom!,
                    SaveMapping = true,
                    SaveMappingToFile = true,
                    // Never written to a mapping file: credentials and per-request ids.
                    ExcludedHeaders = ["Authorization", "Cookie", "X-Request-ID", "X-Conversation-ID", "Host", "Content-Length"],
                }
                : null,
            FileSystemHandler = recording ? new RecordedMappings(options.MappingsFolder) : new LocalFileSystemHandler(),
            StartAdminInterface = true,
            Logger = options.Logger ?? new WireMockNullLogger(),
            WebhookSettings = new KciWebhookSettings(options, new GatewayTokens(options)),
            HandlebarsRegistrationCallback = (handlebars, _) => RegisterHelpers(handlebars, options),
        });
        if (recording) return server;
        server.ReadStaticMappings(options.MappingsFolder);
        server.WatchStaticMappings(options.MappingsFolder);
        return server;
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
