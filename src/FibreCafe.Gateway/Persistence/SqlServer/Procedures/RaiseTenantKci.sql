-- The next KCI of a problem for its tenant, numbered after the last one (the caller holds the
-- problem's update lock, so two numbers never collide), due at once.
CREATE OR ALTER PROCEDURE dbo.RaiseTenantKci
    @ServiceProblemId bigint,
    @ConversationId   varchar(100),
    @UpdateType       varchar(20),
    @InformationType  varchar(50),
    @Notes            nvarchar(max),
    @Error            nvarchar(max),
    @IssuedOn         datetimeoffset(7),
    @ReceivedOn       datetimeoffset(7),
    @Now              datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    INSERT dbo.TenantKcis (Id, Tenant, Supplier, ServiceProblemId, SequenceNumber, ConversationId, UpdateType, InformationType,
                           Notes, Error, IssuedOn, ReceivedOn, NextAttemptAt)
    SELECT CONVERT(varchar(36), NEWID()), p.Tenant, p.Supplier, p.Id,
           ISNULL((SELECT MAX(SequenceNumber) FROM dbo.TenantKcis WITH (UPDLOCK, HOLDLOCK) WHERE ServiceProblemId = p.Id), 0) + 1,
           @ConversationId, @UpdateType, @InformationType, @Notes, @Error, @IssuedOn, @ReceivedOn, @Now
    FROM dbo.ServiceProblems p WHERE p.Id = @ServiceProblemId;
END
GO
