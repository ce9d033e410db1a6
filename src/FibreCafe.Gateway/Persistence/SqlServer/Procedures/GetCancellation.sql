CREATE OR ALTER PROCEDURE dbo.GetCancellation
    @Tenant nvarchar(100),
    @Id     bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated,
           SupplierReference, ErrorCode, Messages
    FROM dbo.Cancellations WHERE Id = @Id AND Tenant = @Tenant;
END
GO
