using FibreCafe.Gateway.OAuth;

namespace FibreCafe.Gateway.Kcis;

/// <summary>One tenant's Tenant Updates API (configuration section Tenants:&lt;id&gt;).</summary>
public sealed class TenantOptions : IClientCredentials
{
    public const string Section = "Tenants";

    /// <summary>Base URL of the tenant's Tenant Updates API (KCIs go to its /kcis).</summary>
    public string KciUrl { get; set; } = "";
    public string? TokenUrl { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? Scope { get; set; }
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class KciDeliveryOptions
{
    public const string Section = "Kcis";

    /// <summary>Modelled on well-known webhook senders: after the last one a KCI is undeliverable.</summary>
    public static readonly TimeSpan[] DefaultSchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Delay before each delivery attempt (the first is normally zero); empty means the default.</summary>
    public List<TimeSpan> Schedule { get; set; } = [];

    public IReadOnlyList<TimeSpan> EffectiveSchedule => Schedule.Count > 0 ? Schedule : DefaultSchedule;

    public bool Enabled { get; set; } = true;
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int MaxConcurrency { get; set; } = 16;
}
