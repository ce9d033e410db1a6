-- KCIs both ways. Inbound (supplier → gateway) are kept by id so a repeat is applied once;
-- a service problem remembers the last supplier sequence number it applied, so an older KCI
-- arriving late is stored but never moves the state back.
CREATE TABLE supplier_kcis (
    id                 TEXT PRIMARY KEY,
    supplier           TEXT NOT NULL,
    service_problem_id INTEGER NOT NULL,
    sequence_number    INTEGER NOT NULL,
    reason_code        TEXT NOT NULL,
    text               TEXT NULL,
    issued_on          TEXT NOT NULL,
    received_on        TEXT NOT NULL,
    applied            INTEGER NOT NULL
);
CREATE INDEX ix_supplier_kcis_problem ON supplier_kcis (service_problem_id);

ALTER TABLE service_problems ADD COLUMN last_supplier_sequence INTEGER NOT NULL DEFAULT 0;

-- Outbound (gateway → tenant): the second outbox. Raised in the transaction that changes the
-- state; numbered per problem; delivered strictly in that order on a durable schedule.
CREATE TABLE tenant_kcis (
    id                 TEXT PRIMARY KEY,
    tenant             TEXT NOT NULL,
    supplier           TEXT NOT NULL,
    service_problem_id INTEGER NOT NULL REFERENCES service_problems (id),
    sequence_number    INTEGER NOT NULL,
    conversation_id    TEXT NOT NULL,
    update_type        TEXT NOT NULL,
    information_type   TEXT NOT NULL,
    notes              TEXT NULL,
    error              TEXT NULL,
    issued_on          TEXT NOT NULL,
    received_on        TEXT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at    TEXT NOT NULL,
    lease_owner        TEXT NULL,
    lease_expires      TEXT NULL,
    delivered_at       TEXT NULL,
    undeliverable_at   TEXT NULL,
    last_error         TEXT NULL,
    UNIQUE (service_problem_id, sequence_number)
);
CREATE INDEX ix_tenant_kcis_due ON tenant_kcis (next_attempt_at) WHERE delivered_at IS NULL AND undeliverable_at IS NULL;
