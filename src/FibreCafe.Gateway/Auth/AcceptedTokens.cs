using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace FibreCafe.Gateway.Auth;

/// <summary>
/// Bearer tokens the gateway has accepted, each with its authentication result, until the token
/// expires. The key is the whole token, signature included, so only the very token that was
/// validated hits; a token that failed is never remembered. Looked up by the header's own
/// characters, so a hit copies nothing. Every request with the token shares its principal, so
/// nothing may change a principal after authentication (no claims transformation does).
/// </summary>
public sealed class AcceptedTokens
{
    private const int MaxTokens = 10_000;
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Accepted> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Accepted>.AlternateLookup<ReadOnlySpan<char>> _byText;
    private readonly TimeProvider _clock;
    private DateTimeOffset _swept;

    public AcceptedTokens(TimeProvider clock)
    {
        _clock = clock;
        _byText = _tokens.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many tokens are remembered now.</summary>
    public int Count => _tokens.Count;

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

    /// <summary>
    /// Remembers a success that says when it expires. A first sight of a token is rare (one per
    /// client per token lifetime), so it is also when expired tokens are let go: at most once a minute,
    /// or at once when the memory is full.
    /// </summary>
    public void Remember(string token, AuthenticateResult result)
    {
        var now = _clock.GetUtcNow();
        if (!result.Succeeded || result.Properties?.ExpiresUtc is not { } expires || expires <= now) return;
        if (now - _swept >= SweepEvery || _tokens.Count >= MaxTokens)
        {
            _swept = now;
            foreach (var (key, value) in _tokens)
                if (value.Expires <= now) _tokens.TryRemove(key, out _);
        }
        if (_tokens.Count < MaxTokens) _tokens[token] = new Accepted(Task.FromResult(result), expires);
    }

    private sealed record Accepted(Task<AuthenticateResult> Result, DateTimeOffset Expires);
}
