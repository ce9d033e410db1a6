-- The transactional outbox and the outcome of each cancellation (see the SQLite twin,
-- Persistence/Sqlite/Migrations/0002_outbox_and_outcomes.sql, for the same design).

CREATE TABLE dbo.Outbox
(
    Id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Outbox PRIMARY KEY,
    CancellationId bigint            NOT NULL CONSTRAINT UQ_Outbox_CancellationId UNIQUE
                                     CONSTRAINT FK_Outbox_Cancellations REFERENCES dbo.Cancellations (Id),
    Supplier       nvarchar(100)     NOT NULL,
    RequestId      varchar(100)      NOT NULL,
    Attempts       bigint            NOT NULL CONSTRAINT DF_Outbox_Attempts DEFAULT 0,
    NextAttemptAt  datetimeoffset(7) NOT NULL,
    LeaseOwner     nvarchar(200)     NULL,
    LeaseExpires   datetimeoffset(7) NULL,
    Created        datetimeoffset(7) NOT NULL,
    DoneAt         datetimeoffset(7) NULL
);
-- Only rows still to send are indexed: the table keeps every sent row, the index stays small.
CREATE INDEX IX_Outbox_Due ON dbo.Outbox (NextAttemptAt) INCLUDE (LeaseExpires) WHERE DoneAt IS NULL;
GO

ALTER TABLE dbo.Cancellations ADD
    SupplierReference nvarchar(100)  NULL,
    ErrorCode         varchar(30)    NULL,
    Messages          nvarchar(max)  NULL;
GO

CREATE TABLE dbo.CancellationEvents
(
    Id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_CancellationEvents PRIMARY KEY,
    CancellationId bigint            NOT NULL CONSTRAINT FK_CancellationEvents_Cancellations REFERENCES dbo.Cancellations (Id),
    Status         varchar(30)       NOT NULL,
    ErrorCode      varchar(30)       NULL,
    Messages       nvarchar(max)     NULL,
    At             datetimeoffset(7) NOT NULL
);
CREATE INDEX IX_CancellationEvents_CancellationId ON dbo.CancellationEvents (CancellationId);
GO

-- As in 0002, now also writing the outbox row and the first event in the same transaction.
CREATE OR ALTER PROCEDURE dbo.CreateCancellation
    @Tenant           nvarchar(100),
    @ServiceProblemId bigint,
    @ReasonCode       varchar(50),
    @Text             nvarchar(1000),
    @RequestId        varchar(100),
    @ConversationId   varchar(100),
    @Fingerprint      char(64),
    @KeyExpires       datetimeoffset(7),
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
            INSERT dbo.Outbox (CancellationId, Supplier, RequestId, NextAttemptAt, Created)
            VALUES (@CancellationId, @Supplier, CONVERT(varchar(36), NEWID()), @Now, @Now);
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

-- READPAST skips rows another instance is claiming right now, UPDLOCK keeps two claimers
-- from taking the same row: no row is leased to two owners at once.
CREATE OR ALTER PROCEDURE dbo.ClaimDispatches
    @Owner nvarchar(200),
    @Until datetimeoffset(7),
    @Now   datetimeoffset(7),
    @Max   int
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Claimed TABLE (Id bigint PRIMARY KEY);
    WITH Due AS (
        SELECT TOP (@Max) Id, LeaseOwner, LeaseExpires
        FROM dbo.Outbox WITH (UPDLOCK, READPAST, ROWLOCK)
        WHERE DoneAt IS NULL AND NextAttemptAt <= @Now AND (LeaseExpires IS NULL OR LeaseExpires < @Now)
        ORDER BY Id)
    UPDATE Due SET LeaseOwner = @Owner, LeaseExpires = @Until
    OUTPUT inserted.Id INTO @Claimed;

    SELECT o.Id AS OutboxId, o.Attempts, c.Id AS CancellationId, c.Tenant, c.ServiceProblemId,
           p.SupplierReference AS ProblemSupplierReference, o.Supplier, c.ReasonCode, c.[Text],
           c.ConversationId, o.RequestId
    FROM @Claimed k
    JOIN dbo.Outbox o ON o.Id = k.Id
    JOIN dbo.Cancellations c ON c.Id = o.CancellationId
    JOIN dbo.ServiceProblems p ON p.Id = c.ServiceProblemId
    ORDER BY o.Id;
END
GO

CREATE OR ALTER PROCEDURE dbo.BeginDispatchAttempt
    @OutboxId bigint,
    @Owner    nvarchar(200),
    @Until    datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE dbo.Outbox SET Attempts = Attempts + 1, LeaseExpires = @Until
    OUTPUT inserted.Attempts
    WHERE Id = @OutboxId AND LeaseOwner = @Owner AND DoneAt IS NULL;
END
GO

-- Stores the outcome and moves the problem: COMPLETED cancels it, REJECTED and FAILED_TO_SEND
-- put it back where it was, PENDING leaves it PENDING_CANCELLATION. Returns 1, or 0 when the
-- lease was lost (someone else owns the outcome).
CREATE OR ALTER PROCEDURE dbo.CompleteDispatch
    @OutboxId          bigint,
    @Owner             nvarchar(200),
    @Status            varchar(30),
    @ErrorCode         varchar(30),
    @Messages          nvarchar(max),
    @SupplierReference nvarchar(100),
    @Now               datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Done TABLE (CancellationId bigint);
    DECLARE @CancellationId bigint;

    BEGIN TRANSACTION;
    UPDATE dbo.Outbox SET DoneAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL
    OUTPUT inserted.CancellationId INTO @Done
    WHERE Id = @OutboxId AND LeaseOwner = @Owner AND DoneAt IS NULL;
    SELECT @CancellationId = CancellationId FROM @Done;

    IF @CancellationId IS NOT NULL
    BEGIN
        UPDATE dbo.Cancellations
        SET Status = @Status, ErrorCode = @ErrorCode, Messages = @Messages,
            SupplierReference = COALESCE(@SupplierReference, SupplierReference), Updated = @Now
        WHERE Id = @CancellationId;
        INSERT dbo.CancellationEvents (CancellationId, Status, ErrorCode, Messages, At)
        VALUES (@CancellationId, @Status, @ErrorCode, @Messages, @Now);

        IF @Status = 'COMPLETED'
            UPDATE p SET Status = 'CANCELLED', Updated = @Now
            FROM dbo.ServiceProblems p JOIN dbo.Cancellations c ON c.ServiceProblemId = p.Id
            WHERE c.Id = @CancellationId;
        ELSE IF @Status IN ('REJECTED', 'FAILED_TO_SEND')
            UPDATE p SET Status = COALESCE(p.PreviousStatus, p.Status), PreviousStatus = NULL, Updated = @Now
            FROM dbo.ServiceProblems p JOIN dbo.Cancellations c ON c.ServiceProblemId = p.Id
            WHERE c.Id = @CancellationId AND p.Status = 'PENDING_CANCELLATION';
    END
    COMMIT TRANSACTION;

    SELECT CAST(CASE WHEN @CancellationId IS NULL THEN 0 ELSE 1 END AS bit) AS Completed;
END
GO

CREATE OR ALTER PROCEDURE dbo.ReleaseDispatch
    @OutboxId      bigint,
    @Owner         nvarchar(200),
    @NextAttemptAt datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE dbo.Outbox SET LeaseOwner = NULL, LeaseExpires = NULL, NextAttemptAt = @NextAttemptAt
    WHERE Id = @OutboxId AND LeaseOwner = @Owner AND DoneAt IS NULL;
END
GO
