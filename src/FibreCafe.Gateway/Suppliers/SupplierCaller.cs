using FibreCafe.Gateway.Contracts.SupplierApi;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.OAuth;

namespace FibreCafe.Gateway.Suppliers;

/// <summary>
/// One attempt to send a cancellation through the client generated from openapi/supplier-api.yaml,
/// turned into a <see cref="SupplierAnswer"/>. Network failures and timeouts are left as
/// exceptions for the resilience pipeline.
/// </summary>
public sealed class SupplierCaller(IHttpClientFactory http)
{
    public async Task<SupplierAnswer> CancelAsync(DispatchWork work, SupplierOptions options, CancellationToken ct)
    {
        // Base address and bearer token come with the named client (PartnerHttpClients).
        var client = http.CreateClient(PartnerHttpClients.Supplier(work.Supplier));
        // A verification environment's scenario goes to a simulator only, never to a real supplier.
        if (options.IsTestSupplier)
        {
            if (work.TestScenario is { } scenario) client.DefaultRequestHeaders.Add("X-Scenario", scenario);
            if (work.TestKciDelay is { } delay) client.DefaultRequestHeaders.Add("X-Kci-Delay", delay);
        }

        var request = new SupplierCancellationRequest
        {
            Id = work.CancellationId,
            ServiceProblemId = work.ServiceProblemId,
            SupplierServiceProblemReference = work.ProblemSupplierReference,
            ReasonCode = Enum.Parse<CancellationReasonCode>(work.ReasonCode),
            Text = work.Text,
        };
        try
        {
            var created = await new SupplierApiClient(client).CancelServiceProblemAsync(work.RequestId, work.ConversationId, work.Tenant, request, ct);
            return new SupplierAnswer(SupplierAnswerKind.Cancelled, created.StatusCode, created.Result.SupplierReference);
        }
        catch (SupplierApiClientException e)
        {
            return Classify(e);
        }
        catch (CredentialsRefusedException e)
        {
            return new SupplierAnswer(SupplierAnswerKind.NotAuthorised, 401, Messages: [e.Message]);
        }
    }

    private static SupplierAnswer Classify(SupplierApiClientException e)
    {
        var messages = (e as SupplierApiClientException<Error>)?.Result?.Messages?.Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        var kind = e.StatusCode switch
        {
            202 => SupplierAnswerKind.Accepted,
            422 => SupplierAnswerKind.Rejected,
            400 => SupplierAnswerKind.BadRequest,
            401 or 403 => SupplierAnswerKind.NotAuthorised,
            501 => SupplierAnswerKind.NotImplemented,
            408 or 429 or 500 or 502 or 503 or 504 => SupplierAnswerKind.Retryable,
            // A 2xx we could not read (NSwag throws when the body does not deserialise), or a status outside the contract.
            _ => SupplierAnswerKind.Unreadable,
        };
        return new SupplierAnswer(kind, e.StatusCode, Messages: messages, RetryAfter: RetryAfter(e));
    }

    private static TimeSpan? RetryAfter(SupplierApiClientException e)
    {
        if (e.Headers?.TryGetValue("Retry-After", out var values) != true) return null;
        var value = values!.FirstOrDefault();
        if (int.TryParse(value, out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
        return DateTimeOffset.TryParse(value, out var at) ? at - DateTimeOffset.UtcNow : null;
    }
}
