-- In the caller's transaction: the problem, update-locked to commit, so two decisions about one
-- problem never interleave (of twenty cancellations of one problem at once, exactly one is taken).
CREATE OR ALTER PROCEDURE dbo.ReadProblemForUpdate
    @Id bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, Supplier, SupplierReference, Status, PreviousStatus, Created, Updated, LastSupplierSequence
    FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id;
END
GO
