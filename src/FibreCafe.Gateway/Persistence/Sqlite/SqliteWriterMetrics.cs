using System.Diagnostics.Metrics;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// How the embedded store's writes are shared out, at /metrics: how many writes each commit carries
/// (group commit at work) and how long a batch waited for the file's turn behind another process on the
/// same file (the cost a second gateway on one file brings). Static, as the writer is: one writer per
/// file in a process, whichever host asked for it.
/// </summary>
internal static class SqliteWriterMetrics
{
    public const string MeterName = "FibreCafe.Gateway.Sqlite";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<int> WritesPerCommit = Meter.CreateHistogram(
        "fibrecafe.sqlite.commit.writes", "{write}", "Writes committed together in one SQLite transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    public static readonly Histogram<double> TurnWait = Meter.CreateHistogram(
        "fibrecafe.sqlite.turn.wait", "s", "Time a batch of writes waited for its turn at the file (at most 10 s; then SQLite's own busy handler waits)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
}
