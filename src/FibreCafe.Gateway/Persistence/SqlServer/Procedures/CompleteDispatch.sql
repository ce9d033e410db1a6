-- Stores the supplier's answer and moves the problem: COMPLETED cancels it, REJECTED and
-- FAILED_TO_SEND put it back where it was, PENDING leaves it PENDING_CANCELLATION. Only a
-- cancellation still RECEIVED_BY_GATEWAY takes the answer (a supplier KCI may have settled it
-- first), and the tenant's KCI is raised in the same transaction. Returns 1, or 0 when the lease
-- was lost (someone else owns the outcome).
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
