using System.Security.Claims;

namespace FibreCafe.Gateway.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>Set once when a token is validated, from the configured client claim.</summary>
    public const string ClientClaim = "fibrecafe:client";

    public static string? TenantOrNull(this ClaimsPrincipal user) => user.FindFirst(ClientClaim)?.Value;

    public static string Tenant(this ClaimsPrincipal user) =>
        user.TenantOrNull() ?? throw new InvalidOperationException("An authorised request has no client claim");

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(s => s == scope || s.EndsWith("/" + scope, StringComparison.Ordinal));
}
