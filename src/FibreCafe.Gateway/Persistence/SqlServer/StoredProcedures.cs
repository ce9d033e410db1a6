namespace FibreCafe.Gateway.Persistence.SqlServer;

/// <summary>Names the procedure a parameter record is passed to; the record's properties are its parameters.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StoredProcedureAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

// One record per procedure: what Dapper sends is exactly what these declare, and a test compares
// them with the CREATE PROCEDURE statements in Migrations/*.sql.

[StoredProcedure("dbo.CreateCancellation")]
public sealed record CreateCancellationCall(
    string Tenant, long ServiceProblemId, string ReasonCode, string? Text, string RequestId,
    string ConversationId, string Fingerprint, DateTimeOffset KeyExpires, DateTimeOffset Now);

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
    long OutboxId, string Owner, string Status, string? ErrorCode, string? Messages, string? SupplierReference, DateTimeOffset Now);

[StoredProcedure("dbo.ReleaseDispatch")]
public sealed record ReleaseDispatchCall(long OutboxId, string Owner, DateTimeOffset NextAttemptAt);
