using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence;

// The store seen by each of its consumers. Every call throws StoreUnavailableException when the
// database cannot be reached. What a change of state means is decided by Lifecycle/, never here.

/// <summary>The Tenant API's request path: take a cancellation, read it back.</summary>
public interface ICancellationStore
{
    /// <summary>
    /// In one transaction: honours the idempotency key, asks the lifecycle whether the problem can
    /// take a cancellation, takes an id from the database and stores the cancellation with its outbox row.
    /// </summary>
    Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct);

    Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct);
}

/// <summary>The Tenant API's reads of a service problem and the KCIs raised for it.</summary>
public interface IServiceProblemReads
{
    Task<ServiceProblem?> GetServiceProblemAsync(string tenant, long id, CancellationToken ct);

    /// <summary>The KCIs raised for one of the tenant's problems, in sequence order.</summary>
    Task<IReadOnlyList<TenantKci>> GetTenantKcisAsync(string tenant, long serviceProblemId, CancellationToken ct);

    /// <summary>Every supplier that a stored service problem names (readiness checks each is configured).</summary>
    Task<IReadOnlyList<string>> ListProblemSuppliersAsync(CancellationToken ct);
}

/// <summary>The cancellations waiting to be sent to their suppliers.</summary>
public interface ISupplierOutbox
{
    /// <summary>
    /// Leases up to <paramref name="max"/> due rows nobody holds (or whose lease ran out), skipping
    /// the suppliers <paramref name="filter"/> names as waiting; never one row to two owners.
    /// </summary>
    Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, ClaimFilter filter, CancellationToken ct);

    Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, CancellationToken ct) =>
        ClaimDispatchesAsync(owner, lease, max, ClaimFilter.None, ct);

    /// <summary>Counts one more attempt and renews the lease; null when the lease is no longer the owner's.</summary>
    Task<long?> BeginDispatchAttemptAsync(long outboxId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Closes the row and stores what the lifecycle makes of the answer; false when the lease was lost.</summary>
    Task<bool> CompleteDispatchAsync(long outboxId, string owner, DispatchResult result, CancellationToken ct);

    /// <summary>Gives the row back, due again at <paramref name="nextAttemptAt"/>.</summary>
    Task ReleaseDispatchAsync(long outboxId, string owner, DateTimeOffset nextAttemptAt, CancellationToken ct);
}

/// <summary>
/// Suppliers that cannot take a call now (breaker open, slots full): their rows wait, except those
/// whose retry window started before <see cref="WindowsStartedBefore"/> (the dispatcher may end them).
/// </summary>
public sealed record ClaimFilter(IReadOnlyList<string> Waiting, DateTimeOffset WindowsStartedBefore)
{
    public static readonly ClaimFilter None = new([], DateTimeOffset.MinValue);
}

/// <summary>The KCIs suppliers send.</summary>
public interface ISupplierKciInbox
{
    /// <summary>Applies a supplier's KCI once (a repeated id changes nothing), as the lifecycle decides.</summary>
    Task<ApplyKciOutcome> ApplySupplierKciAsync(InboundKci kci, KciPlan plan, CancellationToken ct);
}

/// <summary>The KCIs waiting to be delivered to tenants.</summary>
public interface ITenantKciOutbox
{
    /// <summary>Leases due KCIs whose problem has no earlier KCI still waiting.</summary>
    Task<IReadOnlyList<TenantKciWork>> ClaimTenantKcisAsync(string owner, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Counts one more delivery attempt and renews the lease; null when the lease was lost.</summary>
    Task<long?> BeginKciAttemptAsync(string kciId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Marks the KCI delivered, due again at a time, or undeliverable (kept for operators).</summary>
    Task FinishKciAsync(string kciId, string owner, KciDeliveryResult result, CancellationToken ct);
}

/// <summary>What operators see and do: failures, and sending them again.</summary>
public interface IOperatorStore
{
    Task<IReadOnlyList<FailedCancellation>> ListFailedCancellationsAsync(CancellationToken ct);

    Task<IReadOnlyList<UndeliverableKci>> ListUndeliverableKcisAsync(CancellationToken ct);

    /// <summary>Puts a FAILED_TO_SEND cancellation back in the outbox with a fresh budget, if the lifecycle allows it.</summary>
    Task<ResendOutcome> ResendCancellationAsync(long id, CancellationToken ct);

    /// <summary>Puts an undeliverable KCI back on its schedule from the start.</summary>
    Task<ResendOutcome> ResendKciAsync(string id, CancellationToken ct);
}

/// <summary>For the metrics: the backlog of each outbox and the age of its oldest row.</summary>
public interface IOutboxStatsSource
{
    Task<OutboxStats> GetOutboxStatsAsync(CancellationToken ct);
}

/// <summary>The schema, and the service problems the gateway is told about (demo data, seeding).</summary>
public interface IStoreSchema
{
    /// <summary>Creates the schema or brings it up to date. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Adds problems that are not there yet; existing ids are left as they are. Returns how many were added.</summary>
    Task<int> AddServiceProblemsAsync(IReadOnlyList<ServiceProblem> problems, CancellationToken ct);
}

/// <summary>What a provider (SQLite embedded, SQL Server in production) implements; every provider passes the same contract suite.</summary>
public interface IGatewayStore : ICancellationStore, IServiceProblemReads, ISupplierOutbox, ISupplierKciInbox, ITenantKciOutbox,
    IOperatorStore, IOutboxStatsSource, IStoreSchema;
