namespace FibreCafe.Gateway.Correlation;

/// <summary>X-Request-ID and X-Conversation-ID: read, checked, and echoed on every response.</summary>
public static class CorrelationHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string ConversationId = "X-Conversation-ID";
    public const int MaxLength = 100;

    /// <summary>1 to 100 printable ASCII characters: safe to log, store and send on to a supplier.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => c is >= ' ' and <= '~');

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
            // Key-value pairs, as log scopes carry them; an array is a third of a dictionary's bytes.
            using var scope = logger.BeginScope(new KeyValuePair<string, object?>[]
            {
                new("XRequestId", http.ValidOrNull(RequestId)),
                new("XConversationId", http.ValidOrNull(ConversationId)),
                new("Tenant", Auth.ClaimsPrincipalExtensions.TenantOrNull(http.User)),
            });
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
}
