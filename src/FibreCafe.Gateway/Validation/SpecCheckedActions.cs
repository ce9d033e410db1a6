using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// Every action here implements an operation of a spec (<see cref="ContractSpecs"/> throws for any
/// other, before binding starts), and the spec's rules are checked before it runs: the body against its
/// schema by <see cref="ContractJsonInputFormatter"/> as it is read, the headers against theirs by
/// <see cref="ContractRequestFilter"/>. MVC's validation pass would check the body's rules again,
/// restated as the generated DTOs' DataAnnotations; NSwag writes none on an action's other parameters
/// (a path id is only made sure to be a whole number, by the filter, as it was before). So the pass
/// is skipped: a rule is checked in one place. What binding itself found (a value it could not
/// convert, a required one missing) still stands.
/// </summary>
/// <remarks>
/// The second pass never refused anything the first let through (every test, the hostile-input
/// battery's 220 cases among them, passes without it). Walking the body's properties cost 1.2 KB of a
/// POST's allocations; once that walk was cut short, a visitor and its contexts for each of the five
/// parameters still cost 1.7 KB.
/// </remarks>
internal sealed class SpecCheckedActions(IModelMetadataProvider metadata, IOptions<MvcOptions> options)
    : ObjectModelValidator(metadata, options.Value.ModelValidatorProviders)
{
    public override void Validate(ActionContext context, ValidationStateDictionary? state, string? prefix, object? model, ModelMetadata metadata, object? container)
    {
        // What MVC does with a value it need not validate: skipped, unless binding found it invalid.
        foreach (var entry in context.ModelState.FindKeysWithPrefix(prefix ?? ""))
            if (entry.Value.ValidationState != ModelValidationState.Invalid) entry.Value.ValidationState = ModelValidationState.Skipped;
    }

    // What an explicit TryValidateModel would use (no action calls it).
    public override ValidationVisitor GetValidationVisitor(ActionContext context, IModelValidatorProvider validatorProvider,
        ValidatorCache validatorCache, IModelMetadataProvider metadataProvider, ValidationStateDictionary? validationState) =>
        new(context, validatorProvider, validatorCache, metadataProvider, validationState)
        {
            MaxValidationDepth = options.Value.MaxValidationDepth,
            ValidateComplexTypesIfChildValidationFails = options.Value.ValidateComplexTypesIfChildValidationFails,
        };
}
