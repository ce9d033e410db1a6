using Microsoft.AspNetCore.Http;

namespace FibreCafe.SupplierSimulator.Recording;

/// <summary>The supplier's answer headers worth passing on and keeping: not framing, dates or cookies.</summary>
public static class ResponseHeaders
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
        { "Date", "Server", "Transfer-Encoding", "Content-Length", "Connection", "Keep-Alive", "Set-Cookie" };

    public static IReadOnlyDictionary<string, string> Keep(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => !Dropped.Contains(h.Key))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

    public static async Task CopyAsync(HttpResponse response, int status, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        response.StatusCode = status;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        if (status is 204 or 304 or < 200) return; // answers that never carry a body
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
