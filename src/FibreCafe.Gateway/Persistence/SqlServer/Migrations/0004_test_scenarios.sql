-- What a tenant asked a simulated supplier to do (X-Scenario, X-Kci-Delay). Kept with the outbox
-- row because sending is asynchronous; passed on only to suppliers configured as test suppliers.
ALTER TABLE dbo.Outbox ADD TestScenario varchar(50) NULL, TestKciDelay varchar(10) NULL;
GO
