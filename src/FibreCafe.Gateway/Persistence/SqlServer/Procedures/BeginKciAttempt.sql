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
