namespace FibreCafe.Gateway.Outbox;

/// <summary>What wraps one call to a partner (a supplier, or a tenant's KCI endpoint).</summary>
public class CallResilienceOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The breaker opens when this share of calls fails within the sampling window…</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;
    /// <summary>…and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>While open, the partner's rows wait (no call, no attempt spent); then one call probes it.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A dropped connection is tried once more at once, within the same attempt.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest one attempt can hold a lease: the call, a reconnect, the call again.</summary>
    public TimeSpan LongestAttempt => AttemptTimeout * 2 + ReconnectDelay;
}
