using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Errors;
using FibreCafe.Gateway.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ContractStatus = FibreCafe.Gateway.Contracts.TenantApi.ServiceProblemStatus;
using ServiceProblemDto = FibreCafe.Gateway.Contracts.TenantApi.ServiceProblem;

namespace FibreCafe.Gateway.ServiceProblems;

/// <summary>Tenant API <c>GET /service-problems/{id}</c>: the problem as it stands and the KCIs raised for it.</summary>
[ApiController]
[Authorize(Policy = AuthPolicies.Tenant)]
public sealed class ServiceProblemsController(IServiceProblemReads store, ErrorResponder errors) : ServiceProblemsControllerBase
{
    public override async Task<ActionResult<ServiceProblemDto>> GetServiceProblem(
        long id, string x_Request_ID, string x_Conversation_ID, CancellationToken cancellationToken)
    {
        var tenant = User.Tenant();
        var problem = await store.GetServiceProblemAsync(tenant, id, cancellationToken);
        if (problem is null)
            return errors.Result(HttpContext, StatusCodes.Status404NotFound, ErrorCode.NOT_FOUND, $"id: service problem {id} was not found");
        var updates = await store.GetTenantKcisAsync(tenant, id, cancellationToken);
        return new ServiceProblemDto
        {
            Id = problem.Id,
            Status = Enum.Parse<ContractStatus>(problem.Status),
            Created = problem.Created,
            Updated = problem.Updated,
            SupplierIdentifier = problem.SupplierReference,
            Updates = [.. updates.Select(u => new ServiceProblemUpdate
            {
                Id = Guid.Parse(u.Id),
                SequenceNumber = u.SequenceNumber,
                IssuedOn = u.IssuedOn,
                ReceivedOn = u.ReceivedOn,
                UpdateType = Enum.Parse<ServiceProblemUpdateUpdateType>(u.UpdateType),
                Type = u.InformationType,
                Notes = u.Notes,
                Delivery = u.DeliveredAt is not null ? ServiceProblemUpdateDelivery.DELIVERED
                    : u.UndeliverableAt is not null ? ServiceProblemUpdateDelivery.UNDELIVERABLE
                    : ServiceProblemUpdateDelivery.PENDING,
            })],
        };
    }
}
