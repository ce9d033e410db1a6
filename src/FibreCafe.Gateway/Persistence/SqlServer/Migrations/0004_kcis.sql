-- KCIs both ways (see the SQLite twin, Persistence/Sqlite/Migrations/0003_kcis.sql).

CREATE TABLE dbo.SupplierKcis
(
    Id               varchar(36)       NOT NULL CONSTRAINT PK_SupplierKcis PRIMARY KEY,
    Supplier         nvarchar(100)     NOT NULL,
    ServiceProblemId bigint            NOT NULL,
    SequenceNumber   bigint            NOT NULL,
    ReasonCode       varchar(50)       NOT NULL,
    [Text]           nvarchar(1000)    NULL,
    IssuedOn         datetimeoffset(7) NOT NULL,
    ReceivedOn       datetimeoffset(7) NOT NULL,
    Applied          bit               NOT NULL
);
CREATE INDEX IX_SupplierKcis_ServiceProblemId ON dbo.SupplierKcis (ServiceProblemId);
GO

ALTER TABLE dbo.ServiceProblems ADD LastSupplierSequence bigint NOT NULL CONSTRAINT DF_ServiceProblems_LastSupplierSequence DEFAULT 0;
GO

CREATE TABLE dbo.TenantKcis
(
    Id               varchar(36)       NOT NULL CONSTRAINT PK_TenantKcis PRIMARY KEY NONCLUSTERED,
    Position         bigint IDENTITY(1, 1) NOT NULL,
    Tenant           nvarchar(100)     NOT NULL,
    Supplier         nvarchar(100)     NOT NULL,
    ServiceProblemId bigint            NOT NULL CONSTRAINT FK_TenantKcis_ServiceProblems REFERENCES dbo.ServiceProblems (Id),
    SequenceNumber   bigint            NOT NULL,
    ConversationId   varchar(100)      NOT NULL,
    UpdateType       varchar(20)       NOT NULL,
    InformationType  varchar(50)       NOT NULL,
    Notes            nvarchar(max)     NULL,
    Error            nvarchar(max)     NULL,
    IssuedOn         datetimeoffset(7) NOT NULL,
    ReceivedOn       datetimeoffset(7) NULL,
    Attempts         bigint            NOT NULL CONSTRAINT DF_TenantKcis_Attempts DEFAULT 0,
    NextAttemptAt    datetimeoffset(7) NOT NULL,
    LeaseOwner       nvarchar(200)     NULL,
    LeaseExpires     datetimeoffset(7) NULL,
    DeliveredAt      datetimeoffset(7) NULL,
    UndeliverableAt  datetimeoffset(7) NULL,
    LastError        nvarchar(max)     NULL,
    CONSTRAINT UQ_TenantKcis_Problem_Sequence UNIQUE (ServiceProblemId, SequenceNumber)
);
CREATE CLUSTERED INDEX CX_TenantKcis_Position ON dbo.TenantKcis (Position);
CREATE INDEX IX_TenantKcis_Due ON dbo.TenantKcis (NextAttemptAt) INCLUDE (ServiceProblemId, SequenceNumber, LeaseExpires)
    WHERE DeliveredAt IS NULL AND UndeliverableAt IS NULL;
GO

