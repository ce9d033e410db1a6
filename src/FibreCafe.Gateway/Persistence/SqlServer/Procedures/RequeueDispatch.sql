-- The cancellation's outbox row, due now with a fresh budget and a new retry window (an operator's resend).
CREATE OR ALTER PROCEDURE dbo.RequeueDispatch
    @CancellationId bigint,
    @Now            datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE dbo.Outbox SET DoneAt = NULL, Attempts = 0, NextAttemptAt = @Now, WindowStartedAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL
    WHERE CancellationId = @CancellationId;
END
GO
