-- In the caller's transaction: marks the outbox row done if @Owner still holds its lease, and
-- returns its cancellation and problem; no row when the lease was lost.
CREATE OR ALTER PROCEDURE dbo.CloseDispatch
    @OutboxId bigint,
    @Owner    nvarchar(200),
    @Now      datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Done TABLE (CancellationId bigint);
    UPDATE dbo.Outbox SET DoneAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL
    OUTPUT inserted.CancellationId INTO @Done
    WHERE Id = @OutboxId AND LeaseOwner = @Owner AND DoneAt IS NULL;
    SELECT d.CancellationId, c.ServiceProblemId
    FROM @Done d JOIN dbo.Cancellations c ON c.Id = d.CancellationId;
END
GO
