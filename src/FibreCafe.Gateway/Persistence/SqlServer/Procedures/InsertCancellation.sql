-- In the caller's transaction: the id from the SEQUENCE, the cancellation with the status the
-- lifecycle gave, its first event, its outbox row (with a verification environment's X-Scenario
-- and X-Kci-Delay) and its idempotency key. Returns the stored cancellation.
CREATE OR ALTER PROCEDURE dbo.InsertCancellation
    @Tenant           nvarchar(100),
    @ServiceProblemId bigint,
    @ReasonCode       varchar(50),
    @Text             nvarchar(1000),
    @Status           varchar(30),
    @RequestId        varchar(100),
    @ConversationId   varchar(100),
    @Fingerprint      char(64),
    @Supplier         nvarchar(100),
    @KeyExpires       datetimeoffset(7),
    @TestScenario     varchar(50),
    @TestKciDelay     varchar(10),
    @Now              datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Id bigint = NEXT VALUE FOR dbo.CancellationIds;
    INSERT dbo.Cancellations (Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated)
    VALUES (@Id, @Tenant, @ServiceProblemId, @ReasonCode, @Text, @Status, @RequestId, @ConversationId, @Fingerprint, @Now, @Now);
    INSERT dbo.CancellationEvents (CancellationId, Status, At) VALUES (@Id, @Status, @Now);
    INSERT dbo.Outbox (CancellationId, Supplier, RequestId, NextAttemptAt, Created, TestScenario, TestKciDelay)
    VALUES (@Id, @Supplier, CONVERT(varchar(36), NEWID()), @Now, @Now, @TestScenario, @TestKciDelay);
    INSERT dbo.IdempotencyKeys (Tenant, RequestId, Fingerprint, CancellationId, Expires)
    VALUES (@Tenant, @RequestId, @Fingerprint, @Id, @KeyExpires);
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated,
           SupplierReference, ErrorCode, Messages
    FROM dbo.Cancellations WHERE Id = @Id;
END
GO
