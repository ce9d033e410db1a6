using System.Security.Claims;

namespace FibreCafe.Gateway.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>Set once when a token is validated, from the configured client claim.</summary>
    public const string ClientClaim = "fibrecafe:client";

    public static string? TenantOrNull(this ClaimsPrincipal user) => user.FindFirst(ClientClaim)?.Value;

    public static string Tenant(this ClaimsPrincipal user) =>
        user.TenantOrNull() ?? throw new InvalidOperationException("An authorised request has no client claim");

    /// <summary>
    /// Whether a "scope" claim (a space-separated list) grants <paramref name="scope"/>, bare or as the
    /// last segment of a URI ("api://gateway/tenant.all.all"). Read in place, with no list or string
    /// made: the check runs on every request.
    /// </summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        // Claim types compared ordinally, as the JWT handler's identities (CaseSensitiveClaimsIdentity) do.
        foreach (var identity in user.Identities)
            if (identity is not null)
                foreach (var claim in identity.Claims)
                    if (claim.Type == "scope" && Grants(claim.Value, scope)) return true;
        return false;
    }

    private static bool Grants(string scopes, string scope)
    {
        foreach (var range in scopes.AsSpan().Split(' '))
        {
            var granted = scopes.AsSpan(range);
            if (granted.SequenceEqual(scope)) return true;
            if (granted.Length > scope.Length && granted.EndsWith(scope, StringComparison.Ordinal) && granted[^(scope.Length + 1)] == '/') return true;
        }
        return false;
    }
}
