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
