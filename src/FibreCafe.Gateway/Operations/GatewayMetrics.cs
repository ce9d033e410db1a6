using System.Diagnostics.Metrics;
using FibreCafe.Gateway.Persistence;

namespace FibreCafe.Gateway.Operations;

/// <summary>Backlogs of the two outboxes, as the gauges read them.</summary>
public sealed record OutboxStats(long CancellationBacklog, double OldestCancellationSeconds, long KciBacklog, double OldestKciSeconds);

/// <summary>
/// The gateway's own metrics (meter "FibreCafe.Gateway"), exported with ASP.NET's request metrics
/// at /metrics in Prometheus format. Counters move where the state moves; the backlog gauges ask
/// the store when scraped.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "FibreCafe.Gateway";

    private readonly Counter<long> _states;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _deliveries;
    private OutboxStats? _last;

    public GatewayMetrics(IMeterFactory meters, IOutboxStatsSource store)
    {
        var meter = meters.Create(MeterName);
        _states = meter.CreateCounter<long>("fibrecafe.cancellations", "{cancellation}", "Cancellations entering a state");
        _attempts = meter.CreateCounter<long>("fibrecafe.dispatch.attempts", "{attempt}", "Calls made to suppliers");
        _outcomes = meter.CreateCounter<long>("fibrecafe.dispatch.outcomes", "{cancellation}", "Final answers of suppliers");
        _deliveries = meter.CreateCounter<long>("fibrecafe.kci.deliveries", "{delivery}", "KCI delivery attempts to tenants");
        meter.CreateObservableGauge("fibrecafe.outbox.backlog", () => Read(store).CancellationBacklog, "{cancellation}", "Cancellations not yet sent");
        meter.CreateObservableGauge("fibrecafe.outbox.oldest_age", () => Read(store).OldestCancellationSeconds, "s", "Age of the oldest unsent cancellation");
        meter.CreateObservableGauge("fibrecafe.kci.backlog", () => Read(store).KciBacklog, "{kci}", "KCIs not yet delivered");
        meter.CreateObservableGauge("fibrecafe.kci.oldest_age", () => Read(store).OldestKciSeconds, "s", "Age of the oldest undelivered KCI");
    }

    public void CancellationState(string state) => _states.Add(1, new KeyValuePair<string, object?>("state", state));

    public void DispatchAttempt(string supplier) => _attempts.Add(1, new KeyValuePair<string, object?>("supplier", supplier));

    public void DispatchOutcome(string supplier, string status, string? errorCode) => _outcomes.Add(1,
        new("supplier", supplier), new("status", status), new("error_code", errorCode ?? "none"));

    public void KciDelivery(string tenant, string result) => _deliveries.Add(1, new("tenant", tenant), new("result", result));

    // The four gauges are read together on one scrape: one store query serves them.
    private OutboxStats Read(IOutboxStatsSource store)
    {
        try
        {
            return _last = store.GetOutboxStatsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (StoreUnavailableException)
        {
            return _last ?? new OutboxStats(0, 0, 0, 0);
        }
    }
}
