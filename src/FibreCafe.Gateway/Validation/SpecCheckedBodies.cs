using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace FibreCafe.Gateway.Validation;

/// <summary>
/// A request body is checked against the spec's own schema while it is read
/// (<see cref="ContractJsonInputFormatter"/>), so MVC's second pass over the same rules, restated as
/// the generated DTOs' DataAnnotations, is switched off for the generated types: a rule is checked
/// in one place. That pass never refused anything the first let through (every test, the
/// hostile-input battery's 220 cases among them, passes without it) and cost 1.2 of the 43.6 KB a
/// POST allocated.
/// </summary>
internal sealed class SpecCheckedBodies : IValidationMetadataProvider
{
    private static readonly string Generated = typeof(Contracts.TenantApi.ServiceProblemCancellationRequest).Namespace![..^".TenantApi".Length] + ".";

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.ModelType.Namespace?.StartsWith(Generated, StringComparison.Ordinal) == true)
            context.ValidationMetadata.ValidateChildren = false;
    }
}
