using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;

namespace FibreCafe.Gateway.Configuration;

/// <summary>Storage settings checked at start (the provider's name is checked where the store is chosen).</summary>
public sealed class StorageOptionsValidation(IConfiguration configuration) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions storage)
    {
        var failures = new List<string>();
        if (storage.Provider == StorageOptions.SqlServer && string.IsNullOrWhiteSpace(configuration.GetConnectionString(PersistenceSetup.ConnectionStringName)))
            failures.Add($"Storage:Provider is SqlServer: set ConnectionStrings:{PersistenceSetup.ConnectionStringName}");
        if (string.IsNullOrWhiteSpace(storage.DataDirectory)) failures.Add("Storage:DataDirectory is required");
        if (storage.IdempotencyKeyRetention < TimeSpan.Zero)
            failures.Add($"Storage:IdempotencyKeyRetention ({storage.IdempotencyKeyRetention}) must not be negative");
        if (storage.Synchronous is not (StorageOptions.SynchronousNormal or StorageOptions.SynchronousFull))
            failures.Add($"Storage:Synchronous '{storage.Synchronous}' must be {StorageOptions.SynchronousNormal} or {StorageOptions.SynchronousFull}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
