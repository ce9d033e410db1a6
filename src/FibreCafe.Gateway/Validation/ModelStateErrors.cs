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
    private static string Field(string key) => key.Length == 0 ? "body" : key;

    public static IActionResult Respond(ActionContext context)
    {
        var all = context.ModelState.SelectMany(entry => entry.Value!.Errors.Select(error => (Field: entry.Key, Error: error))).ToList();
        // When our reader refused the body, MVC adds "a value was not provided" on top: ours say more.
        var ours = all.Where(e => e.Error.Exception is RequestProblemException).ToList();
        var problems = (ours.Count > 0 ? ours : all)
            .Select(e => e.Error.Exception switch
            {
                RequestProblemException p => p.Problem,
                // Anything else is the framework's own wording; the contract filter should have
                // caught it first, so at least name the field and never echo framework text.
                { } => RequestProblem.Malformed(Field(e.Field), "could not be read"),
                null => RequestProblem.Invalid(Field(e.Field), "is not valid"),
            })
            .ToList();
        var malformed = problems.Where(p => p.Kind == RequestProblemKind.Malformed).ToList();
        var errors = context.HttpContext.RequestServices.GetRequiredService<ErrorResponder>();
        return malformed.Count > 0
            ? errors.Result(context.HttpContext, StatusCodes.Status400BadRequest, ErrorCode.MALFORMED_REQUEST, [.. malformed.Select(p => p.Message)])
            : errors.Result(context.HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.INVALID_REQUEST, [.. problems.Select(p => p.Message)]);
    }
}
