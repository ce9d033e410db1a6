namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>Names the procedure a parameter record is passed to; the record's properties are its parameters.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StoredProcedureAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

// One record per procedure: what Dapper sends is exactly what these declare, and a test compares
// them with the CREATE PROCEDURE statements in Procedures/*.sql.

[StoredProcedure("dbo.GetCancellation")]
public sealed record GetCancellationCall(string Tenant, long Id);

[StoredProcedure("dbo.GetServiceProblem")]
public sealed record GetServiceProblemCall(string Tenant, long Id);

[StoredProcedure("dbo.ListProblemSuppliers")]
public sealed record ListProblemSuppliersCall;

[StoredProcedure("dbo.AddServiceProblems")]
public sealed record AddServiceProblemsCall(string Problems);

[StoredProcedure("dbo.ClaimDispatches")]
public sealed record ClaimDispatchesCall(string Owner, DateTimeOffset Until, DateTimeOffset Now, int Max, string Waiting, DateTimeOffset WindowsStartedBefore);

[StoredProcedure("dbo.BeginDispatchAttempt")]
public sealed record BeginDispatchAttemptCall(long OutboxId, string Owner, DateTimeOffset Until);

[StoredProcedure("dbo.ReleaseDispatch")]
public sealed record ReleaseDispatchCall(long OutboxId, string Owner, DateTimeOffset NextAttemptAt);

[StoredProcedure("dbo.GetTenantKcis")]
public sealed record GetTenantKcisCall(string Tenant, long ServiceProblemId);

[StoredProcedure("dbo.ClaimTenantKcis")]
public sealed record ClaimTenantKcisCall(string Owner, DateTimeOffset Until, DateTimeOffset Now, int Max);

[StoredProcedure("dbo.BeginKciAttempt")]
public sealed record BeginKciAttemptCall(string KciId, string Owner, DateTimeOffset Until);

[StoredProcedure("dbo.FinishKci")]
public sealed record FinishKciCall(string KciId, string Owner, bool Delivered, DateTimeOffset? RetryAt, string? Error, DateTimeOffset Now);

[StoredProcedure("dbo.ListFailedCancellations")]
public sealed record ListFailedCancellationsCall(string Status);

[StoredProcedure("dbo.ListUndeliverableKcis")]
public sealed record ListUndeliverableKcisCall;

[StoredProcedure("dbo.ResendKci")]
public sealed record ResendKciCall(string KciId, DateTimeOffset Now);

[StoredProcedure("dbo.GetOutboxStats")]
public sealed record GetOutboxStatsCall(DateTimeOffset Now);

// Reads and writes inside one transaction of SqlServerStoreTransaction (see IStoreTransaction).

[StoredProcedure("dbo.ReadIdempotencyKey")]
public sealed record ReadIdempotencyKeyCall(string Tenant, string RequestId, DateTimeOffset Now);

[StoredProcedure("dbo.ReadProblemForUpdate")]
public sealed record ReadProblemForUpdateCall(long Id);

[StoredProcedure("dbo.ReadCancellationForUpdate")]
public sealed record ReadCancellationForUpdateCall(long Id);

[StoredProcedure("dbo.LatestConversation")]
public sealed record LatestConversationCall(long ServiceProblemId);

[StoredProcedure("dbo.KnowsSupplierKci")]
public sealed record KnowsSupplierKciCall(string Id);

[StoredProcedure("dbo.InsertCancellation")]
public sealed record InsertCancellationCall(
    string Tenant, long ServiceProblemId, string ReasonCode, string? Text, string Status, string RequestId, string ConversationId,
    string Fingerprint, string Supplier, DateTimeOffset KeyExpires, string? TestScenario, string? TestKciDelay, DateTimeOffset Now);

[StoredProcedure("dbo.CloseDispatch")]
public sealed record CloseDispatchCall(long OutboxId, string Owner, DateTimeOffset Now);

[StoredProcedure("dbo.RecordSupplierKci")]
public sealed record RecordSupplierKciCall(
    string Id, string Supplier, long ServiceProblemId, long SequenceNumber, string ReasonCode, string? Text, DateTimeOffset IssuedOn,
    bool Applied, DateTimeOffset Now);

[StoredProcedure("dbo.RequeueDispatch")]
public sealed record RequeueDispatchCall(long CancellationId, DateTimeOffset Now);

[StoredProcedure("dbo.SaveTransition")]
public sealed record SaveTransitionCall(
    long ProblemId, long? SupplierSequence, string? ProblemStatus, string? PreviousStatus, string? SupplierReference,
    long? CancellationId, string? CancellationStatus, string? ErrorCode, string? Messages, string? CancellationSupplierReference,
    string? EventMessages, string? ConversationId, string? KciUpdateType, string? KciInformationType, string? KciNotes, string? KciError,
    DateTimeOffset? KciIssuedOn, DateTimeOffset? KciReceivedOn, DateTimeOffset Now);
