using System.Security.Claims;
using FibreCafe.Gateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Gateway.Tests.Auth;

// The gateway answers a token it accepted before from memory (CachingJwtBearerHandler); the
// memory must never outlive the token, nor hold what was not a success.
public sealed class AcceptedTokenMemory
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    private AuthenticateResult Accepted(TimeSpan lifetime) => AuthenticateResult.Success(new AuthenticationTicket(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim("client_id", "TENANT1")], "Bearer")),
        new AuthenticationProperties { ExpiresUtc = _clock.GetUtcNow() + lifetime }, "Bearer"));

    [Test]
    public void An_accepted_token_is_answered_from_memory_until_it_expires_and_then_forgotten()
    {
        var tokens = new AcceptedTokens(_clock);
        var result = Accepted(TimeSpan.FromHours(1));
        tokens.Remember("header.payload.signature", result);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.That(tokens.TryGet("header.payload.signature", out var known), Is.True);
        Assert.That(known.Result, Is.SameAs(result));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(tokens.TryGet("header.payload.signature", out _), Is.False, "at its expiry");
    }

    [Test]
    public void Expired_tokens_are_let_go_when_a_new_token_is_remembered_a_minute_later()
    {
        var tokens = new AcceptedTokens(_clock);
        tokens.Remember("short-lived", Accepted(TimeSpan.FromSeconds(30)));
        tokens.Remember("long-lived", Accepted(TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromMinutes(1));
        tokens.Remember("new", Accepted(TimeSpan.FromHours(1)));

        Assert.That(tokens.Count, Is.EqualTo(2), "short-lived is gone; long-lived and new remain");
    }

    [Test]
    public void Only_the_very_same_token_text_hits()
    {
        var tokens = new AcceptedTokens(_clock);
        tokens.Remember("header.payload.signature", Accepted(TimeSpan.FromHours(1)));

        foreach (var other in new[] { "header.payload.signaturE", "header.payload.signature.", "header.payload", "" })
            Assert.That(tokens.TryGet(other, out _), Is.False, other);
    }

    [Test]
    public void A_failure_or_a_success_without_an_expiry_is_not_remembered()
    {
        var tokens = new AcceptedTokens(_clock);
        tokens.Remember("failed", AuthenticateResult.Fail("the access token is invalid"));
        tokens.Remember("no-expiry", AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("Bearer")), "Bearer")));
        tokens.Remember("already-expired", Accepted(TimeSpan.Zero));

        Assert.That(new[] { "failed", "no-expiry", "already-expired" }.Select(t => tokens.TryGet(t, out _)), Is.All.False);
    }
}
