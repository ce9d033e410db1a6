using System.Net.Http.Headers;
using FibreCafe.Gateway.Contracts.TenantUpdatesApi;
using FibreCafe.Gateway.OAuth;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Persistence;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FibreCafe.Gateway.Kcis;

/// <summary>
/// Delivers the tenant KCI outbox: per problem strictly in sequence order, each delivery through a
/// Polly pipeline (timeout, two quick retries for a blip), and between deliveries the durable
/// schedule; after its last step a KCI is undeliverable and stays visible.
/// </summary>
public sealed partial class KciDeliverer(
    ITenantKciOutbox store, OutboxSignals signals, IHttpClientFactory http, ClientCredentialsTokens tokens, GatewayMetrics metrics,
    IOptions<KciDeliveryOptions> options, IOptionsMonitor<Dictionary<string, TenantOptions>> tenants,
    TimeProvider clock, ILogger<KciDeliverer> logger) : LeasedWorker<TenantKciWork>(signals.Kcis, logger)
{
    public const string HttpClientName = "tenant-kcis";

    protected override int MaxConcurrency => options.Value.MaxConcurrency;
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override Task<IReadOnlyList<TenantKciWork>> ClaimAsync(int max) =>
        store.ClaimTenantKcisAsync(Owner, options.Value.LeaseDuration, max, CancellationToken.None);

    protected override async Task ProcessAsync(TenantKciWork work, CancellationToken stopping)
    {
        var attempt = await store.BeginKciAttemptAsync(work.Id, Owner, options.Value.LeaseDuration, CancellationToken.None);
        if (attempt is null) return;
        string? error = null;
        try
        {
            if (!tenants.CurrentValue.TryGetValue(work.Tenant, out var tenant) || string.IsNullOrEmpty(tenant.KciUrl))
                error = $"tenant {work.Tenant} has no KciUrl configured";
            else
                await Pipeline(tenant).ExecuteAsync(ct => DeliverAsync(work, tenant, ct), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await store.FinishKciAsync(work.Id, Owner, new KciDeliveryResult(false, clock.GetUtcNow(), "gateway stopping"), CancellationToken.None);
            return;
        }
        catch (Exception e)
        {
            error = e is TenantUpdatesApiClientException api ? $"the tenant answered {api.StatusCode}" : e.Message;
        }

        var schedule = options.Value.EffectiveSchedule;
        var result = error is null ? new KciDeliveryResult(true, null, null)
            : attempt.Value >= schedule.Count ? new KciDeliveryResult(false, null, error)
            : new KciDeliveryResult(false, clock.GetUtcNow() + schedule[(int)attempt.Value], error);
        await store.FinishKciAsync(work.Id, Owner, result, CancellationToken.None);
        metrics.KciDelivery(work.Tenant, result.Delivered ? "delivered" : result.RetryAt is null ? "undeliverable" : "retry");
        if (error is not null && result.RetryAt is null) LogUndeliverable(work.Id, work.Tenant, work.ServiceProblemId, attempt.Value, error);
        // Its successor in the problem's sequence is due now.
        if (result.Delivered) signals.Kcis.Notify();
    }

    private async ValueTask DeliverAsync(TenantKciWork work, TenantOptions tenant, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(tenant.KciUrl.EndsWith('/') ? tenant.KciUrl : tenant.KciUrl + "/");
        if (await tokens.GetAsync("tenant:" + work.Tenant, tenant, ct) is { } token)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // X-Request-ID is new for every delivery; the KCI id stays the same so the tenant can deduplicate.
        await new TenantUpdatesApiClient(client).DeliverKciAsync(Guid.NewGuid().ToString(), work.ConversationId,
            KciEnvelope.For(work, clock.GetUtcNow()), ct);
    }

    private static ResiliencePipeline Pipeline(TenantOptions tenant) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>()
                .Handle<TenantUpdatesApiClientException>(e => e.StatusCode >= 500),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .AddTimeout(tenant.AttemptTimeout)
        .Build();

    [LoggerMessage(LogLevel.Warning, "KCI {KciId} for {Tenant} (service problem {ServiceProblemId}) is undeliverable after {Attempts} attempts: {Error}")]
    private partial void LogUndeliverable(string kciId, string tenant, long serviceProblemId, long attempts, string error);
}
