-- Puts an undeliverable tenant KCI back on its schedule from the start.
-- Returns Resent, NotFound or NotFailed.
CREATE OR ALTER PROCEDURE dbo.ResendKci
    @KciId varchar(36),
    @Now   datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Found bit = 0, @Undeliverable datetimeoffset(7);
    SELECT @Found = 1, @Undeliverable = UndeliverableAt FROM dbo.TenantKcis WITH (UPDLOCK) WHERE Id = @KciId;
    IF @Found = 1 AND @Undeliverable IS NOT NULL
        UPDATE dbo.TenantKcis SET UndeliverableAt = NULL, Attempts = 0, NextAttemptAt = @Now, LeaseOwner = NULL, LeaseExpires = NULL
        WHERE Id = @KciId;
    SELECT CASE WHEN @Found = 0 THEN 'NotFound' WHEN @Undeliverable IS NULL THEN 'NotFailed' ELSE 'Resent' END AS Outcome;
END
GO
