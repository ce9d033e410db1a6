using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace FibreCafe.Gateway.OAuth;

/// <summary>Where and how the gateway gets a token to call a partner (a supplier, or a tenant's KCI endpoint).</summary>
public interface IClientCredentials
{
    string? TokenUrl { get; }
    string? ClientId { get; }
    string? ClientSecret { get; }
    string? Scope { get; }
}

/// <summary>
/// OAuth2 client-credentials tokens for the gateway's outbound calls, one per partner, reused until
/// shortly before they expire (a minute, or a tenth of their life when that is shorter).
/// </summary>
public sealed class ClientCredentialsTokens(IHttpClientFactory http, TimeProvider clock)
{
    public const string HttpClientName = "oauth-tokens";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RefreshAt)> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>The bearer token for the partner, or null when it needs none.</summary>
    public async Task<string?> GetAsync(string partner, IClientCredentials options, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.TokenUrl)) return null;
        if (_cache.TryGetValue(partner, out var cached) && clock.GetUtcNow() < cached.RefreshAt) return cached.Token;

        var gate = _locks.GetOrAdd(partner, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_cache.TryGetValue(partner, out cached) && clock.GetUtcNow() < cached.RefreshAt) return cached.Token;
            var fresh = await RequestAsync(options, ct);
            _cache[partner] = fresh;
            return fresh.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forget the token (the partner refused it), so the next attempt fetches a new one.</summary>
    public void Invalidate(string partner) => _cache.TryRemove(partner, out _);

    private async Task<(string Token, DateTimeOffset RefreshAt)> RequestAsync(IClientCredentials options, CancellationToken ct)
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
            throw new CredentialsRefusedException($"the token endpoint refused the gateway's credentials ({(int)response.StatusCode})");
        // Anything else that is not a success (5xx, 429…) is an outage like any other: retried.
        response.EnsureSuccessStatusCode();

        var json = JObject.Parse(body);
        var token = (string?)json["access_token"] ?? throw new HttpRequestException("the token answer has no access_token");
        var lifetime = TimeSpan.FromSeconds((double?)json["expires_in"] ?? 300);
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 10));
        return (token, clock.GetUtcNow() + lifetime - margin);
    }
}

public sealed class CredentialsRefusedException(string message) : Exception(message);
