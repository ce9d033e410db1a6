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
