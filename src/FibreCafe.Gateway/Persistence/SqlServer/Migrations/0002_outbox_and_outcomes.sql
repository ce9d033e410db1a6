-- The transactional outbox and the outcome of each cancellation (see the SQLite twin,
-- Persistence/Sqlite/Migrations/0002_outbox_and_outcomes.sql, for the same design).

CREATE TABLE dbo.Outbox
(
    Id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_Outbox PRIMARY KEY,
    CancellationId bigint            NOT NULL CONSTRAINT UQ_Outbox_CancellationId UNIQUE
                                     CONSTRAINT FK_Outbox_Cancellations REFERENCES dbo.Cancellations (Id),
    Supplier       nvarchar(100)     NOT NULL,
    RequestId      varchar(100)      NOT NULL,
    Attempts       bigint            NOT NULL CONSTRAINT DF_Outbox_Attempts DEFAULT 0,
    NextAttemptAt  datetimeoffset(7) NOT NULL,
    LeaseOwner     nvarchar(200)     NULL,
    LeaseExpires   datetimeoffset(7) NULL,
    Created        datetimeoffset(7) NOT NULL,
    DoneAt         datetimeoffset(7) NULL
);
-- Only rows still to send are indexed: the table keeps every sent row, the index stays small.
CREATE INDEX IX_Outbox_Due ON dbo.Outbox (NextAttemptAt) INCLUDE (LeaseExpires) WHERE DoneAt IS NULL;
GO

ALTER TABLE dbo.Cancellations ADD
    SupplierReference nvarchar(100)  NULL,
    ErrorCode         varchar(30)    NULL,
    Messages          nvarchar(max)  NULL;
GO

CREATE TABLE dbo.CancellationEvents
(
    Id             bigint IDENTITY(1, 1) NOT NULL CONSTRAINT PK_CancellationEvents PRIMARY KEY,
    CancellationId bigint            NOT NULL CONSTRAINT FK_CancellationEvents_Cancellations REFERENCES dbo.Cancellations (Id),
    Status         varchar(30)       NOT NULL,
    ErrorCode      varchar(30)       NULL,
    Messages       nvarchar(max)     NULL,
    At             datetimeoffset(7) NOT NULL
);
CREATE INDEX IX_CancellationEvents_CancellationId ON dbo.CancellationEvents (CancellationId);
GO
