-- Leases due outbox rows to @Owner. READPAST skips rows another instance is claiming right now,
-- UPDLOCK keeps two claimers from taking the same row: no row is leased to two owners at once.
-- @Waiting (a JSON array) names suppliers that cannot take a call now; their rows are skipped
-- unless their retry window started before @WindowsStartedBefore (it may be over: the caller decides).
-- Earliest due first, in the order of IX_Outbox_Due, so TOP stops early however long the backlog.
CREATE OR ALTER PROCEDURE dbo.ClaimDispatches
    @Owner nvarchar(200),
    @Until datetimeoffset(7),
    @Now   datetimeoffset(7),
    @Max   int,
    @Waiting nvarchar(max),
    @WindowsStartedBefore datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Claimed TABLE (Id bigint PRIMARY KEY);
    WITH Due AS (
        SELECT TOP (@Max) Id, LeaseOwner, LeaseExpires
        FROM dbo.Outbox WITH (UPDLOCK, READPAST, ROWLOCK)
        WHERE DoneAt IS NULL AND NextAttemptAt <= @Now AND (LeaseExpires IS NULL OR LeaseExpires < @Now)
          AND (Supplier NOT IN (SELECT [value] FROM OPENJSON(@Waiting))
               OR COALESCE(WindowStartedAt, Created) < @WindowsStartedBefore)
        ORDER BY NextAttemptAt, Id)
    UPDATE Due SET LeaseOwner = @Owner, LeaseExpires = @Until
    OUTPUT inserted.Id INTO @Claimed;

    SELECT o.Id AS OutboxId, o.Attempts, COALESCE(o.WindowStartedAt, o.Created) AS WindowStartedAt, c.Id AS CancellationId, c.Tenant, c.ServiceProblemId,
           p.SupplierReference AS ProblemSupplierReference, o.Supplier, c.ReasonCode, c.[Text],
           c.ConversationId, o.RequestId, o.TestScenario, o.TestKciDelay
    FROM @Claimed k
    JOIN dbo.Outbox o ON o.Id = k.Id
    JOIN dbo.Cancellations c ON c.Id = o.CancellationId
    JOIN dbo.ServiceProblems p ON p.Id = c.ServiceProblemId
    ORDER BY o.Id;
END
GO
