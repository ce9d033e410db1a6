using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// <c>POST /auth/tenant/access-token</c>: the OAuth2 client-credentials grant, for running without an
/// external provider. Credentials in the form body or as HTTP Basic; failures are a 400 with the
/// OAuth2 <c>error</c> field, as the Fibre Cafe token endpoint answers.
/// </summary>
public static class DevelopmentIssuerEndpoint
{
    public const string Path = "/auth/tenant/access-token";

    public static void MapDevelopmentIssuer(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!options.DevelopmentIssuer.Enabled) return;
        app.MapPost(Path, IssueToken).AllowAnonymous().DisableAntiforgery();
    }

    private static async Task<IResult> IssueToken(HttpContext http, IOptions<AuthOptions> options, DevelopmentSigningKey key, TimeProvider clock)
    {
        var auth = options.Value;
        if (!http.Request.HasFormContentType)
            return Refuse("invalid_request", "send application/x-www-form-urlencoded with grant_type=client_credentials");
        var form = await http.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials")
            return Refuse("unsupported_grant_type", "only grant_type=client_credentials is supported");

        var (clientId, secret) = Credentials(http.Request, form);
        var client = auth.DevelopmentIssuer.Clients.FirstOrDefault(c => c.ClientId == clientId);
        if (client is null || secret is null || !ClientSecretHash.Verify(secret, client.SecretHash))
            return Refuse("invalid_client", "unknown client or wrong secret");

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requested.Except(client.Scopes).Any())
            return Refuse("invalid_scope", $"this client may ask only for: {string.Join(' ', client.Scopes)}");
        var scope = string.Join(' ', requested.Length > 0 ? requested : [.. client.Scopes]);

        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = auth.DevelopmentIssuer.TokenLifetimeSeconds;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(lifetime),
            Subject = new ClaimsIdentity([new Claim("sub", client.ClientId), new Claim(auth.ClientClaim, client.ClientId), new Claim("scope", scope)]),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { access_token = token, expires_in = lifetime, token_type = "Bearer", scope });
    }

    private static (string? ClientId, string? Secret) Credentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)).Split(':', 2);
                // RFC 6749 2.3.1: both halves are form-urlencoded before Basic encoding.
                if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }
            catch (FormatException) { }
            return (null, null);
        }
        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static IResult Refuse(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);
}
