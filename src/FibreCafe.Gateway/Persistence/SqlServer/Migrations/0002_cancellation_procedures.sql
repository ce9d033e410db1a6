-- Every operation of the store contract is one procedure; the application login needs only
-- EXECUTE on them (see README). Result columns are named as the C# records' properties.

-- One round trip, one transaction: honours the idempotency key, applies the cancellation rules
-- (same order as CancellationRules.cs), takes the id, stores, moves the problem.
-- UPDLOCK + HOLDLOCK on the key and on the problem serialise concurrent requests for either,
-- so of twenty requests for one problem exactly one is Created.
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
            @Owner nvarchar(100), @Status varchar(30), @Reference nvarchar(25);

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
        SELECT @Owner = Tenant, @Status = Status, @Reference = SupplierReference
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
        END
    END

    COMMIT TRANSACTION;

    -- Another tenant's problem must look exactly like a missing one: its status is not returned.
    SELECT @Outcome AS Outcome, CASE WHEN @Owner = @Tenant THEN @Status END AS ProblemStatus;
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated
    FROM dbo.Cancellations WHERE Id = @CancellationId;
END
GO

CREATE OR ALTER PROCEDURE dbo.GetCancellation
    @Tenant nvarchar(100),
    @Id     bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated
    FROM dbo.Cancellations WHERE Id = @Id AND Tenant = @Tenant;
END
GO

CREATE OR ALTER PROCEDURE dbo.GetCancellationByRequestId
    @Tenant    nvarchar(100),
    @RequestId varchar(100)
AS
BEGIN
    SET NOCOUNT ON;
    SELECT TOP (1) Id, Tenant, ServiceProblemId, ReasonCode, [Text], Status, RequestId, ConversationId, Fingerprint, Created, Updated
    FROM dbo.Cancellations WHERE Tenant = @Tenant AND RequestId = @RequestId
    ORDER BY Id DESC;
END
GO

CREATE OR ALTER PROCEDURE dbo.GetServiceProblem
    @Tenant nvarchar(100),
    @Id     bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, Supplier, SupplierReference, Status, PreviousStatus, Created, Updated
    FROM dbo.ServiceProblems WHERE Id = @Id AND Tenant = @Tenant;
END
GO

-- @Problems is a JSON array of service problems (property names as in ServiceProblem.cs);
-- ids already present are left untouched. Returns how many were added.
CREATE OR ALTER PROCEDURE dbo.AddServiceProblems
    @Problems nvarchar(max)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    INSERT dbo.ServiceProblems (Id, Tenant, Supplier, SupplierReference, Status, PreviousStatus, Created, Updated)
    SELECT p.Id, p.Tenant, p.Supplier, p.SupplierReference, p.Status, p.PreviousStatus, p.Created, p.Updated
    FROM OPENJSON(@Problems) WITH (
        Id bigint '$.Id', Tenant nvarchar(100) '$.Tenant', Supplier nvarchar(100) '$.Supplier',
        SupplierReference nvarchar(25) '$.SupplierReference', Status varchar(30) '$.Status',
        PreviousStatus varchar(30) '$.PreviousStatus', Created datetimeoffset(7) '$.Created',
        Updated datetimeoffset(7) '$.Updated') AS p
    WHERE NOT EXISTS (SELECT 1 FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = p.Id);
    SELECT @@ROWCOUNT AS Added;
END
GO
