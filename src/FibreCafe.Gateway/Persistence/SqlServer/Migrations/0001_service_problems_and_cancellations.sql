-- Service problems, the cancellations tenants ask for, and the idempotency keys that make a
-- repeated request safe. Applied once by DbUp (journal: dbo.SchemaVersions).

-- Cancellation ids come from a SEQUENCE rather than IDENTITY: the procedure takes the id
-- before the INSERT (NEXT VALUE FOR), the same sequence can number other request types later,
-- and every gateway instance sharing this database draws from the one counter, so ids are
-- unique across instances. CACHE 50 keeps 50 values in memory to spare a log write per id;
-- an unclean shutdown of SQL Server loses the unused cached values, so ids may jump by up to
-- 50 after a restart. Ids are unique and increasing, never promised to be gap-free.
CREATE SEQUENCE dbo.CancellationIds AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 CACHE 50;
GO

CREATE TABLE dbo.ServiceProblems
(
    Id                bigint            NOT NULL CONSTRAINT PK_ServiceProblems PRIMARY KEY,
    Tenant            nvarchar(100)     NOT NULL,
    Supplier          nvarchar(100)     NOT NULL,
    SupplierReference nvarchar(25)      NULL,
    Status            varchar(30)       NOT NULL,
    PreviousStatus    varchar(30)       NULL,
    Created           datetimeoffset(7) NOT NULL,
    Updated           datetimeoffset(7) NOT NULL
);
GO

CREATE TABLE dbo.Cancellations
(
    Id               bigint            NOT NULL CONSTRAINT PK_Cancellations PRIMARY KEY,
    Tenant           nvarchar(100)     NOT NULL,
    ServiceProblemId bigint            NOT NULL CONSTRAINT FK_Cancellations_ServiceProblems REFERENCES dbo.ServiceProblems (Id),
    ReasonCode       varchar(50)       NOT NULL,
    [Text]           nvarchar(1000)    NULL,
    Status           varchar(30)       NOT NULL,
    RequestId        varchar(100)      NOT NULL,
    ConversationId   varchar(100)      NOT NULL,
    Fingerprint      char(64)          NOT NULL,
    Created          datetimeoffset(7) NOT NULL,
    Updated          datetimeoffset(7) NOT NULL
);
CREATE INDEX IX_Cancellations_Tenant_RequestId ON dbo.Cancellations (Tenant, RequestId);
CREATE INDEX IX_Cancellations_ServiceProblemId ON dbo.Cancellations (ServiceProblemId);
GO

CREATE TABLE dbo.IdempotencyKeys
(
    Tenant         nvarchar(100)     NOT NULL,
    RequestId      varchar(100)      NOT NULL,
    Fingerprint    char(64)          NOT NULL,
    CancellationId bigint            NOT NULL CONSTRAINT FK_IdempotencyKeys_Cancellations REFERENCES dbo.Cancellations (Id),
    Expires        datetimeoffset(7) NOT NULL,
    CONSTRAINT PK_IdempotencyKeys PRIMARY KEY (Tenant, RequestId)
);
GO
