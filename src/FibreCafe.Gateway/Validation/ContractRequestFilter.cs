using System.Reflection;
using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Correlation;
using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Runs before model binding on every generated operation: the header parameters the spec
/// declares must be there and be 1 to 100 printable ASCII characters, an integer path parameter
/// must be one, and an operation with a body takes JSON only. Read from the action's own parameters, so a new header in the spec is
/// checked with no change here.
/// </summary>
public sealed class ContractRequestFilter(ErrorResponder errors) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var problems = new List<string>();
        var request = context.HttpContext.Request;
        foreach (var parameter in context.ActionDescriptor.Parameters.OfType<ControllerParameterDescriptor>())
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Header)
            {
                var name = parameter.BindingInfo!.BinderModelName ?? parameter.Name;
                var required = parameter.ParameterInfo.GetCustomAttribute<BindRequiredAttribute>() is not null;
                var values = request.Headers[name];
                if (values.Count == 0) { if (required) problems.Add($"{name}: header is required"); }
                else if (values.Count > 1) problems.Add($"{name}: header must be given once");
                else if (!CorrelationHeaders.IsValid(values[0]))
                    problems.Add($"{name}: header must be 1 to {CorrelationHeaders.MaxLength} printable ASCII characters");
                else if (IsWholeNumber(parameter.ParameterType) && !long.TryParse(values[0], out _))
                    problems.Add($"{name}: header must be a whole number");
            }
            else if (source == BindingSource.Body && !IsJson(request.ContentType))
            {
                problems.Add("Content-Type: must be application/json");
            }
            else if (source == BindingSource.Path && IsWholeNumber(parameter.ParameterType)
                     && !long.TryParse(context.RouteData.Values[parameter.Name]?.ToString(), System.Globalization.NumberStyles.AllowLeadingSign, null, out _))
            {
                problems.Add($"{parameter.Name}: must be a whole number within the int64 range");
            }
        }
        if (problems.Count > 0)
            context.Result = errors.Result(context.HttpContext, StatusCodes.Status400BadRequest, ErrorCode.MALFORMED_REQUEST, [.. problems]);
    }

    public void OnResourceExecuted(ResourceExecutedContext context) { }

    private static bool IsWholeNumber(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(long) || t == typeof(int));

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
