-- KCIs both ways (see the SQLite twin, Persistence/Sqlite/Migrations/0003_kcis.sql).

CREATE TABLE dbo.SupplierKcis
(
    Id               varchar(36)       NOT NULL CONSTRAINT PK_SupplierKcis PRIMARY KEY,
    Supplier         nvarchar(100)     NOT NULL,
    ServiceProblemId bigint            NOT NULL,
    SequenceNumber   bigint            NOT NULL,
    ReasonCode       varchar(50)       NOT NULL,
    [Text]           nvarchar(1000)    NULL,
    IssuedOn         datetimeoffset(7) NOT NULL,
    ReceivedOn       datetimeoffset(7) NOT NULL,
    Applied          bit               NOT NULL
);
CREATE INDEX IX_SupplierKcis_ServiceProblemId ON dbo.SupplierKcis (ServiceProblemId);
GO

ALTER TABLE dbo.ServiceProblems ADD LastSupplierSequence bigint NOT NULL CONSTRAINT DF_ServiceProblems_LastSupplierSequence DEFAULT 0;
GO

CREATE TABLE dbo.TenantKcis
(
    Id               varchar(36)       NOT NULL CONSTRAINT PK_TenantKcis PRIMARY KEY NONCLUSTERED,
    Position         bigint IDENTITY(1, 1) NOT NULL,
    Tenant           nvarchar(100)     NOT NULL,
    Supplier         nvarchar(100)     NOT NULL,
    ServiceProblemId bigint            NOT NULL CONSTRAINT FK_TenantKcis_ServiceProblems REFERENCES dbo.ServiceProblems (Id),
    SequenceNumber   bigint            NOT NULL,
    ConversationId   varchar(100)      NOT NULL,
    UpdateType       varchar(20)       NOT NULL,
    InformationType  varchar(50)       NOT NULL,
    Notes            nvarchar(max)     NULL,
    Error            nvarchar(max)     NULL,
    IssuedOn         datetimeoffset(7) NOT NULL,
    ReceivedOn       datetimeoffset(7) NULL,
    Attempts         bigint            NOT NULL CONSTRAINT DF_TenantKcis_Attempts DEFAULT 0,
    NextAttemptAt    datetimeoffset(7) NOT NULL,
    LeaseOwner       nvarchar(200)     NULL,
    LeaseExpires     datetimeoffset(7) NULL,
    DeliveredAt      datetimeoffset(7) NULL,
    UndeliverableAt  datetimeoffset(7) NULL,
    LastError        nvarchar(max)     NULL,
    CONSTRAINT UQ_TenantKcis_Problem_Sequence UNIQUE (ServiceProblemId, SequenceNumber)
);
CREATE CLUSTERED INDEX CX_TenantKcis_Position ON dbo.TenantKcis (Position);
CREATE INDEX IX_TenantKcis_Due ON dbo.TenantKcis (NextAttemptAt) INCLUDE (ServiceProblemId, SequenceNumber, LeaseExpires)
    WHERE DeliveredAt IS NULL AND UndeliverableAt IS NULL;
GO
