using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace FibreCafe.Gateway.Errors;

/// <summary>
/// Last line of defence: a database outage is a 503 with Retry-After and no body (the spec's
/// answer); anything else unexpected is a 500 GATEWAY_FAULT whose uuid is in the logged line
/// next to the exception.
/// </summary>
public sealed class GatewayExceptionHandler(ErrorResponder errors, ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (http.Response.HasStarted) return false;
        if (exception is StoreUnavailableException)
        {
            logger.LogWarning(exception, "{Method} {Path} answered 503: database unavailable", http.Request.Method, http.Request.Path.Value);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            return true;
        }
        if (exception is BadHttpRequestException bad)
        {
            // Kestrel's own refusals (a body cut short, a bad chunk): the tenant's request, not our fault.
            await errors.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCode.MALFORMED_REQUEST, [$"request: {bad.Message}"]);
            return true;
        }
        await errors.WriteAsync(http, StatusCodes.Status500InternalServerError, ErrorCode.GATEWAY_FAULT,
            ["an unexpected error occurred; quote the uuid to support"], exception);
        return true;
    }
}
