-- What a tenant asked a simulated supplier to do (X-Scenario, X-Kci-Delay). Kept with the outbox
-- row because sending is asynchronous; passed on only to suppliers configured as test suppliers.
ALTER TABLE outbox ADD COLUMN test_scenario TEXT NULL;
ALTER TABLE outbox ADD COLUMN test_kci_delay TEXT NULL;
