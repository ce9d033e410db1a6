-- For operators: every cancellation in @Status (the C# caller asks for the failed ones).
CREATE OR ALTER PROCEDURE dbo.ListFailedCancellations
    @Status varchar(30)
AS
BEGIN
    SET NOCOUNT ON;
    SELECT c.Id, c.Tenant, c.ServiceProblemId, o.Supplier, c.ErrorCode, c.Messages, c.Updated
    FROM dbo.Cancellations c JOIN dbo.Outbox o ON o.CancellationId = c.Id
    WHERE c.Status = @Status
    ORDER BY c.Id;
END
GO
