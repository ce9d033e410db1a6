-- The transactional outbox: one row per cancellation to send to its supplier, written in the
-- transaction that creates the cancellation. A dispatcher claims due rows with a lease
-- (owner + expiry); attempts survive claims and restarts so the retry budget holds.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    cancellation_id INTEGER NOT NULL UNIQUE REFERENCES cancellations (id),
    supplier        TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_owner     TEXT NULL,
    lease_expires   TEXT NULL,
    created         TEXT NOT NULL,
    done_at         TEXT NULL
);
CREATE INDEX ix_outbox_due ON outbox (next_attempt_at) WHERE done_at IS NULL;

-- The outcome of a cancellation, kept on the row for reads...
ALTER TABLE cancellations ADD COLUMN supplier_reference TEXT NULL;
ALTER TABLE cancellations ADD COLUMN error_code TEXT NULL;
ALTER TABLE cancellations ADD COLUMN messages TEXT NULL;

-- ...and every change of state with its time and reason, for KCIs and operators.
CREATE TABLE cancellation_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    cancellation_id INTEGER NOT NULL REFERENCES cancellations (id),
    status          TEXT NOT NULL,
    error_code      TEXT NULL,
    messages        TEXT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX ix_cancellation_events_cancellation ON cancellation_events (cancellation_id);
