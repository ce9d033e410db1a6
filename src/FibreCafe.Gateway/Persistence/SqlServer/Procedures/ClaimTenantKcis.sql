-- Due KCIs whose problem has no earlier KCI still waiting: strict order per problem.
CREATE OR ALTER PROCEDURE dbo.ClaimTenantKcis
    @Owner nvarchar(200),
    @Until datetimeoffset(7),
    @Now   datetimeoffset(7),
    @Max   int
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Claimed TABLE (Id varchar(36) PRIMARY KEY);
    WITH Due AS (
        SELECT TOP (@Max) k.Id, k.LeaseOwner, k.LeaseExpires
        FROM dbo.TenantKcis k WITH (UPDLOCK, READPAST, ROWLOCK)
        WHERE k.DeliveredAt IS NULL AND k.UndeliverableAt IS NULL AND k.NextAttemptAt <= @Now
          AND (k.LeaseExpires IS NULL OR k.LeaseExpires < @Now)
          AND NOT EXISTS (SELECT 1 FROM dbo.TenantKcis e
                          WHERE e.ServiceProblemId = k.ServiceProblemId AND e.SequenceNumber < k.SequenceNumber
                            AND e.DeliveredAt IS NULL AND e.UndeliverableAt IS NULL)
        ORDER BY k.NextAttemptAt, k.Position)
    UPDATE Due SET LeaseOwner = @Owner, LeaseExpires = @Until
    OUTPUT inserted.Id INTO @Claimed;

    SELECT k.Id, k.Tenant, k.Supplier, k.ServiceProblemId, k.SequenceNumber, k.ConversationId, k.UpdateType, k.InformationType,
           k.Notes, k.Error, k.IssuedOn, k.ReceivedOn, k.Attempts, p.Status AS ProblemStatus, p.SupplierReference,
           p.Created AS ProblemCreated, p.Updated AS ProblemUpdated, c.Id AS CancellationId, c.Status AS CancellationStatus
    FROM @Claimed x
    JOIN dbo.TenantKcis k ON k.Id = x.Id
    JOIN dbo.ServiceProblems p ON p.Id = k.ServiceProblemId
    LEFT JOIN dbo.Cancellations c ON c.Id = (SELECT MAX(Id) FROM dbo.Cancellations WHERE ServiceProblemId = p.Id)
    ORDER BY k.Position;
END
GO
