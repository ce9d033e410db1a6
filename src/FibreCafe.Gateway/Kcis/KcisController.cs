using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Contracts.SupplierUpdatesApi;
using FibreCafe.Gateway.Errors;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ErrorCode = FibreCafe.Gateway.Contracts.TenantApi.ErrorCode;

namespace FibreCafe.Gateway.Kcis;

/// <summary>Supplier Updates API 1.8 <c>POST /kcis</c>: a supplier tells the gateway what happened to its problems.</summary>
[ApiController]
[Authorize(Policy = AuthPolicies.Supplier)]
public sealed class KcisController(ISupplierKciInbox store, OutboxSignals signals, GatewayMetrics metrics, ErrorResponder errors) : SupplierUpdatesApiControllerBase
{
    public override async Task<IActionResult> ReceiveKci(string x_Request_ID, string x_Conversation_ID, SupplierKci body, CancellationToken cancellationToken)
    {
        var kci = new InboundKci(body.Id.ToString(), User.Tenant(), body.ServiceProblem.Id, body.SequenceNumber, body.ReasonCode.ToString(),
            body.Text, body.IssuedOn, body.ServiceProblem.SupplierReference, body.ServiceProblem.CancellationId);
        var (plan, problem) = KciPlanner.For(kci);
        if (plan is null)
            return errors.Result(HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.INVALID_REQUEST, problem!.Message);

        switch (await store.ApplySupplierKciAsync(kci, plan, cancellationToken))
        {
            case ApplyKciOutcome.ProblemNotFound:
                return errors.Result(HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.NOT_FOUND,
                    $"serviceProblem.id: service problem {kci.ServiceProblemId} was not found");
            case ApplyKciOutcome.CancellationNotOfProblem:
                return errors.Result(HttpContext, StatusCodes.Status422UnprocessableEntity, ErrorCode.INVALID_REQUEST,
                    $"serviceProblem.cancellationId: cancellation {kci.CancellationId} is not a cancellation of service problem {kci.ServiceProblemId}");
            case ApplyKciOutcome.Applied:
                signals.Kcis.Notify();
                if (plan.CancellationStatus is { } state) metrics.CancellationState(state);
                break;
        }
        return NoContent();
    }
}
