-- When the row's retry window started: its creation (NULL here) or an operator's resend. With
-- NextAttemptAt and Attempts it is the whole retry state, so a restart carries on the window.
ALTER TABLE dbo.Outbox ADD WindowStartedAt datetimeoffset(7) NULL;
GO
