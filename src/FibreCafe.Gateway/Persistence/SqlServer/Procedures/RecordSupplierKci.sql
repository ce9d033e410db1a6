-- Keeps a supplier's KCI by id (a repeat is then known), and whether it was applied.
CREATE OR ALTER PROCEDURE dbo.RecordSupplierKci
    @Id               varchar(36),
    @Supplier         nvarchar(100),
    @ServiceProblemId bigint,
    @SequenceNumber   bigint,
    @ReasonCode       varchar(50),
    @Text             nvarchar(1000),
    @IssuedOn         datetimeoffset(7),
    @Applied          bit,
    @Now              datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    INSERT dbo.SupplierKcis (Id, Supplier, ServiceProblemId, SequenceNumber, ReasonCode, [Text], IssuedOn, ReceivedOn, Applied)
    VALUES (@Id, @Supplier, @ServiceProblemId, @SequenceNumber, @ReasonCode, @Text, @IssuedOn, @Now, @Applied);
END
GO
