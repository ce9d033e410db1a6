using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Replaces ASP.NET's ValidationProblemDetails with the spec's error body: 400 MALFORMED_REQUEST
/// when anything could not be read, else 422 INVALID_REQUEST listing every broken rule.
/// </summary>
public static class ModelStateErrors
{
    public static IActionResult Respond(ActionContext context)
    {
        var all = context.ModelState.Values.SelectMany(entry => entry.Errors).ToList();
        // When our reader refused the body, MVC adds "a value was not provided" on top: ours say more.
        var ours = all.Where(e => e.Exception is RequestProblemException).ToList();
        var problems = (ours.Count > 0 ? ours : all)
            .Select(error => error.Exception switch
            {
                RequestProblemException p => p.Problem,
                // An exception from binding means the input could not be read.
                { } e => new RequestProblem(RequestProblemKind.Malformed, e.Message),
                // A bare message comes from DataAnnotations validation: a broken rule.
                null => new RequestProblem(RequestProblemKind.Invalid, error.ErrorMessage),
            })
            .ToList();
        var malformed = problems.Where(p => p.Kind == RequestProblemKind.Malformed).ToList();
        var errors = context.HttpContext.RequestServices.GetRequiredService<ErrorResponder>();
        return malformed.Count > 0
            ? errors.Result(context.HttpContext, StatusCodes.Status400BadRequest, ErrorCode.MALFORMED_REQUEST, [.. malformed.Select(p => p.Message)])
            : errors.Result(context.HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.INVALID_REQUEST, [.. problems.Select(p => p.Message)]);
    }
}
