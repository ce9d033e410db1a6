using FibreCafe.Gateway.OAuth;
using FibreCafe.Gateway.Outbox;

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

    /// <summary>Calls in flight to this supplier from one process: a supplier that hangs holds at most these slots.</summary>
    public int MaxConcurrency { get; set; } = 8;

    public SupplierResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// The retry budget of one supplier, in time first. Production defaults: a window of one hour (see
/// the README: it outlasts a supplier's usual maintenance window), calls of at most 10 s, backoff
/// 2 s doubling with jitter up to 60 s, at most 100 calls as a ceiling.
/// </summary>
public sealed class SupplierResilienceOptions : CallResilienceOptions
{
    /// <summary>From the 201 (or an operator's resend) until FAILED_TO_SEND; an open breaker does not stop it.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(1);
    public int MaxAttempts { get; set; } = 100;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public BackoffWindow Budget() => new(RetryWindow, MaxAttempts, BaseDelay, MaxDelay, Random.Shared.NextDouble);
}
