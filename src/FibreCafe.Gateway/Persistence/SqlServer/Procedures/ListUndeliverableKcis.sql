-- For operators: every tenant KCI given up after its schedule.
CREATE OR ALTER PROCEDURE dbo.ListUndeliverableKcis
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, ServiceProblemId, SequenceNumber, InformationType, LastError, UndeliverableAt
    FROM dbo.TenantKcis WHERE UndeliverableAt IS NOT NULL
    ORDER BY Position;
END
GO
