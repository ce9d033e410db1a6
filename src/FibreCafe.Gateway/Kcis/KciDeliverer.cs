using FibreCafe.Gateway.Contracts.TenantUpdatesApi;
using FibreCafe.Gateway.OAuth;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;
using Polly;

namespace FibreCafe.Gateway.Kcis;

/// <summary>
/// Delivers the tenant KCI outbox: per problem strictly in sequence order, one attempt per claim
/// through the tenant's pipeline (timeout, breaker, a reconnect), as the dispatcher does
/// (<see cref="OutboxAttempt"/>); between attempts the durable schedule. After its last step a KCI is
/// undeliverable and stays visible. While a tenant's breaker is open its KCIs wait, spending nothing.
/// </summary>
public sealed partial class KciDeliverer(
    ITenantKciOutbox store, OutboxSignals signals, IHttpClientFactory http, GatewayMetrics metrics,
    PartnerPipelines pipelines, IOptions<KciDeliveryOptions> options, IOptionsMonitor<Dictionary<string, TenantOptions>> tenants,
    TimeProvider clock, ILogger<KciDeliverer> logger) : LeasedWorker<TenantKciWork>(signals.Kcis, logger)
{
    protected override int MaxConcurrency => options.Value.MaxConcurrency;
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<IReadOnlyList<TenantKciWork>> ClaimAsync(int max) =>
        store.ClaimTenantKcisAsync(Owner, options.Value.LeaseDuration, max, CancellationToken.None);

    protected override async Task ProcessAsync(TenantKciWork work, CancellationToken stopping)
    {
        AttemptResult<bool>? attempt;
        try
        {
            attempt = await AttemptAsync(work, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await store.FinishKciAsync(work.Id, Owner, new KciDeliveryResult(false, clock.GetUtcNow(), "gateway stopping"), CancellationToken.None);
            return;
        }
        if (attempt is null) return;

        var now = clock.GetUtcNow();
        var error = attempt.Outcome.Exception switch
        {
            null => null,
            TenantUpdatesApiClientException api => $"the tenant answered {api.StatusCode}",
            Polly.CircuitBreaker.BrokenCircuitException => "the tenant's endpoint is unavailable (circuit open)",
            var e => e.Message,
        };
        var result = error is null ? new KciDeliveryResult(true, null, null)
            // An open breaker made no call: the KCI waits for it without spending a step of its schedule.
            : attempt.BreakerOpenFor is { } open ? new KciDeliveryResult(false, now + open, error)
            : new KciDeliveryResult(false, new FixedSchedule(options.Value.EffectiveSchedule).NextAttempt(attempt.AttemptsMade, now, now, null), error);
        await store.FinishKciAsync(work.Id, Owner, result, CancellationToken.None);
        metrics.KciDelivery(work.Tenant, result.Delivered ? "delivered" : result.RetryAt is null ? "undeliverable" : "retry");
        if (error is not null && result.RetryAt is null) LogUndeliverable(work.Id, work.Tenant, work.ServiceProblemId, attempt.AttemptsMade, error);
        // Its successor in the problem's sequence is due now.
        if (result.Delivered) signals.Kcis.Notify();
    }

    private async Task<AttemptResult<bool>?> AttemptAsync(TenantKciWork work, CancellationToken stopping)
    {
        Task<long?> Begin() => store.BeginKciAttemptAsync(work.Id, Owner, options.Value.LeaseDuration, CancellationToken.None);
        if (!tenants.CurrentValue.TryGetValue(work.Tenant, out var tenant) || string.IsNullOrEmpty(tenant.KciUrl))
            return await Begin() is { } made
                ? new AttemptResult<bool>(Outcome.FromException<bool>(new InvalidOperationException($"tenant {work.Tenant} has no KciUrl configured")), made)
                : null;
        var pipeline = pipelines.For<bool>(PartnerHttpClients.Tenant(work.Tenant), () => Resilience(work.Tenant), _ => false);
        return await OutboxAttempt.RunAsync(pipeline, work.Attempts, Begin, async ct =>
        {
            await DeliverAsync(work, tenant, ct);
            return true;
        }, stopping);
    }

    private CallResilienceOptions Resilience(string tenant) =>
        new() { AttemptTimeout = tenants.CurrentValue.GetValueOrDefault(tenant)?.AttemptTimeout ?? TimeSpan.FromSeconds(10) };

    private async ValueTask DeliverAsync(TenantKciWork work, TenantOptions tenant, CancellationToken ct)
    {
        // Base address and bearer token come with the named client (PartnerHttpClients).
        var client = http.CreateClient(PartnerHttpClients.Tenant(work.Tenant));
        // X-Request-ID is new for every delivery; the KCI id stays the same so the tenant can deduplicate.
        await new TenantUpdatesApiClient(client).DeliverKciAsync(Guid.NewGuid().ToString(), work.ConversationId,
            KciEnvelope.For(work, clock.GetUtcNow()), ct);
    }

    [LoggerMessage(LogLevel.Warning, "KCI {KciId} for {Tenant} (service problem {ServiceProblemId}) is undeliverable after {Attempts} attempts: {Error}")]
    private partial void LogUndeliverable(string kciId, string tenant, long serviceProblemId, long attempts, string error);
}
