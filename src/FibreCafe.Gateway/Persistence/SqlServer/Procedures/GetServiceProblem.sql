CREATE OR ALTER PROCEDURE dbo.GetServiceProblem
    @Tenant nvarchar(100),
    @Id     bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT Id, Tenant, Supplier, SupplierReference, Status, PreviousStatus, Created, Updated, LastSupplierSequence
    FROM dbo.ServiceProblems WHERE Id = @Id AND Tenant = @Tenant;
END
GO
