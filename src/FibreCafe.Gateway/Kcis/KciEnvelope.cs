using FibreCafe.Gateway.Contracts.TenantUpdatesApi;
using Newtonsoft.Json;

namespace FibreCafe.Gateway.Kcis;

/// <summary>The Tenant Updates API 1.14 envelope for a stored KCI: its facts plus the latest state of the problem.</summary>
public static class KciEnvelope
{
    public static Kci For(TenantKciWork k, DateTimeOffset deliveredOn) => new()
    {
        Id = Guid.Parse(k.Id),
        Supplier = k.Supplier,
        SequenceNumber = k.SequenceNumber,
        IssuedOn = k.IssuedOn,
        ReceivedOn = k.ReceivedOn,
        DeliveredOn = deliveredOn,
        Notes = k.Notes,
        UpdateType = Enum.Parse<KciUpdateType>(k.UpdateType),
        Information = new Information { Type = k.InformationType },
        Error = k.Error is null ? null : JsonConvert.DeserializeObject<Error>(k.Error),
        EntityType = KciEntityType.SERVICE_PROBLEM,
        Entity = new ServiceProblem
        {
            Id = k.ServiceProblemId,
            Status = k.ProblemStatus,
            SupplierIdentifier = k.SupplierReference,
            Created = k.ProblemCreated,
            Updated = k.ProblemUpdated,
            Cancellation = k.CancellationId is { } id
                ? new CancellationState { Id = id, Status = Enum.Parse<CancellationStateStatus>(k.CancellationStatus!) }
                : null,
        },
    };
}
