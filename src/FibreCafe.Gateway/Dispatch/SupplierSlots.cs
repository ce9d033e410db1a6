using System.Collections.Concurrent;
using FibreCafe.Gateway.Outbox;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Suppliers;
using Polly.CircuitBreaker;

namespace FibreCafe.Gateway.Dispatch;

/// <summary>
/// The dispatcher's slots, counted per supplier: a supplier whose breaker is open takes none (its
/// cancellations wait in the database, spending no attempts), a half-open one takes one (the probe),
/// others up to their MaxConcurrency. Only the claim loop takes slots; any task gives them back.
/// </summary>
internal sealed class SupplierSlots(PartnerPipelines pipelines)
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();

    /// <summary>Which suppliers' rows to leave in the database at this claim.</summary>
    public ClaimFilter Filter(IReadOnlyDictionary<string, SupplierOptions> configured, DateTimeOffset now)
    {
        var waiting = configured.Where(s => Free(s.Key, s.Value) <= 0).ToList();
        if (waiting.Count == 0) return ClaimFilter.None;
        // Rows of a waiting supplier whose window may be over are still claimed, so they end on time.
        var shortest = waiting.Min(s => s.Value.Resilience.RetryWindow);
        return new ClaimFilter([.. waiting.Select(s => s.Key)], now - shortest);
    }

    /// <summary>
    /// How many rows one claim should ask for: no more than the configured suppliers' free slots, so
    /// a claim does not take rows only to give them back. Zero when every supplier is busy.
    /// </summary>
    public int ClaimSize(IReadOnlyDictionary<string, SupplierOptions> configured, int free)
    {
        var open = 0;
        foreach (var (name, options) in configured) open += Math.Max(0, Free(name, options));
        return Math.Min(free, open);
    }

    public bool TryTake(DispatchWork work, SupplierOptions? supplier, DateTimeOffset now)
    {
        // An unknown supplier fails at once; a row whose window is over needs no call, only an end.
        var unlimited = supplier is null || supplier.Resilience.Budget().IsOver(work.WindowStartedAt, now);
        while (true)
        {
            var held = _inFlight.GetOrAdd(work.Supplier, 0);
            if (!unlimited && held >= Capacity(work.Supplier, supplier!)) return false;
            if (_inFlight.TryUpdate(work.Supplier, held + 1, held)) return true;
        }
    }

    public void Return(string supplier) => _inFlight.AddOrUpdate(supplier, 0, (_, held) => held - 1);

    private int Free(string supplier, SupplierOptions options) => Capacity(supplier, options) - _inFlight.GetValueOrDefault(supplier);

    private int Capacity(string supplier, SupplierOptions options) => pipelines.State(Dispatcher.Partner(supplier)) switch
    {
        CircuitState.Open or CircuitState.Isolated => 0,
        CircuitState.HalfOpen => 1,
        _ => Math.Max(1, options.MaxConcurrency),
    };
}
