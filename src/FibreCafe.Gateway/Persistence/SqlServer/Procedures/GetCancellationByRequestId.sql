CREATE OR ALTER PROCEDURE dbo.GetCancellationByRequestId
    @Tenant    nvarchar(100),
    @RequestId varchar(100)
AS
BEGIN
    SET NOCOUNT ON;
    SELECT TOP (1) Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated,
           SupplierReference, ErrorCode, Messages
    FROM dbo.Cancellations WHERE Tenant = @Tenant AND RequestId = @RequestId
    ORDER BY Id DESC;
END
GO
