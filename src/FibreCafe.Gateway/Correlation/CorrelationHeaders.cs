namespace FibreCafe.Gateway.Correlation;

/// <summary>X-Request-ID and X-Conversation-ID: read, checked, and echoed on every response.</summary>
public static class CorrelationHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string ConversationId = "X-Conversation-ID";
    public const int MaxLength = 100;

    /// <summary>1 to 100 printable ASCII characters: safe to log, store and send on to a supplier.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');

    /// <summary>The header's value when it is valid, else null (an invalid value is never echoed or logged).</summary>
    public static string? ValidOrNull(this HttpContext http, string header)
    {
        var values = http.Request.Headers[header];
        return values.Count == 1 && IsValid(values[0]) ? values[0] : null;
    }

    /// <summary>
    /// Every log line written while a request is handled carries its X-Request-ID, X-Conversation-ID
    /// and tenant (JSON logs include scopes). After authentication, so the tenant is known.
    /// </summary>
    public static IApplicationBuilder UseCorrelationLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("FibreCafe.Gateway.Requests");
        return app.Use(async (http, next) =>
        {
            using var scope = logger.BeginScope(new RequestScope(
                http.ValidOrNull(RequestId), http.ValidOrNull(ConversationId), Auth.ClaimsPrincipalExtensions.TenantOrNull(http.User)));
            await next(http);
        });
    }

    /// <summary>Echoes both headers on every response, errors included.</summary>
    public static IApplicationBuilder UseCorrelationHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            foreach (var header in Echoed)
                if (http.ValidOrNull(header) is { } value)
                    http.Response.Headers[header] = value;
            return Task.CompletedTask;
        }, http);
        return next(http);
    });

    private static readonly string[] Echoed = [RequestId, ConversationId];

    // The scope's fields as key-value pairs (what JSON logs write as fields), and a line that says
    // them for formatters that print a scope as text; a fifth of the bytes of a dictionary.
    private sealed class RequestScope(string? requestId, string? conversationId, string? tenant) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 3;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("XRequestId", requestId),
            1 => new("XConversationId", conversationId),
            2 => new("Tenant", tenant),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"XRequestId:{requestId} XConversationId:{conversationId} Tenant:{tenant}";
    }
}
