using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// JwtBearer that answers a token it has already accepted from memory. A tenant sends the same
/// token with every request for its lifetime; authenticating it again each time (the header cut
/// into a new string, a copy of the validation parameters, contexts, a principal and a ticket, even
/// with the signature check itself cached) was about a tenth of what a request allocated. A first
/// sight of a token, and every token that fails, goes through JwtBearer unchanged, events and
/// challenge included.
/// </summary>
public sealed class CachingJwtBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AcceptedTokens accepted) : JwtBearerHandler(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        return header.Count == 1 && accepted.TryGet(TokenIn(header[0]), out var known) ? known : AuthenticateAndRemember();
    }

    private async Task<AuthenticateResult> AuthenticateAndRemember()
    {
        var result = await base.HandleAuthenticateAsync();
        var header = Request.Headers.Authorization;
        if (result.Succeeded && header.Count == 1) accepted.Remember(TokenIn(header[0]).ToString(), result);
        return result;
    }

    // As JwtBearer reads it: the scheme in any case, the token trimmed.
    private static ReadOnlySpan<char> TokenIn(string? authorization) =>
        authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization.AsSpan(Bearer.Length).Trim()
            : [];
}
