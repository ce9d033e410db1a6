using FibreCafe.Gateway.Contracts.TenantApi;
using Microsoft.AspNetCore.Diagnostics;

namespace FibreCafe.Gateway.Errors;

/// <summary>
/// Gives framework answers that have no body (unknown path, wrong method) the spec's error body.
/// A 503 stays bodiless, as the spec says.
/// </summary>
public static class UnmatchedRequests
{
    public static Task RespondAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (status == StatusCodes.Status503ServiceUnavailable) return Task.CompletedTask;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorCode.NOT_FOUND, $"no resource at {http.Request.Path}"),
            StatusCodes.Status405MethodNotAllowed => (ErrorCode.MALFORMED_REQUEST, $"{http.Request.Method} is not allowed on {http.Request.Path}"),
            StatusCodes.Status415UnsupportedMediaType => (ErrorCode.MALFORMED_REQUEST, "Content-Type: must be application/json"),
            >= 500 => (ErrorCode.GATEWAY_FAULT, "an unexpected error occurred; quote the uuid to support"),
            _ => (ErrorCode.MALFORMED_REQUEST, "the request could not be understood"),
        };
        var errors = http.RequestServices.GetRequiredService<ErrorResponder>();
        return errors.WriteAsync(http, status, code, [message]);
    }
}
