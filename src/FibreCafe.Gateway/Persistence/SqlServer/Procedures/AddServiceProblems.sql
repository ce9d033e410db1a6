-- @Problems is a JSON array of service problems (property names as in ServiceProblem.cs);
-- ids already present are left untouched. Returns how many were added.
CREATE OR ALTER PROCEDURE dbo.AddServiceProblems
    @Problems nvarchar(max)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    INSERT dbo.ServiceProblems (Id, Tenant, Supplier, SupplierReference, Status, PreviousStatus, Created, Updated)
    SELECT p.Id, p.Tenant, p.Supplier, p.SupplierReference, p.Status, p.PreviousStatus, p.Created, p.Updated
    FROM OPENJSON(@Problems) WITH (
        Id bigint '$.Id', Tenant nvarchar(100) '$.Tenant', Supplier nvarchar(100) '$.Supplier',
        SupplierReference nvarchar(25) '$.SupplierReference', Status varchar(30) '$.Status',
        PreviousStatus varchar(30) '$.PreviousStatus', Created datetimeoffset(7) '$.Created',
        Updated datetimeoffset(7) '$.Updated') AS p
    WHERE NOT EXISTS (SELECT 1 FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = p.Id);
    SELECT @@ROWCOUNT AS Added;
END
GO
