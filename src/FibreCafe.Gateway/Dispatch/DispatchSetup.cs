using FibreCafe.Gateway.Suppliers;

namespace FibreCafe.Gateway.Dispatch;

public static class DispatchSetup
{
    public static IServiceCollection AddGatewayDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.Section);
        services.AddOptions<Dictionary<string, SupplierOptions>>().BindConfiguration(SupplierOptions.Section);
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<SupplierTokens>();
        services.AddSingleton<SupplierCaller>();
        services.AddSingleton<SupplierPipelines>();
        // Timeouts belong to the Polly pipeline, not to HttpClient.
        services.AddHttpClient(SupplierTokens.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.ConfigureHttpClientDefaults(http => http.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan));
        if (configuration.GetValue($"{DispatchOptions.Section}:{nameof(DispatchOptions.Enabled)}", true))
        {
            services.AddSingleton<Dispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        }
        return services;
    }
}
