-- Every supplier a stored service problem names, for readiness.
CREATE OR ALTER PROCEDURE dbo.ListProblemSuppliers
AS
BEGIN
    SET NOCOUNT ON;
    SELECT DISTINCT Supplier FROM dbo.ServiceProblems ORDER BY Supplier;
END
GO