-- The next KCI of a problem for its tenant, numbered after the last one (the caller holds the
-- problem's update lock, so two numbers never collide), due at once.
CREATE OR ALTER PROCEDURE dbo.RaiseTenantKci
    @ServiceProblemId bigint,
    @ConversationId   varchar(100),
    @UpdateType       varchar(20),
    @InformationType  varchar(50),
    @Notes            nvarchar(max),
    @Error            nvarchar(max),
    @IssuedOn         datetimeoffset(7),
    @ReceivedOn       datetimeoffset(7),
    @Now              datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    INSERT dbo.TenantKcis (Id, Tenant, Supplier, ServiceProblemId, SequenceNumber, ConversationId, UpdateType, InformationType,
                           Notes, Error, IssuedOn, ReceivedOn, NextAttemptAt)
    SELECT CONVERT(varchar(36), NEWID()), p.Tenant, p.Supplier, p.Id,
           ISNULL((SELECT MAX(SequenceNumber) FROM dbo.TenantKcis WITH (UPDLOCK, HOLDLOCK) WHERE ServiceProblemId = p.Id), 0) + 1,
           @ConversationId, @UpdateType, @InformationType, @Notes, @Error, @IssuedOn, @ReceivedOn, @Now
    FROM dbo.ServiceProblems p WHERE p.Id = @ServiceProblemId;
END
GO

-- As in 0003, and: only a cancellation still RECEIVED_BY_GATEWAY takes the answer (a supplier KCI
-- may have settled it first), and the tenant's KCI is raised in the same transaction.
CREATE OR ALTER PROCEDURE dbo.CompleteDispatch
    @OutboxId           bigint,
    @Owner              nvarchar(200),
    @Status             varchar(30),
    @ErrorCode          varchar(30),
    @Messages           nvarchar(max),
    @SupplierReference  nvarchar(100),
    @KciUpdateType      varchar(20),
    @KciInformationType varchar(50),
    @KciNotes           nvarchar(max),
    @KciError           nvarchar(max),
    @Now                datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Done TABLE (CancellationId bigint);
    DECLARE @CancellationId bigint, @ProblemId bigint, @ConversationId varchar(100);

    BEGIN TRANSACTION;
    UPDATE dbo.Outbox SET DoneAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL
    OUTPUT inserted.CancellationId INTO @Done
    WHERE Id = @OutboxId AND LeaseOwner = @Owner AND DoneAt IS NULL;
    SELECT @CancellationId = CancellationId FROM @Done;

    IF @CancellationId IS NOT NULL
    BEGIN
        SELECT @ProblemId = ServiceProblemId, @ConversationId = ConversationId
        FROM dbo.Cancellations WITH (UPDLOCK) WHERE Id = @CancellationId AND Status = 'RECEIVED_BY_GATEWAY';
        IF @ProblemId IS NOT NULL
        BEGIN
            UPDATE dbo.ServiceProblems WITH (UPDLOCK) SET Updated = @Now WHERE Id = @ProblemId;
            UPDATE dbo.Cancellations
            SET Status = @Status, ErrorCode = @ErrorCode, Messages = @Messages,
                SupplierReference = COALESCE(@SupplierReference, SupplierReference), Updated = @Now
            WHERE Id = @CancellationId;
            INSERT dbo.CancellationEvents (CancellationId, Status, ErrorCode, Messages, At)
            VALUES (@CancellationId, @Status, @ErrorCode, @Messages, @Now);
            IF @Status = 'COMPLETED'
                UPDATE dbo.ServiceProblems SET Status = 'CANCELLED' WHERE Id = @ProblemId;
            ELSE IF @Status IN ('REJECTED', 'FAILED_TO_SEND')
                UPDATE dbo.ServiceProblems SET Status = COALESCE(PreviousStatus, Status), PreviousStatus = NULL
                WHERE Id = @ProblemId AND Status = 'PENDING_CANCELLATION';
            IF @KciUpdateType IS NOT NULL
                EXEC dbo.RaiseTenantKci @ProblemId, @ConversationId, @KciUpdateType, @KciInformationType, @KciNotes, @KciError, @Now, NULL, @Now;
        END
    END
    COMMIT TRANSACTION;

    SELECT CAST(CASE WHEN @CancellationId IS NULL THEN 0 ELSE 1 END AS bit) AS Completed;
END
GO

-- Applies a supplier's KCI once (the same rules as SqliteGatewayStore.Kcis.cs). Returns the
-- outcome: Applied, Duplicate, Stale, ProblemNotFound or CancellationNotOfProblem.
CREATE OR ALTER PROCEDURE dbo.ApplySupplierKci
    @Id                   varchar(36),
    @Supplier             nvarchar(100),
    @ServiceProblemId     bigint,
    @SequenceNumber       bigint,
    @ReasonCode           varchar(50),
    @Text                 nvarchar(1000),
    @IssuedOn             datetimeoffset(7),
    @ProblemStatus        varchar(30),
    @RestoreProblem       bit,
    @SupplierReference    nvarchar(25),
    @CancellationId       bigint,
    @CancellationStatus   varchar(30),
    @CancellationMessages nvarchar(max),
    @KciUpdateType        varchar(20),
    @KciInformationType   varchar(50),
    @KciNotes             nvarchar(max),
    @Now                  datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Outcome varchar(30), @Status varchar(30), @LastSequence bigint, @Found bit = 0,
            @CurrentCancellation varchar(30), @ConversationId varchar(100);

    BEGIN TRANSACTION;
    IF EXISTS (SELECT 1 FROM dbo.SupplierKcis WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id)
        SET @Outcome = 'Duplicate';
    ELSE
    BEGIN
        SELECT @Found = 1, @Status = Status, @LastSequence = LastSupplierSequence
        FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = @ServiceProblemId AND Supplier = @Supplier;
        IF @Found = 0
            SET @Outcome = 'ProblemNotFound';
        ELSE
        BEGIN
            IF @CancellationId IS NOT NULL
                SELECT @CurrentCancellation = Status, @ConversationId = ConversationId
                FROM dbo.Cancellations WITH (UPDLOCK) WHERE Id = @CancellationId AND ServiceProblemId = @ServiceProblemId;
            IF @CancellationId IS NOT NULL AND @CurrentCancellation IS NULL
                SET @Outcome = 'CancellationNotOfProblem';
            ELSE
            BEGIN
                INSERT dbo.SupplierKcis (Id, Supplier, ServiceProblemId, SequenceNumber, ReasonCode, [Text], IssuedOn, ReceivedOn, Applied)
                VALUES (@Id, @Supplier, @ServiceProblemId, @SequenceNumber, @ReasonCode, @Text, @IssuedOn, @Now,
                        CASE WHEN @SequenceNumber <= @LastSequence THEN 0 ELSE 1 END);
                IF @SequenceNumber <= @LastSequence
                    SET @Outcome = 'Stale';
                ELSE
                BEGIN
                    SET @Outcome = 'Applied';
                    UPDATE dbo.ServiceProblems SET LastSupplierSequence = @SequenceNumber WHERE Id = @ServiceProblemId;
                    -- Already settled the same way (the supplier's 201 came first): nothing new for the tenant.
                    IF @CurrentCancellation IS NULL OR @CurrentCancellation <> @CancellationStatus
                    BEGIN
                        IF @CancellationId IS NOT NULL
                        BEGIN
                            UPDATE dbo.Cancellations SET Status = @CancellationStatus, Messages = COALESCE(@CancellationMessages, Messages),
                                   ErrorCode = NULL, Updated = @Now WHERE Id = @CancellationId;
                            INSERT dbo.CancellationEvents (CancellationId, Status, Messages, At) VALUES (@CancellationId, @CancellationStatus, @CancellationMessages, @Now);
                        END
                        -- While a cancellation is pending, a lifecycle status lands in PreviousStatus.
                        IF @RestoreProblem = 1
                            UPDATE dbo.ServiceProblems SET Status = COALESCE(PreviousStatus, Status), PreviousStatus = NULL
                            WHERE Id = @ServiceProblemId AND Status = 'PENDING_CANCELLATION';
                        ELSE IF @ProblemStatus = 'CANCELLED' OR (@ProblemStatus IS NOT NULL AND @Status <> 'PENDING_CANCELLATION')
                            UPDATE dbo.ServiceProblems SET Status = @ProblemStatus WHERE Id = @ServiceProblemId;
                        ELSE IF @ProblemStatus IS NOT NULL
                            UPDATE dbo.ServiceProblems SET PreviousStatus = @ProblemStatus WHERE Id = @ServiceProblemId;
                        UPDATE dbo.ServiceProblems SET SupplierReference = COALESCE(@SupplierReference, SupplierReference), Updated = @Now
                        WHERE Id = @ServiceProblemId;

                        IF @ConversationId IS NULL
                            SELECT TOP (1) @ConversationId = ConversationId FROM dbo.Cancellations
                            WHERE ServiceProblemId = @ServiceProblemId ORDER BY Id DESC;
                        SET @ConversationId = COALESCE(@ConversationId, CONCAT('fibre-cafe-problem-', @ServiceProblemId));
                        EXEC dbo.RaiseTenantKci @ServiceProblemId, @ConversationId, @KciUpdateType, @KciInformationType, @KciNotes, NULL, @IssuedOn, @Now, @Now;
                    END
                END
            END
        END
    END
    COMMIT TRANSACTION;
    SELECT @Outcome AS Outcome;
END
GO

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

-- Due KCIs whose problem has no earlier KCI still waiting: strict order per problem.
CREATE OR ALTER PROCEDURE dbo.ClaimTenantKcis
    @Owner nvarchar(200),
    @Until datetimeoffset(7),
    @Now   datetimeoffset(7),
    @Max   int
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Claimed TABLE (Id varchar(36) PRIMARY KEY);
    WITH Due AS (
        SELECT TOP (@Max) k.Id, k.LeaseOwner, k.LeaseExpires
        FROM dbo.TenantKcis k WITH (UPDLOCK, READPAST, ROWLOCK)
        WHERE k.DeliveredAt IS NULL AND k.UndeliverableAt IS NULL AND k.NextAttemptAt <= @Now
          AND (k.LeaseExpires IS NULL OR k.LeaseExpires < @Now)
          AND NOT EXISTS (SELECT 1 FROM dbo.TenantKcis e
                          WHERE e.ServiceProblemId = k.ServiceProblemId AND e.SequenceNumber < k.SequenceNumber
                            AND e.DeliveredAt IS NULL AND e.UndeliverableAt IS NULL)
        ORDER BY k.Position)
    UPDATE Due SET LeaseOwner = @Owner, LeaseExpires = @Until
    OUTPUT inserted.Id INTO @Claimed;

    SELECT k.Id, k.Tenant, k.Supplier, k.ServiceProblemId, k.SequenceNumber, k.ConversationId, k.UpdateType, k.InformationType,
           k.Notes, k.Error, k.IssuedOn, k.ReceivedOn, k.Attempts, p.Status AS ProblemStatus, p.SupplierReference,
           p.Created AS ProblemCreated, p.Updated AS ProblemUpdated, c.Id AS CancellationId, c.Status AS CancellationStatus
    FROM @Claimed x
    JOIN dbo.TenantKcis k ON k.Id = x.Id
    JOIN dbo.ServiceProblems p ON p.Id = k.ServiceProblemId
    LEFT JOIN dbo.Cancellations c ON c.Id = (SELECT MAX(Id) FROM dbo.Cancellations WHERE ServiceProblemId = p.Id)
    ORDER BY k.Position;
END
GO

CREATE OR ALTER PROCEDURE dbo.BeginKciAttempt
    @KciId varchar(36),
    @Owner nvarchar(200),
    @Until datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE dbo.TenantKcis SET Attempts = Attempts + 1, LeaseExpires = @Until
    OUTPUT inserted.Attempts
    WHERE Id = @KciId AND LeaseOwner = @Owner AND DeliveredAt IS NULL AND UndeliverableAt IS NULL;
END
GO

CREATE OR ALTER PROCEDURE dbo.FinishKci
    @KciId     varchar(36),
    @Owner     nvarchar(200),
    @Delivered bit,
    @RetryAt   datetimeoffset(7),
    @Error     nvarchar(max),
    @Now       datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE dbo.TenantKcis
    SET LeaseOwner = NULL, LeaseExpires = NULL, LastError = @Error,
        DeliveredAt = CASE WHEN @Delivered = 1 THEN @Now END,
        UndeliverableAt = CASE WHEN @Delivered = 0 AND @RetryAt IS NULL THEN @Now END,
        NextAttemptAt = COALESCE(@RetryAt, NextAttemptAt)
    WHERE Id = @KciId AND LeaseOwner = @Owner;
END
GO
