namespace FibreCafe.Gateway.Outbox;

/// <summary>Wakes a worker when its outbox gets a row, so it need not wait for the next poll.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>The two outboxes of the gateway: cancellations to suppliers, KCIs to tenants.</summary>
public sealed class OutboxSignals
{
    public WorkSignal Cancellations { get; } = new();
    public WorkSignal Kcis { get; } = new();
}
