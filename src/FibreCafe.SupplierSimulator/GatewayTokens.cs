using System.Text.Json;

namespace FibreCafe.SupplierSimulator;

/// <summary>The supplier's token for the gateway's Supplier Updates API, fetched like any supplier would and reused until near expiry.</summary>
public sealed class GatewayTokens(SimulatorOptions options)
{
    private static readonly HttpClient Http = new();
    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset RefreshAt)? _cached;

    public string Get()
    {
        lock (_lock)
        {
            if (_cached is { } c && DateTimeOffset.UtcNow < c.RefreshAt) return c.Token;
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = options.ClientId, ["client_secret"] = options.ClientSecret,
            });
            using var response = Http.PostAsync(options.GatewayUrl.TrimEnd('/') + "/auth/tenant/access-token", form).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            var token = json.RootElement.GetProperty("access_token").GetString()!;
            var lifetime = json.RootElement.GetProperty("expires_in").GetInt32();
            _cached = (token, DateTimeOffset.UtcNow.AddSeconds(lifetime - 60));
            return token;
        }
    }
}
