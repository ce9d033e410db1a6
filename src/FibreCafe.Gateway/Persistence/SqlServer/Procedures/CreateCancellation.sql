-- One round trip, one transaction: honours the idempotency key, applies the cancellation rules
-- (same order as Cancellations/CancellationRules.cs), takes the id from the SEQUENCE, stores the
-- cancellation, moves the problem, writes the outbox row (with a verification environment's
-- X-Scenario and X-Kci-Delay) and the first state event. UPDLOCK + HOLDLOCK on the key and on
-- the problem serialise concurrent requests for either: of twenty requests for one problem,
-- exactly one is Created.
CREATE OR ALTER PROCEDURE dbo.CreateCancellation
    @Tenant           nvarchar(100),
    @ServiceProblemId bigint,
    @ReasonCode       varchar(50),
    @Text             nvarchar(1000),
    @RequestId        varchar(100),
    @ConversationId   varchar(100),
    @Fingerprint      char(64),
    @KeyExpires       datetimeoffset(7),
    @TestScenario     varchar(50),
    @TestKciDelay     varchar(10),
    @Now              datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Outcome varchar(40), @CancellationId bigint, @KnownFingerprint char(64),
            @Owner nvarchar(100), @Status varchar(30), @Reference nvarchar(25), @Supplier nvarchar(100);

    BEGIN TRANSACTION;

    DELETE FROM dbo.IdempotencyKeys WHERE Tenant = @Tenant AND RequestId = @RequestId AND Expires <= @Now;
    SELECT @KnownFingerprint = Fingerprint, @CancellationId = CancellationId
    FROM dbo.IdempotencyKeys WITH (UPDLOCK, HOLDLOCK)
    WHERE Tenant = @Tenant AND RequestId = @RequestId;

    IF @KnownFingerprint IS NOT NULL
    BEGIN
        SET @Outcome = CASE WHEN @KnownFingerprint = @Fingerprint THEN 'Replayed' ELSE 'RequestIdReused' END;
        IF @Outcome = 'RequestIdReused' SET @CancellationId = NULL;
    END
    ELSE
    BEGIN
        SELECT @Owner = Tenant, @Status = Status, @Reference = SupplierReference, @Supplier = Supplier
        FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK)
        WHERE Id = @ServiceProblemId;

        SET @Outcome = CASE
            WHEN @Owner IS NULL OR @Owner <> @Tenant THEN 'ProblemNotFound'
            WHEN @Status IN ('FAILED_TO_SEND', 'REJECTED', 'CANCELLED', 'RESOLVED', 'COMPLETED') THEN 'ProblemClosed'
            WHEN @Status = 'PENDING_CANCELLATION' THEN 'ProblemAlreadyPendingCancellation'
            WHEN @Reference IS NULL OR @Reference = N'' THEN 'ProblemNotAcknowledged'
            ELSE 'Created'
        END;

        IF @Outcome = 'Created'
        BEGIN
            SET @CancellationId = NEXT VALUE FOR dbo.CancellationIds;
            INSERT dbo.Cancellations (Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated)
            VALUES (@CancellationId, @Tenant, @ServiceProblemId, @ReasonCode, @Text, 'RECEIVED_BY_GATEWAY', @RequestId, @ConversationId, @Fingerprint, @Now, @Now);
            UPDATE dbo.ServiceProblems
            SET PreviousStatus = Status, Status = 'PENDING_CANCELLATION', Updated = @Now
            WHERE Id = @ServiceProblemId;
            INSERT dbo.IdempotencyKeys (Tenant, RequestId, Fingerprint, CancellationId, Expires)
            VALUES (@Tenant, @RequestId, @Fingerprint, @CancellationId, @KeyExpires);
            INSERT dbo.Outbox (CancellationId, Supplier, RequestId, NextAttemptAt, Created, TestScenario, TestKciDelay)
            VALUES (@CancellationId, @Supplier, CONVERT(varchar(36), NEWID()), @Now, @Now, @TestScenario, @TestKciDelay);
            INSERT dbo.CancellationEvents (CancellationId, Status, At) VALUES (@CancellationId, 'RECEIVED_BY_GATEWAY', @Now);
        END
    END

    COMMIT TRANSACTION;

    SELECT @Outcome AS Outcome, CASE WHEN @Owner = @Tenant THEN @Status END AS ProblemStatus;
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated,
           SupplierReference, ErrorCode, Messages
    FROM dbo.Cancellations WHERE Id = @CancellationId;
END
GO
