-- Puts a FAILED_TO_SEND cancellation back in the outbox with a fresh budget, if its problem can
-- still take a cancellation (the rules of CreateCancellation). Returns the outcome:
-- Resent, NotFound, NotFailed or ProblemMovedOn.
CREATE OR ALTER PROCEDURE dbo.ResendCancellation
    @Id  bigint,
    @Now datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Outcome varchar(20), @CancellationStatus varchar(30), @ProblemId bigint, @Tenant nvarchar(100),
            @Owner nvarchar(100), @Status varchar(30), @Reference nvarchar(25);

    BEGIN TRANSACTION;
    SELECT @CancellationStatus = Status, @ProblemId = ServiceProblemId, @Tenant = Tenant
    FROM dbo.Cancellations WITH (UPDLOCK) WHERE Id = @Id;
    SELECT @Owner = Tenant, @Status = Status, @Reference = SupplierReference
    FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = @ProblemId;

    SET @Outcome = CASE
        WHEN @CancellationStatus IS NULL THEN 'NotFound'
        WHEN @CancellationStatus <> 'FAILED_TO_SEND' THEN 'NotFailed'
        WHEN @Owner IS NULL OR @Owner <> @Tenant
             OR @Status IN ('FAILED_TO_SEND', 'REJECTED', 'CANCELLED', 'RESOLVED', 'COMPLETED', 'PENDING_CANCELLATION')
             OR @Reference IS NULL OR @Reference = N'' THEN 'ProblemMovedOn'
        ELSE 'Resent'
    END;

    IF @Outcome = 'Resent'
    BEGIN
        UPDATE dbo.ServiceProblems SET PreviousStatus = Status, Status = 'PENDING_CANCELLATION', Updated = @Now WHERE Id = @ProblemId;
        UPDATE dbo.Cancellations SET Status = 'RECEIVED_BY_GATEWAY', ErrorCode = NULL, Messages = NULL, Updated = @Now WHERE Id = @Id;
        INSERT dbo.CancellationEvents (CancellationId, Status, Messages, At) VALUES (@Id, 'RECEIVED_BY_GATEWAY', N'["resent by an operator"]', @Now);
        UPDATE dbo.Outbox SET DoneAt = NULL, Attempts = 0, NextAttemptAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL WHERE CancellationId = @Id;
    END
    COMMIT TRANSACTION;
    SELECT @Outcome AS Outcome;
END
GO
