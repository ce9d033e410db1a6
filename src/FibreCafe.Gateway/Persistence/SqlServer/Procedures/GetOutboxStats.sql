-- For the metrics: how much of each outbox is waiting, and since when.
CREATE OR ALTER PROCEDURE dbo.GetOutboxStats
    @Now datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SELECT (SELECT COUNT(*) FROM dbo.Outbox WHERE DoneAt IS NULL) AS CancellationBacklog,
           ISNULL((SELECT DATEDIFF_BIG(millisecond, MIN(Created), @Now) / 1000.0 FROM dbo.Outbox WHERE DoneAt IS NULL), 0) AS OldestCancellationSeconds,
           (SELECT COUNT(*) FROM dbo.TenantKcis WHERE DeliveredAt IS NULL AND UndeliverableAt IS NULL) AS KciBacklog,
           ISNULL((SELECT DATEDIFF_BIG(millisecond, MIN(IssuedOn), @Now) / 1000.0 FROM dbo.TenantKcis
                   WHERE DeliveredAt IS NULL AND UndeliverableAt IS NULL), 0) AS OldestKciSeconds;
END
GO
