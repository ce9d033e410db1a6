-- When the row's retry window started: its creation (NULL here) or an operator's resend. With
-- next_attempt_at and attempts it is the whole retry state, so a restart carries on the window.
ALTER TABLE outbox ADD COLUMN window_started_at TEXT NULL;
