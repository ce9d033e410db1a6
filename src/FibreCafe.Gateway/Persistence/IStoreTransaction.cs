using FibreCafe.Gateway.Cancellations;
using FibreCafe.Gateway.Kcis;
using FibreCafe.Gateway.Lifecycle;
using FibreCafe.Gateway.ServiceProblems;

namespace FibreCafe.Gateway.Persistence;

/// <summary>
/// One open transaction of a provider, with the locks it needs: a row read here stays ours until
/// commit. Only reads and writes; <see cref="StoreWorkflows"/> says in which order, the lifecycle what.
/// </summary>
public interface IStoreTransaction
{
    /// <summary>The key, unless it has expired: an expired key is as if it had never been stored.</summary>
    Task<IdempotencyKey?> ReadKeyAsync(string tenant, string requestId, DateTimeOffset now);

    Task<ServiceProblem?> ReadProblemAsync(long id);

    Task<Cancellation?> ReadCancellationAsync(long id);

    /// <summary>The X-Conversation-ID of the problem's latest cancellation, if it has one.</summary>
    Task<string?> LatestConversationAsync(long problemId);

    Task<bool> KnowsSupplierKciAsync(string id);

    /// <summary>
    /// Takes an id from the database; stores the cancellation, its first event, its outbox row and its key
    /// (in place of an expired key of the same request id; never over one still in force).
    /// </summary>
    Task<Cancellation> InsertCancellationAsync(NewCancellation request, string supplier, string status, DateTimeOffset keyExpires, DateTimeOffset now);

    /// <summary>Marks the outbox row done if the lease is still the owner's.</summary>
    Task<ClosedDispatch?> CloseDispatchAsync(long outboxId, string owner, DateTimeOffset now);

    Task RecordSupplierKciAsync(InboundKci kci, bool applied, DateTimeOffset now);

    /// <summary>The cancellation's outbox row, due now with no attempts made.</summary>
    Task RequeueDispatchAsync(long cancellationId, DateTimeOffset now);

    /// <summary>Writes what the lifecycle decided, exactly.</summary>
    Task SaveAsync(Transition transition, DateTimeOffset now);
}

public sealed record IdempotencyKey(string Fingerprint, long CancellationId);

public sealed record ClosedDispatch(long CancellationId, long ServiceProblemId);

/// <summary>A cancellation's messages are stored as a JSON array; none is NULL.</summary>
public static class StoredMessages
{
    public static string? Json(IReadOnlyList<string> messages) => messages.Count == 0 ? null : Newtonsoft.Json.JsonConvert.SerializeObject(messages);
}
