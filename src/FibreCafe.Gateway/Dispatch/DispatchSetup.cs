using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.OAuth;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Suppliers;
using Polly;

namespace FibreCafe.Gateway.Dispatch;

public static class DispatchSetup
{
    public static IServiceCollection AddGatewayDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section);
        services.AddOptions<Dictionary<string, SupplierOptions>>().BindConfiguration(SupplierOptions.Section);
        services.AddSingleton<OutboxSignals>();
        services.AddSingleton<ClientCredentialsTokens>();
        services.AddSingleton<SupplierCaller>();
        services.AddResiliencePipelineRegistry<string>();
        services.AddSingleton<PartnerPipelines>();
        // Timeouts belong to the Polly pipeline, not to HttpClient.
        services.AddHttpClient(ClientCredentialsTokens.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.ConfigureHttpClientDefaults(http => http.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan));
        services.ConfigureOptions<PartnerHttpClients>();
        services.AddOptions<KciDeliveryOptions>().BindConfiguration(KciDeliveryOptions.Section);
        services.AddOptions<Dictionary<string, TenantOptions>>().BindConfiguration(TenantOptions.Section);
        if (configuration.GetValue($"{KciDeliveryOptions.Section}:{nameof(KciDeliveryOptions.Enabled)}", true))
        {
            services.AddSingleton<KciDeliverer>();
            services.AddHostedService(sp => sp.GetRequiredService<KciDeliverer>());
        }
        if (configuration.GetValue($"{DispatchOptions.Section}:{nameof(DispatchOptions.Enabled)}", true))
        {
            services.AddSingleton<Dispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        }
        return services;
    }
}
