using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// Validates a bearer token once and remembers the result until the token expires. A tenant sends
/// the same token with every request for its lifetime, and checking its RSA signature again each
/// time was about 6 % of a request's CPU. The key is the whole token, signature included, so only
/// the very token that was validated hits; a token that failed is never remembered.
/// </summary>
internal sealed class CachingTokenHandler : JsonWebTokenHandler
{
    private const int MaxTokens = 10_000;
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out TokenValidationResult? known)) return known!;
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > DateTime.UtcNow)
            _validated.Set(token, result, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = result.SecurityToken.ValidTo });
        return result;
    }
}
