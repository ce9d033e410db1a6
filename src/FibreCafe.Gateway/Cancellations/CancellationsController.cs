using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Contracts.TenantApi;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Errors;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using static FibreCafe.Gateway.Cancellations.CreateCancellationOutcome;

namespace FibreCafe.Gateway.Cancellations;

/// <summary>Tenant API 1.17 <c>POST /service-problem-cancellations</c> (handleCancelProblem).</summary>
[ApiController]
[Authorize(Policy = AuthPolicies.Tenant)]
public sealed class CancellationsController(
    ICancellationStore store, OutboxSignals signals, GatewayMetrics metrics, ErrorResponder errors, IOptions<StorageOptions> storage, TimeProvider clock)
    : ServiceProblemCancellationsControllerBase
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public override async Task<ActionResult<ServiceProblemCancellation>> HandleCancelProblem(
        string x_Request_ID, string x_Conversation_ID, string? x_Scenario, int? x_Kci_Delay, ServiceProblemCancellationRequest body,
        CancellationToken cancellationToken)
    {
        var test = x_Scenario is null && x_Kci_Delay is null ? null : new TestScenario(x_Scenario, x_Kci_Delay?.ToString());
        var request = new NewCancellation(User.Tenant(), body.ServiceProblemId, body.ReasonCode.ToString(), body.Text,
            x_Request_ID, x_Conversation_ID, RequestFingerprint.Of(body, x_Scenario, x_Kci_Delay), test);
        var keyExpires = clock.GetUtcNow() + storage.Value.IdempotencyKeyRetention;
        var result = await store.CreateCancellationAsync(request, keyExpires, cancellationToken);

        var id = body.ServiceProblemId;
        return result.Outcome switch
        {
            CreateCancellationOutcome.Created => Accepted(result.Cancellation!),
            Replayed => Replay(result.Cancellation!),
            RequestIdReused => Refuse(ErrorCode.INVALID_REQUEST,
                $"X-Request-ID: '{x_Request_ID}' was already used for a different request; send a new X-Request-ID for a new request"),
            ProblemNotFound => Refuse(ErrorCode.NOT_FOUND, $"serviceProblemId: service problem {id} was not found"),
            ProblemClosed => Refuse(ErrorCode.INVALID_REQUEST,
                $"serviceProblemId: service problem {id} is {result.ProblemStatus} and can no longer be cancelled"),
            ProblemNotAcknowledged => Refuse(ErrorCode.INVALID_REQUEST,
                $"serviceProblemId: service problem {id} is not yet acknowledged by the supplier; it can be cancelled once the supplier has acknowledged it"),
            ProblemAlreadyPendingCancellation => Refuse(ErrorCode.INVALID_REQUEST,
                $"serviceProblemId: service problem {id} already has a cancellation in progress"),
            _ => throw new InvalidOperationException($"Unhandled outcome {result.Outcome}"),
        };
    }

    public override async Task<ActionResult<ServiceProblemCancellationState>> GetCancellation(
        long id, string x_Request_ID, string x_Conversation_ID, CancellationToken cancellationToken)
    {
        var c = await store.GetCancellationAsync(User.Tenant(), id, cancellationToken);
        if (c is null)
            return errors.Result(HttpContext, StatusCodes.Status404NotFound, ErrorCode.NOT_FOUND, $"id: service problem cancellation {id} was not found");
        return new ServiceProblemCancellationState
        {
            Id = c.Id,
            Status = Enum.Parse<RequestStatus>(c.Status),
            ServiceProblemId = c.ServiceProblemId,
            ReasonCode = Enum.Parse<CancellationReasonCode>(c.ReasonCode),
            Text = c.Text,
            Created = c.Created,
            Updated = c.Updated,
            SupplierReference = c.SupplierReference,
            Error = c.ErrorCode is null ? null : Enum.Parse<ErrorCode>(c.ErrorCode),
            Messages = [.. c.OutcomeMessages()],
        };
    }

    private ObjectResult Accepted(Cancellation created)
    {
        signals.Cancellations.Notify(); // the outbox row is committed: send it now rather than at the next poll
        metrics.CancellationState(created.Status);
        return StatusCode(StatusCodes.Status201Created, OriginalAnswer(created));
    }

    private ObjectResult Replay(Cancellation original)
    {
        Response.Headers[ReplayedHeader] = "true";
        return StatusCode(StatusCodes.Status201Created, OriginalAnswer(original));
    }

    private ObjectResult Refuse(ErrorCode code, string message) =>
        errors.Result(HttpContext, StatusCodes.Status422UnprocessableEntity, code, message);

    /// <summary>The 201 body exactly as first sent: a replay answers what the original answered.</summary>
    private static ServiceProblemCancellation OriginalAnswer(Cancellation c) => new()
    {
        Id = c.Id,
        Status = RequestStatus.RECEIVED_BY_GATEWAY,
        ServiceProblemId = c.ServiceProblemId,
        ReasonCode = Enum.Parse<CancellationReasonCode>(c.ReasonCode),
        Text = c.Text,
    };
}
