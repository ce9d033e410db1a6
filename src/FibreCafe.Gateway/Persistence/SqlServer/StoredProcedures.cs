namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>Names the procedure a parameter record is passed to; the record's properties are its parameters.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StoredProcedureAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

// One record per procedure: what Dapper sends is exactly what these declare, and a test compares
// them with the CREATE PROCEDURE statements in Procedures/*.sql.

[StoredProcedure("dbo.CreateCancellation")]
public sealed record CreateCancellationCall(
    string Tenant, long ServiceProblemId, string ReasonCode, string? Text, string RequestId,
    string ConversationId, string Fingerprint, DateTimeOffset KeyExpires, string? TestScenario, string? TestKciDelay, DateTimeOffset Now);

[StoredProcedure("dbo.GetCancellation")]
public sealed record GetCancellationCall(string Tenant, long Id);

[StoredProcedure("dbo.GetCancellationByRequestId")]
public sealed record GetCancellationByRequestIdCall(string Tenant, string RequestId);

[StoredProcedure("dbo.GetServiceProblem")]
public sealed record GetServiceProblemCall(string Tenant, long Id);

[StoredProcedure("dbo.AddServiceProblems")]
public sealed record AddServiceProblemsCall(string Problems);

[StoredProcedure("dbo.ClaimDispatches")]
public sealed record ClaimDispatchesCall(string Owner, DateTimeOffset Until, DateTimeOffset Now, int Max);

[StoredProcedure("dbo.BeginDispatchAttempt")]
public sealed record BeginDispatchAttemptCall(long OutboxId, string Owner, DateTimeOffset Until);

[StoredProcedure("dbo.CompleteDispatch")]
public sealed record CompleteDispatchCall(
    long OutboxId, string Owner, string Status, string? ErrorCode, string? Messages, string? SupplierReference,
    string? KciUpdateType, string? KciInformationType, string? KciNotes, string? KciError, DateTimeOffset Now);

[StoredProcedure("dbo.ReleaseDispatch")]
public sealed record ReleaseDispatchCall(long OutboxId, string Owner, DateTimeOffset NextAttemptAt);

[StoredProcedure("dbo.ApplySupplierKci")]
public sealed record ApplySupplierKciCall(
    string Id, string Supplier, long ServiceProblemId, long SequenceNumber, string ReasonCode, string? Text, DateTimeOffset IssuedOn,
    string? ProblemStatus, bool RestoreProblem, string? SupplierReference, long? CancellationId, string? CancellationStatus,
    string? CancellationMessages, string KciUpdateType, string KciInformationType, string? KciNotes, DateTimeOffset Now);

[StoredProcedure("dbo.GetTenantKcis")]
public sealed record GetTenantKcisCall(string Tenant, long ServiceProblemId);

[StoredProcedure("dbo.ClaimTenantKcis")]
public sealed record ClaimTenantKcisCall(string Owner, DateTimeOffset Until, DateTimeOffset Now, int Max);

[StoredProcedure("dbo.BeginKciAttempt")]
public sealed record BeginKciAttemptCall(string KciId, string Owner, DateTimeOffset Until);

[StoredProcedure("dbo.FinishKci")]
public sealed record FinishKciCall(string KciId, string Owner, bool Delivered, DateTimeOffset? RetryAt, string? Error, DateTimeOffset Now);

[StoredProcedure("dbo.ListFailedCancellations")]
public sealed record ListFailedCancellationsCall;

[StoredProcedure("dbo.ListUndeliverableKcis")]
public sealed record ListUndeliverableKcisCall;

[StoredProcedure("dbo.ResendCancellation")]
public sealed record ResendCancellationCall(long Id, DateTimeOffset Now);

[StoredProcedure("dbo.ResendKci")]
public sealed record ResendKciCall(string KciId, DateTimeOffset Now);

[StoredProcedure("dbo.GetOutboxStats")]
public sealed record GetOutboxStatsCall(DateTimeOffset Now);
