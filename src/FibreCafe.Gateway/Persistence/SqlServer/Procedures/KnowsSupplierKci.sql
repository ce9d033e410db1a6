-- In the caller's transaction: whether this KCI id was received before. HOLDLOCK locks the key
-- even when absent, so the same KCI sent twice at once is applied once.
CREATE OR ALTER PROCEDURE dbo.KnowsSupplierKci
    @Id varchar(36)
AS
BEGIN
    SET NOCOUNT ON;
    SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM dbo.SupplierKcis WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id) THEN 1 ELSE 0 END AS bit) AS Known;
END
GO
