using WireMock;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// Runs when a mapping's webhook (the supplier's KCI) has been templated: sets its delay from
/// X-Kci-Delay and signs it with a real supplier token from the gateway. This runs on the request's
/// own path (WireMock awaits the delay afterwards, in the background), so it must not wait itself.
/// </summary>
public sealed class KciWebhookSettings(SimulatorOptions options, GatewayTokens tokens) : WebhookSettings
{
    public const string DelayHeader = "X-Kci-Delay";

    public override void PostTransform(IMapping mapping, string requestUrl, IBodyData? bodyData, IDictionary<string, WireMockList<string>>? headers)
    {
        if (headers is null) return;
        var seconds = headers.TryGetValue(DelayHeader, out var delay) && int.TryParse(delay.FirstOrDefault(), out var s) && s >= 0
            ? s : options.DefaultKciDelaySeconds;
        headers.Remove(DelayHeader);
        // The delay lives on the mapping's webhook, read right after this call; two requests at the
        // same instant with different delays could swap them, which a simulator can live with.
        foreach (var webhook in mapping.Webhooks ?? []) webhook.Request.Delay = seconds * 1000;
        headers["Authorization"] = new WireMockList<string>("Bearer " + tokens.Get());
    }
}
