namespace FibreCafe.Gateway.Persistence;

public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary>Sqlite (embedded default) or SqlServer.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Folder for the embedded database and the development signing key; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Apply migrations when the gateway starts. Operators who do not let applications run DDL set
    /// this to false and run the <c>migrate</c> command with a privileged login instead.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Adds the demo service problems at start (Development).</summary>
    public bool SeedDemoData { get; set; }

    public const string SynchronousNormal = "NORMAL";
    public const string SynchronousFull = "FULL";

    /// <summary>
    /// SQLite's synchronous setting for the embedded store (WAL). NORMAL: a process crash loses
    /// nothing committed, a power loss may forget the last commits, 201s included. FULL: every
    /// answered write is on disk before its answer (one fsync per group commit); the outbox
    /// workers' own writes ride on the next one. See docs/reliability.md.
    /// </summary>
    public string Synchronous { get; set; } = SynchronousNormal;

    /// <summary>How long an X-Request-ID is remembered as an idempotency key.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);
}
