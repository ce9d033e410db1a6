using FibreCafe.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Binds a header parameter of a generated action by reading the header. <see cref="ContractRequestFilter"/>
/// has already held it to the spec before binding (present when required, given once, of its
/// schema's type and rules), so there is nothing left for MVC's header binder to find out; it made a
/// value provider, a nested binding scope and a model-state entry per header, 2.4 KB of a POST's
/// allocations. Only text and whole numbers are bound here; any other type keeps MVC's binder.
/// <see cref="CheckedParameterBinder"/> calls <see cref="Bind"/> with no binding context at all.
/// </summary>
public sealed class CheckedHeaderBinder(Type type) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var result = Bind(context.ActionContext, context.BinderModelName ?? context.FieldName, context.ModelMetadata);
        if (result.IsModelSet) context.Result = result;
        return Task.CompletedTask;
    }

    /// <summary>The header a generated action's header parameter reads (NSwag names it in [FromHeader]).</summary>
    public static string HeaderOf(ParameterDescriptor parameter) => parameter.BindingInfo?.BinderModelName ?? parameter.Name;

    /// <summary>The header's value; nothing when it is absent (optional: the parameter's default).</summary>
    public ModelBindingResult Bind(ActionContext action, string name, ModelMetadata metadata)
    {
        var values = action.HttpContext.Request.Headers[name];
        if (values.Count == 0) return ModelBindingResult.Failed();
        var text = values.ToString();
        if (type == typeof(string)) return ModelBindingResult.Success(text);
        if (ParameterRules.TryReadWholeNumber(text, out var number) && ParameterRules.FitsIn(number, type))
            return ModelBindingResult.Success(type == typeof(long) ? number : (object)(int)number);
        action.ModelState.TryAddModelError(name, new RequestProblemException(RequestProblem.Malformed(name, "must be a whole number")), metadata);
        return ModelBindingResult.Failed();
    }

    public sealed class Provider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context)
        {
            if (context.BindingInfo.BindingSource != BindingSource.Header) return null;
            var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
            return type == typeof(string) || type == typeof(int) || type == typeof(long) ? new CheckedHeaderBinder(type) : null;
        }
    }
}
