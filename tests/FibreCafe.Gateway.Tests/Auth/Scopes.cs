using System.Security.Claims;
using FibreCafe.Gateway.Auth;

namespace FibreCafe.Gateway.Tests.Auth;

/// <summary>Which "scope" claims grant a policy's scope: the whole name, bare or as a URI's last segment.</summary>
public sealed class Scopes
{
    private static ClaimsPrincipal With(params string[] scopeClaims) =>
        new(new ClaimsIdentity(scopeClaims.Select(s => new Claim("scope", s)).Prepend(new Claim("client_id", "TENANT1")), "test"));

    [TestCase("tenant.all.all")]
    [TestCase("openid  tenant.all.all profile")]
    [TestCase("api://fibre-cafe/tenant.all.all")]
    [TestCase("https://gateway.example/scopes/tenant.all.all openid")]
    public void A_scope_listed_bare_or_as_a_uri_segment_is_granted(string claim) =>
        Assert.That(With(claim).HasScope(AuthPolicies.TenantScope), Is.True);

    [TestCase("")]
    [TestCase("tenant.all.allx")]
    [TestCase("xtenant.all.all")]
    [TestCase("api:tenant.all.all")]
    [TestCase("supplier.all.all tenant.all")]
    public void A_scope_that_only_resembles_it_is_not_granted(string claim) =>
        Assert.That(With(claim).HasScope(AuthPolicies.TenantScope), Is.False);

    [Test]
    public void Any_of_several_scope_claims_on_any_identity_grants_it()
    {
        var user = With("openid");
        user.AddIdentity(new ClaimsIdentity([new Claim("scope", "supplier.all.all tenant.all.all")]));

        Assert.That(user.HasScope(AuthPolicies.TenantScope), Is.True);
    }
}
