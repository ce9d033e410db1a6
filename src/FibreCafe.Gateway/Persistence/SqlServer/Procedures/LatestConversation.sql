-- The X-Conversation-ID of the problem's latest cancellation, for a KCI that names none.
CREATE OR ALTER PROCEDURE dbo.LatestConversation
    @ServiceProblemId bigint
AS
BEGIN
    SET NOCOUNT ON;
    SELECT TOP (1) ConversationId FROM dbo.Cancellations WHERE ServiceProblemId = @ServiceProblemId ORDER BY Id DESC;
END
GO
