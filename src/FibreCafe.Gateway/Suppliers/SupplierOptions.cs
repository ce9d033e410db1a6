using FibreCafe.Gateway.OAuth;

namespace FibreCafe.Gateway.Suppliers;

/// <summary>One network operator the gateway sends requests to (configuration section Suppliers:&lt;id&gt;).</summary>
public sealed class SupplierOptions : IClientCredentials
{
    public const string Section = "Suppliers";

    /// <summary>The Supplier API base URL; relative operation paths are resolved against it.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>OAuth2 client-credentials token endpoint; empty for a supplier that needs no token.</summary>
    public string? TokenUrl { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? Scope { get; set; }

    /// <summary>A simulator or test stand-in: QA's scenario headers are passed on to it (never to a real supplier).</summary>
    public bool IsTestSupplier { get; set; }

    public SupplierResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// The retry budget of one supplier. Production defaults: 6 attempts of at most 10 s, backoff
/// 2 s doubling with jitter up to 30 s: a supplier that never answers ends FAILED_TO_SEND after
/// about 2 minutes (6 × 10 s of attempts plus about 60 s of backoff).
/// </summary>
public sealed class SupplierResilienceOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; set; } = 6;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The breaker opens when this share of calls fails within the sampling window… While it is
    /// open, each turn of a cancellation spends an attempt without a call, so the budget still ends it.
    /// </summary>
    public double BreakerFailureRatio { get; set; } = 0.5;
    /// <summary>…and at least this many calls were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
