using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.SupplierSimulator;

/// <summary>
/// What WireMock does not do on its own but HTTP does, added in front of its middleware:
/// header names are case-insensitive, and a supplier can drop the connection.
/// </summary>
public static class HttpBehaviour
{
    /// <summary>A mapping whose response carries this header drops the connection instead of answering.</summary>
    public const string DropConnectionHeader = "X-Simulator-Drop-Connection";

    // WireMock compares header names (and Handlebars looks them up) case-sensitively. A proxy or an
    // HTTP/2 hop lower-cases them, so the names the mappings use are put back in their usual case.
    private static readonly string[] KnownNames =
        ["X-Scenario", "X-Kci-Delay", "X-Request-ID", "X-Conversation-ID", "Tenant", "Authorization", "Content-Type"];

    public static void Use(object app) => ((IApplicationBuilder)app).Use(async (context, next) =>
    {
        CanonicaliseNames(context.Request.Headers);
        context.Response.OnStarting(() =>
        {
            // Nothing of the answer is sent: the client sees the connection close, as with a real drop.
            if (context.Response.Headers.ContainsKey(DropConnectionHeader)) context.Abort();
            return Task.CompletedTask;
        });
        await next(context);
    });

    public static void CanonicaliseNames(IHeaderDictionary headers)
    {
        foreach (var name in KnownNames)
        {
            var received = headers.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (received is null || received == name) continue;
            var values = headers[received];
            headers.Remove(received);
            headers[name] = values;
        }
    }
}
