-- For operators: every cancellation that ended FAILED_TO_SEND.
CREATE OR ALTER PROCEDURE dbo.ListFailedCancellations
AS
BEGIN
    SET NOCOUNT ON;
    SELECT c.Id, c.Tenant, c.ServiceProblemId, o.Supplier, c.ErrorCode, c.Messages, c.Updated
    FROM dbo.Cancellations c JOIN dbo.Outbox o ON o.CancellationId = c.Id
    WHERE c.Status = 'FAILED_TO_SEND'
    ORDER BY c.Id;
END
GO
