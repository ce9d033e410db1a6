using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Correlation;
using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Runs before model binding on every generated operation, so no framework message ever reaches a
/// partner. Each header the action takes must be present when the spec requires it, given once,
/// 1 to 100 printable ASCII characters (all the gateway will log, echo or pass on), and within its
/// schema in the spec (type, pattern, range, length: <see cref="ParameterRules"/>). An integer
/// path parameter must be one, and an operation with a body takes JSON only. Read from the action
/// and the spec, so a new header in the spec is checked with no change here.
/// </summary>
public sealed class ContractRequestFilter(ErrorResponder errors, ContractSpecs specs) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        List<RequestProblem>? problems = null; // made only for a request that has one
        void Add(RequestProblem problem) => (problems ??= []).Add(problem);
        var request = context.HttpContext.Request;
        if (context.ActionDescriptor is not ControllerActionDescriptor action) return;
        var declared = specs.ParametersOf(action);
        foreach (var descriptor in action.Parameters)
        {
            if (descriptor is not ControllerParameterDescriptor parameter) continue;
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Header)
            {
                var name = CheckedHeaderBinder.HeaderOf(parameter);
                declared.TryGetValue(name, out var spec);
                var values = request.Headers[name];
                if (values.Count == 0) { if (spec?.IsRequired ?? false) Add(RequestProblem.Malformed(name, "header is required")); }
                else if (values.Count > 1) Add(RequestProblem.Malformed(name, "header must be given once"));
                else if (!CorrelationHeaders.IsValid(values[0]))
                    Add(RequestProblem.Malformed(name, $"header must be 1 to {CorrelationHeaders.MaxLength} printable ASCII characters"));
                else if (spec is not null && ParameterRules.Check(name, values[0]!, ContractSpecs.SchemaOf(spec), parameter.ParameterType) is { } problem)
                    Add(problem);
            }
            else if (source == BindingSource.Body && !IsJson(request.ContentType))
            {
                Add(RequestProblem.Malformed("Content-Type", "must be application/json"));
            }
            else if (source == BindingSource.Path && IsWholeNumber(parameter.ParameterType)
                     && !ParameterRules.TryReadWholeNumber(context.RouteData.Values[parameter.Name]?.ToString(), out _))
            {
                Add(RequestProblem.Malformed(parameter.Name, "must be a whole number within the int64 range"));
            }
        }
        if (problems is null) return;
        var malformed = problems.Where(p => p.Kind == RequestProblemKind.Malformed).ToList();
        if (malformed.Count > 0)
            context.Result = errors.Result(context.HttpContext, StatusCodes.Status400BadRequest, ErrorCode.MALFORMED_REQUEST, [.. malformed.Select(p => p.Message)]);
        else if (problems.Count > 0)
            context.Result = errors.Result(context.HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.INVALID_REQUEST, [.. problems.Select(p => p.Message)]);
    }

    public void OnResourceExecuted(ResourceExecutedContext context) { }

    private static bool IsWholeNumber(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(long) || t == typeof(int));

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
