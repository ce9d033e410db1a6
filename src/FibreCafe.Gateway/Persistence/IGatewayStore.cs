using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Dispatch;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence;

/// <summary>
/// The one storage contract of the gateway. Every provider (SQLite embedded, SQL Server in
/// production) implements all of it and passes the same contract test suite.
/// Implementations throw <see cref="StoreUnavailableException"/> when the database cannot be reached.
/// </summary>
public interface IGatewayStore
{
    /// <summary>Creates the schema or brings it up to date. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>
    /// In one transaction: honours the idempotency key, applies <see cref="CancellationRules"/>,
    /// takes an id from the database, stores the cancellation as RECEIVED_BY_GATEWAY and moves
    /// the problem to PENDING_CANCELLATION, remembering its previous status.
    /// </summary>
    Task<CreateCancellationResult> CreateCancellationAsync(NewCancellation request, DateTimeOffset keyExpires, CancellationToken ct);

    Task<Cancellation?> GetCancellationAsync(string tenant, long id, CancellationToken ct);

    Task<Cancellation?> GetCancellationByRequestIdAsync(string tenant, string requestId, CancellationToken ct);

    Task<ServiceProblem?> GetServiceProblemAsync(string tenant, long id, CancellationToken ct);

    /// <summary>
    /// Takes up to <paramref name="max"/> due outbox rows that nobody holds (or whose holder's lease ran
    /// out) and leases them to <paramref name="owner"/>. No row is ever leased to two owners at once.
    /// </summary>
    Task<IReadOnlyList<DispatchWork>> ClaimDispatchesAsync(string owner, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Counts one more attempt and renews the lease; null when the lease is no longer the owner's.</summary>
    Task<long?> BeginDispatchAttemptAsync(long outboxId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Stores the outcome (cancellation, problem, event) and closes the row; false when the lease was lost.</summary>
    Task<bool> CompleteDispatchAsync(long outboxId, string owner, DispatchResult result, CancellationToken ct);

    /// <summary>Gives the row back, due again at <paramref name="nextAttemptAt"/>.</summary>
    Task ReleaseDispatchAsync(long outboxId, string owner, DateTimeOffset nextAttemptAt, CancellationToken ct);

    /// <summary>
    /// Applies a supplier's KCI once: refuses another supplier's problem and a cancellation of another
    /// problem, stores an older one without applying it, and raises the tenant's KCI with the change.
    /// </summary>
    Task<ApplyKciOutcome> ApplySupplierKciAsync(InboundKci kci, KciPlan plan, CancellationToken ct);

    /// <summary>The KCIs raised for one of the tenant's problems, in sequence order.</summary>
    Task<IReadOnlyList<TenantKci>> GetTenantKcisAsync(string tenant, long serviceProblemId, CancellationToken ct);

    /// <summary>Leases tenant KCIs that are due and whose problem has no earlier KCI still waiting.</summary>
    Task<IReadOnlyList<TenantKciWork>> ClaimTenantKcisAsync(string owner, TimeSpan lease, int max, CancellationToken ct);

    /// <summary>Counts one more delivery attempt and renews the lease; null when the lease was lost.</summary>
    Task<long?> BeginKciAttemptAsync(string kciId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Marks the KCI delivered, due again at a time, or undeliverable (kept for operators).</summary>
    Task FinishKciAsync(string kciId, string owner, KciDeliveryResult result, CancellationToken ct);

    /// <summary>For operators: cancellations that ended FAILED_TO_SEND, and KCIs given up after their schedule.</summary>
    Task<IReadOnlyList<FailedCancellation>> ListFailedCancellationsAsync(CancellationToken ct);

    Task<IReadOnlyList<UndeliverableKci>> ListUndeliverableKcisAsync(CancellationToken ct);

    /// <summary>Puts a FAILED_TO_SEND cancellation back in the outbox with a fresh budget, if its problem can still take it.</summary>
    Task<ResendOutcome> ResendCancellationAsync(long id, CancellationToken ct);

    /// <summary>Puts an undeliverable KCI back on its schedule from the start.</summary>
    Task<ResendOutcome> ResendKciAsync(string id, CancellationToken ct);

    /// <summary>For the metrics: the backlog of each outbox and the age of its oldest row.</summary>
    Task<OutboxStats> GetOutboxStatsAsync(CancellationToken ct);

    /// <summary>Adds problems that are not there yet; existing ids are left as they are. Returns how many were added.</summary>
    Task<int> AddServiceProblemsAsync(IReadOnlyList<ServiceProblem> problems, CancellationToken ct);
}
