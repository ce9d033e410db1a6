-- 1,000,000 settled cancellations with everything a real history leaves behind (problem, key,
-- sent outbox row, events, a delivered KCI), for the "does it hold as tables grow" run.
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000000) INSERT INTO n SELECT i FROM c;
INSERT INTO service_problems (id, tenant, supplier, supplier_reference, status, previous_status, created, updated)
  SELECT 90000000 + i, 'TENANT1', 'SUPPLIER1', 'SK_BULK' || i, 'CANCELLED', 'ACKNOWLEDGED',
         '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z' FROM n;
INSERT INTO cancellations (tenant, service_problem_id, reason_code, text, status, request_id, conversation_id, fingerprint, created, updated)
  SELECT 'TENANT1', 90000000 + i, 'OTHER', 'bulk', 'COMPLETED', 'bulk-' || i, 'bulk',
         printf('%064d', i), '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:01.0000000Z' FROM n;
INSERT INTO idempotency_keys (tenant, request_id, fingerprint, cancellation_id, expires)
  SELECT tenant, request_id, fingerprint, id, '2099-01-01T00:00:00.0000000Z' FROM cancellations WHERE request_id LIKE 'bulk-%';
INSERT INTO outbox (cancellation_id, supplier, request_id, attempts, next_attempt_at, created, done_at)
  SELECT id, 'SUPPLIER1', 'bulk-dispatch-' || id, 1, created, created, updated FROM cancellations WHERE request_id LIKE 'bulk-%';
INSERT INTO cancellation_events (cancellation_id, status, at)
  SELECT id, 'COMPLETED', updated FROM cancellations WHERE request_id LIKE 'bulk-%';
INSERT INTO tenant_kcis (id, tenant, supplier, service_problem_id, sequence_number, conversation_id, update_type, information_type,
                         issued_on, attempts, next_attempt_at, delivered_at)
  SELECT 'bulk-kci-' || id, 'TENANT1', 'SUPPLIER1', service_problem_id, 1, 'bulk', 'INFORMATIONAL', 'CANCELLED',
         updated, 1, updated, updated FROM cancellations WHERE request_id LIKE 'bulk-%';
COMMIT;
ANALYZE;
