-- In the caller's transaction: forgets the key if it expired, then reads it with an update lock
-- held to commit (HOLDLOCK also locks the gap when there is none, so two requests with one key
-- are serialised: of ten at once, exactly one creates).
CREATE OR ALTER PROCEDURE dbo.ReadIdempotencyKey
    @Tenant    nvarchar(100),
    @RequestId varchar(100),
    @Now       datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    DELETE FROM dbo.IdempotencyKeys WHERE Tenant = @Tenant AND RequestId = @RequestId AND Expires <= @Now;
    SELECT Fingerprint, CancellationId
    FROM dbo.IdempotencyKeys WITH (UPDLOCK, HOLDLOCK)
    WHERE Tenant = @Tenant AND RequestId = @RequestId;
END
GO
