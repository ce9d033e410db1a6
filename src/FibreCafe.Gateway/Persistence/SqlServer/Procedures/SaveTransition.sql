-- In the caller's transaction: writes what Lifecycle/CancellationLifecycle.cs decided, as given.
-- Each part is optional: a NULL @ProblemStatus leaves the problem's state, a NULL
-- @CancellationStatus the cancellation, a NULL @KciUpdateType raises no KCI.
CREATE OR ALTER PROCEDURE dbo.SaveTransition
    @ProblemId                     bigint,
    @SupplierSequence              bigint,
    @ProblemStatus                 varchar(30),
    @PreviousStatus                varchar(30),
    @SupplierReference             nvarchar(25),
    @CancellationId                bigint,
    @CancellationStatus            varchar(30),
    @ErrorCode                     varchar(30),
    @Messages                      nvarchar(max),
    @CancellationSupplierReference nvarchar(100),
    @EventMessages                 nvarchar(max),
    @ConversationId                varchar(100),
    @KciUpdateType                 varchar(20),
    @KciInformationType            varchar(50),
    @KciNotes                      nvarchar(max),
    @KciError                      nvarchar(max),
    @KciIssuedOn                   datetimeoffset(7),
    @KciReceivedOn                 datetimeoffset(7),
    @Now                           datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    IF @SupplierSequence IS NOT NULL
        UPDATE dbo.ServiceProblems SET LastSupplierSequence = @SupplierSequence WHERE Id = @ProblemId;
    IF @ProblemStatus IS NOT NULL
        UPDATE dbo.ServiceProblems
        SET Status = @ProblemStatus, PreviousStatus = @PreviousStatus, SupplierReference = @SupplierReference, Updated = @Now
        WHERE Id = @ProblemId;
    IF @CancellationStatus IS NOT NULL
    BEGIN
        UPDATE dbo.Cancellations
        SET Status = @CancellationStatus, ErrorCode = @ErrorCode, Messages = @Messages,
            SupplierReference = @CancellationSupplierReference, Updated = @Now
        WHERE Id = @CancellationId;
        INSERT dbo.CancellationEvents (CancellationId, Status, ErrorCode, Messages, At)
        VALUES (@CancellationId, @CancellationStatus, @ErrorCode, @EventMessages, @Now);
    END
    IF @KciUpdateType IS NOT NULL
        EXEC dbo.RaiseTenantKci @ProblemId, @ConversationId, @KciUpdateType, @KciInformationType, @KciNotes, @KciError, @KciIssuedOn, @KciReceivedOn, @Now;
END
GO
