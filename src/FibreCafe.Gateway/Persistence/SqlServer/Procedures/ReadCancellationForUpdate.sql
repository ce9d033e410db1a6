-- In the caller's transaction: the cancellation, update-locked to commit.
CREATE OR ALTER PROCEDURE dbo.ReadCancellationForUpdate
    @Id bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated,
           SupplierReference, ErrorCode, Messages
    FROM dbo.Cancellations WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id;
END
GO
