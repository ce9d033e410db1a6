using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Correlation;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Errors;

/// <summary>
/// The single place an error body is made. Every error gets a fresh uuid and exactly one log line
/// carrying that uuid, both correlation ids and the tenant, so support can find it from the body.
/// </summary>
public sealed class ErrorResponder(ILogger<ErrorResponder> logger)
{
    public Error Describe(HttpContext http, int status, ErrorCode code, IReadOnlyList<string> messages, Exception? exception = null)
    {
        var error = new Error { Uuid = Guid.NewGuid().ToString(), Code = code, Messages = [.. messages] };
        var level = exception is not null ? LogLevel.Error : status >= 500 ? LogLevel.Warning : LogLevel.Information;
        logger.Log(level, exception,
            "{Method} {Path} answered {Status} {ErrorCode} uuid={ErrorUuid} X-Request-ID={RequestId} X-Conversation-ID={ConversationId} tenant={Tenant}: {Messages}",
            http.Request.Method, http.Request.Path.Value, status, code, error.Uuid,
            http.ValidOrNull(CorrelationHeaders.RequestId), http.ValidOrNull(CorrelationHeaders.ConversationId),
            http.User.TenantOrNull(), string.Join(" | ", messages));
        return error;
    }

    public ObjectResult Result(HttpContext http, int status, ErrorCode code, params string[] messages) =>
        new(Describe(http, status, code, messages)) { StatusCode = status };

    /// <summary>For code outside MVC (authentication events, exception handler).</summary>
    public async Task WriteAsync(HttpContext http, int status, ErrorCode code, IReadOnlyList<string> messages, Exception? exception = null)
    {
        var error = Describe(http, status, code, messages, exception);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(JsonConvert.SerializeObject(error));
    }
}
