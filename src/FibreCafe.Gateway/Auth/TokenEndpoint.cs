using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// Where partners get their tokens, as the published specs must say: Auth:TokenUrl when set, else
/// the development issuer's own path when it is on, else the token_endpoint of the Authority's
/// discovery document. Null when none is known (the discovery document could not be read).
/// </summary>
public sealed class TokenEndpoint(IOptions<AuthOptions> options, IOptionsMonitor<JwtBearerOptions> jwt, ILogger<TokenEndpoint> logger)
{
    public async Task<string?> ForPartnersAsync(CancellationToken ct)
    {
        var auth = options.Value;
        if (!string.IsNullOrEmpty(auth.TokenUrl)) return auth.TokenUrl;
        if (auth.DevelopmentIssuer.Enabled) return DevelopmentIssuerEndpoint.Path;
        if (jwt.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is not { } discovery) return null;
        try
        {
            return (await discovery.GetConfigurationAsync(ct)).TokenEndpoint;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            logger.LogWarning(e, "The token endpoint could not be read from {Authority}'s discovery document", auth.Authority);
            return null;
        }
    }
}
