CREATE OR ALTER PROCEDURE dbo.GetTenantKcis
    @Tenant           nvarchar(100),
    @ServiceProblemId bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, SequenceNumber, IssuedOn, ReceivedOn, UpdateType, InformationType, Notes, DeliveredAt, UndeliverableAt, Attempts, LastError
    FROM dbo.TenantKcis WHERE Tenant = @Tenant AND ServiceProblemId = @ServiceProblemId
    ORDER BY SequenceNumber;
END
GO
