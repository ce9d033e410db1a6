using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Suppliers;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.OAuth;

/// <summary>
/// The named clients of IHttpClientFactory for partners: "supplier:&lt;id&gt;" and "tenant:&lt;id&gt;".
/// Each gets its base address from the current configuration when it is created (so a reload
/// reaches the next attempt) and its bearer token from <see cref="BearerTokenHandler"/>.
/// </summary>
public sealed class PartnerHttpClients(
    IOptionsMonitor<Dictionary<string, SupplierOptions>> suppliers, IOptionsMonitor<Dictionary<string, TenantOptions>> tenants)
    : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public static string Supplier(string id) => "supplier:" + id;
    public static string Tenant(string id) => "tenant:" + id;

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        const string supplier = "supplier:", tenant = "tenant:";
        Func<(string? Url, IClientCredentials? Credentials)>? partner =
            name?.StartsWith(supplier, StringComparison.Ordinal) == true ? () =>
                suppliers.CurrentValue.GetValueOrDefault(name[supplier.Length..]) is { } s ? (s.BaseUrl, s) : (null, null)
            : name?.StartsWith(tenant, StringComparison.Ordinal) == true ? () =>
                tenants.CurrentValue.GetValueOrDefault(name[tenant.Length..]) is { } t ? (t.KciUrl, t) : (null, null)
            : null;
        if (partner is null) return;
        options.HttpClientActions.Add(client =>
        {
            // Generated clients send relative paths: the base address must end with '/'.
            if (partner().Url is { Length: > 0 } url) client.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
        });
        options.HttpMessageHandlerBuilderActions.Add(builder =>
            // Resolved here, not injected: the token cache uses IHttpClientFactory, which uses these options.
            builder.AdditionalHandlers.Add(new BearerTokenHandler(builder.Services.GetRequiredService<ClientCredentialsTokens>(), name!, () => partner().Credentials)));
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>Puts the partner's client-credentials token on each request; forgets it when the partner refuses it.</summary>
public sealed class BearerTokenHandler(ClientCredentialsTokens tokens, string partner, Func<IClientCredentials?> credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (credentials() is { } options && await tokens.GetAsync(partner, options, ct) is { } token)
            request.Headers.Authorization = new("Bearer", token);
        var response = await base.SendAsync(request, ct);
        if ((int)response.StatusCode is 401 or 403) tokens.Invalidate(partner);
        return response;
    }
}
