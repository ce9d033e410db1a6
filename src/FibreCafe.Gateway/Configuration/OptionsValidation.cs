using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Configuration;

/// <summary>
/// Settings are checked when the host starts (ValidateOnStart), so a wrong one stops the gateway
/// at once with a line that names the key, instead of failing the first request that needs it.
/// </summary>
public static class OptionsValidation
{
    public static IServiceCollection AddGatewayOptionsValidation(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>();
        services.AddSingleton<IValidateOptions<DispatchOptions>, DispatchOptionsValidation>();
        services.AddOptions<AuthOptions>().ValidateOnStart();
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.AddOptions<DispatchOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// The one line an operator reads when the gateway refuses to start, or null when the exception
    /// is not about settings. Several failing sections arrive as an AggregateException.
    /// </summary>
    public static string? Describe(Exception e)
    {
        var failures = (e is AggregateException all ? all.InnerExceptions : [e])
            .OfType<OptionsValidationException>().SelectMany(o => o.Failures).ToList();
        return failures.Count == 0 ? null : "the gateway cannot start: " + string.Join("; ", failures);
    }
}
