using System.Runtime.CompilerServices;
using System.Security.Claims;

namespace FibreCafe.Gateway.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>Set once when a token is validated, from the configured client claim.</summary>
    public const string ClientClaim = "fibrecafe:client";

    public static string? TenantOrNull(this ClaimsPrincipal user) => ClaimsOf(user).Tenant;

    public static string Tenant(this ClaimsPrincipal user) =>
        user.TenantOrNull() ?? throw new InvalidOperationException("An authorised request has no client claim");

    /// <summary>
    /// Whether a "scope" claim (a space-separated list) grants <paramref name="scope"/>, bare or as the
    /// last segment of a URI ("api://gateway/tenant.all.all"). Each granted name is read in place, with
    /// no list or string made: the check runs on every request.
    /// </summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        foreach (var scopes in ClaimsOf(user).Scopes)
            if (Grants(scopes, scope)) return true;
        return false;
    }

    // An authenticated principal is shared by every request with its token (AcceptedTokens) and is not
    // changed after authentication, so its claims are searched once, not on every request (walking them
    // made an enumerator per identity, twice a request). A principal that is not authenticated (a new
    // one per request) is read each time and not remembered.
    private static readonly ConditionalWeakTable<ClaimsPrincipal, ReadClaims> Read = new();

    private static ReadClaims ClaimsOf(ClaimsPrincipal user) =>
        Read.TryGetValue(user, out var read) ? read
        : user.Identity?.IsAuthenticated == true ? Read.GetValue(user, static u => new ReadClaims(u))
        : new ReadClaims(user);

    private sealed class ReadClaims(ClaimsPrincipal user)
    {
        public string? Tenant { get; } = user.FindFirst(ClientClaim)?.Value;

        // Claim types compared ordinally, as the JWT handler's identities (CaseSensitiveClaimsIdentity) do.
        public string[] Scopes { get; } = [.. user.Identities.Where(i => i is not null).SelectMany(i => i.Claims).Where(c => c.Type == "scope").Select(c => c.Value)];
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
