using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// Bearer tokens the gateway has accepted, each with its authentication result, until the token
/// expires. The key is the whole token, signature included, so only the very token that was
/// validated hits; a token that failed is never remembered. Looked up by the header's own
/// characters, so a hit copies nothing.
/// </summary>
public sealed class AcceptedTokens
{
    private const int MaxTokens = 10_000;
    private readonly ConcurrentDictionary<string, Accepted> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Accepted>.AlternateLookup<ReadOnlySpan<char>> _byText;
    private readonly TimeProvider _clock;

    public AcceptedTokens(TimeProvider clock)
    {
        _clock = clock;
        _byText = _tokens.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> token, out Task<AuthenticateResult> result)
    {
        result = null!;
        if (token.IsEmpty || !_byText.TryGetValue(token, out var accepted)) return false;
        if (_clock.GetUtcNow() < accepted.Expires)
        {
            result = accepted.Result;
            return true;
        }
        _byText.TryRemove(token, out _);
        return false;
    }

    /// <summary>Remembers a success that says when it expires; a full memory first lets go of expired tokens.</summary>
    public void Remember(string token, AuthenticateResult result)
    {
        var now = _clock.GetUtcNow();
        if (!result.Succeeded || result.Properties?.ExpiresUtc is not { } expires || expires <= now) return;
        if (_tokens.Count >= MaxTokens)
            foreach (var (key, value) in _tokens)
                if (value.Expires <= now) _tokens.TryRemove(key, out _);
        if (_tokens.Count < MaxTokens) _tokens[token] = new Accepted(Task.FromResult(result), expires);
    }

    private sealed record Accepted(Task<AuthenticateResult> Result, DateTimeOffset Expires);
}
