using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.Suppliers;

/// <summary>
/// OAuth2 client-credentials tokens for each supplier, reused until shortly before they expire
/// (a minute, or a tenth of their life when that is shorter).
/// </summary>
public sealed class SupplierTokens(IHttpClientFactory http, TimeProvider clock)
{
    public const string HttpClientName = "supplier-tokens";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RefreshAt)> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>The bearer token for the supplier, or null when it needs none.</summary>
    public async Task<string?> GetAsync(string supplier, SupplierOptions options, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.TokenUrl)) return null;
        if (_cache.TryGetValue(supplier, out var cached) && clock.GetUtcNow() < cached.RefreshAt) return cached.Token;

        var gate = _locks.GetOrAdd(supplier, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue(supplier, out cached) && clock.GetUtcNow() < cached.RefreshAt) return cached.Token;
            var fresh = await RequestAsync(options, ct);
            _cache[supplier] = fresh;
            return fresh.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forget the token (the supplier refused it), so the next attempt fetches a new one.</summary>
    public void Invalidate(string supplier) => _cache.TryRemove(supplier, out _);

    private async Task<(string Token, DateTimeOffset RefreshAt)> RequestAsync(SupplierOptions options, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId ?? "",
            ["client_secret"] = options.ClientSecret ?? "",
        };
        if (!string.IsNullOrEmpty(options.Scope)) form["scope"] = options.Scope;

        using var response = await http.CreateClient(HttpClientName).PostAsync(options.TokenUrl, new FormUrlEncodedContent(form), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if ((int)response.StatusCode is 400 or 401 or 403)
            throw new SupplierCredentialsRefusedException($"the supplier's token endpoint refused the gateway's credentials ({(int)response.StatusCode})");
        // Anything else that is not a success (5xx, 429…) is an outage like any other: retried.
        response.EnsureSuccessStatusCode();

        var json = JObject.Parse(body);
        var token = (string?)json["access_token"] ?? throw new HttpRequestException("the supplier's token answer has no access_token");
        var lifetime = TimeSpan.FromSeconds((double?)json["expires_in"] ?? 300);
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 10));
        return (token, clock.GetUtcNow() + lifetime - margin);
    }
}

public sealed class SupplierCredentialsRefusedException(string message) : Exception(message);
