-- Service problems, the cancellations tenants ask for, and the idempotency keys that make
-- a repeated request safe. Times are ISO-8601 UTC text, so they sort as text.
CREATE TABLE service_problems (
    id                 INTEGER PRIMARY KEY,
    tenant             TEXT NOT NULL,
    supplier           TEXT NOT NULL,
    supplier_reference TEXT NULL,
    status             TEXT NOT NULL,
    previous_status    TEXT NULL,
    created            TEXT NOT NULL,
    updated            TEXT NOT NULL
);

-- AUTOINCREMENT: an id is never handed out twice, even after the newest row is deleted.
CREATE TABLE cancellations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant             TEXT NOT NULL,
    service_problem_id INTEGER NOT NULL REFERENCES service_problems (id),
    reason_code        TEXT NOT NULL,
    text               TEXT NULL,
    status             TEXT NOT NULL,
    request_id         TEXT NOT NULL,
    conversation_id    TEXT NOT NULL,
    fingerprint        TEXT NOT NULL,
    created            TEXT NOT NULL,
    updated            TEXT NOT NULL
);
CREATE INDEX ix_cancellations_tenant_request ON cancellations (tenant, request_id);
CREATE INDEX ix_cancellations_service_problem ON cancellations (service_problem_id);

CREATE TABLE idempotency_keys (
    tenant          TEXT NOT NULL,
    request_id      TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    cancellation_id INTEGER NOT NULL REFERENCES cancellations (id),
    expires         TEXT NOT NULL,
    PRIMARY KEY (tenant, request_id)
) WITHOUT ROWID;
