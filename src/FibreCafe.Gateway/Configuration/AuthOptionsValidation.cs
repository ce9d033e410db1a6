using System.Security.Cryptography;
using FibreCafe.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Configuration;

/// <summary>
/// Auth settings checked at start. Outside Development a gateway that could not validate a single
/// token refuses to start, rather than answering every partner 401 while reporting itself healthy.
/// </summary>
public sealed class AuthOptionsValidation(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions auth)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(auth.Issuer)) failures.Add("Auth:Issuer is required");
        if (string.IsNullOrWhiteSpace(auth.Audience)) failures.Add("Auth:Audience is required");
        if (auth.Authority is { Length: > 0 } authority && !IsHttpUrl(authority))
            failures.Add($"Auth:Authority '{authority}' must be an absolute http(s) URL");
        if (auth.TokenUrl is { Length: > 0 } tokenUrl && !IsHttpUrl(tokenUrl))
            failures.Add($"Auth:TokenUrl '{tokenUrl}' must be an absolute http(s) URL");
        for (var i = 0; i < auth.SigningKeys.Count; i++)
            if (!IsRsaPublicKey(auth.SigningKeys[i])) failures.Add($"Auth:SigningKeys:{i} is not a PEM RSA public key");

        var byProvider = !string.IsNullOrEmpty(auth.Authority) || auth.SigningKeys.Count > 0;
        if (!byProvider && !auth.DevelopmentIssuer.Enabled && !environment.IsDevelopment())
            failures.Add($"Auth: no way to validate tokens in {environment.EnvironmentName}: set Auth:Authority (an OIDC provider) or Auth:SigningKeys (PEM public keys) and Auth:TokenUrl");
        if (auth.SigningKeys.Count > 0 && string.IsNullOrEmpty(auth.Authority) && !auth.DevelopmentIssuer.Enabled && string.IsNullOrEmpty(auth.TokenUrl))
            failures.Add("Auth:TokenUrl is required with Auth:SigningKeys alone: the published specs must name the token endpoint");
        if (auth.DevelopmentIssuer.Enabled)
        {
            if (auth.DevelopmentIssuer.TokenLifetimeSeconds <= 0) failures.Add("Auth:DevelopmentIssuer:TokenLifetimeSeconds must be above 0");
            foreach (var client in auth.DevelopmentIssuer.Clients.Where(c => string.IsNullOrEmpty(c.ClientId) || string.IsNullOrEmpty(c.SecretHash)))
                failures.Add($"Auth:DevelopmentIssuer:Clients: '{client.ClientId}' needs a ClientId and a SecretHash");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsRsaPublicKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
