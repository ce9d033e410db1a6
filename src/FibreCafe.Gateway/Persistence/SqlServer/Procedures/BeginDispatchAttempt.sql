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
