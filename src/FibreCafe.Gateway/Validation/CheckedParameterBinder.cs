using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// MVC's parameter binder, with the header parameters (<see cref="CheckedHeaderBinder"/>) and the
/// request's CancellationToken handed over directly. For each parameter MVC makes a binding context,
/// a validation-state dictionary and a validation pass; a header the contract filter has already
/// checked, or the token of the request, needs none of them (1.x KB of a POST's allocations, for the
/// five such parameters of a generated action). The body, path and query keep MVC's whole binding.
/// </summary>
internal sealed class CheckedParameterBinder(
    IModelMetadataProvider metadata, IModelBinderFactory binders, IObjectModelValidator validator, IOptions<MvcOptions> options, ILoggerFactory logs)
    : ParameterBinder(metadata, binders, validator, options, logs)
{
    public override ValueTask<ModelBindingResult> BindModelAsync(ActionContext actionContext, IModelBinder modelBinder, IValueProvider valueProvider,
        ParameterDescriptor parameter, ModelMetadata metadata, object? value, object? container) => modelBinder switch
        {
            CheckedHeaderBinder header => new(header.Bind(actionContext, CheckedHeaderBinder.HeaderOf(parameter), metadata)),
            CancellationTokenModelBinder => new(ModelBindingResult.Success(actionContext.HttpContext.RequestAborted)),
            _ => base.BindModelAsync(actionContext, modelBinder, valueProvider, parameter, metadata, value, container),
        };
}
