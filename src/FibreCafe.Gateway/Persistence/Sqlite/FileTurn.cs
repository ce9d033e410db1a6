using System.Security.Cryptography;
using System.Text;

namespace FibreCafe.Gateway.Persistence.Sqlite;

/// <summary>
/// Whose turn it is to write one SQLite file, among the processes on this machine. Within a process
/// <see cref="SqliteWriter"/> already writes one batch at a time; between processes SQLite passes its
/// write lock through a busy handler that sleeps 1, 2, 5 … 100 ms between tries, so the second
/// gateway on a file slept while the first took the lock again and again (two processes: 1.56 of 2
/// cores busy, one answering 531 POSTs a second and the other 1,291). A named mutex wakes the
/// waiting process as soon as the holder lets go.
/// </summary>
internal sealed class FileTurn
{
    // After this, SQLite's own busy_timeout decides (a holder that hangs must not stop us for good).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Mutex? _mutex;

    private FileTurn(Mutex? mutex) => _mutex = mutex;

    /// <summary>The turn of the file at <paramref name="dataSource"/>; none for an in-memory database or where named mutexes are unavailable.</summary>
    public static FileTurn For(string dataSource)
    {
        if (dataSource is "" or ":memory:") return new FileTurn(null);
        var path = Path.GetFullPath(dataSource);
        var name = "fibrecafe-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32];
        try
        {
            // Every session of this user (a service and an operator's shell alike), and no other user:
            // anyone who could take it could make every write wait out the patience below.
            return new FileTurn(new Mutex(false, name, new NamedWaitHandleOptions { CurrentUserOnly = true, CurrentSessionOnly = false }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException or PlatformNotSupportedException)
        {
            return new FileTurn(null); // SQLite's busy handler alone still keeps writers apart, only more slowly
        }
    }

    /// <summary>Waits for this process's turn. The mutex belongs to the thread: dispose on the one that took it.</summary>
    public Held Take()
    {
        if (_mutex is null) return default;
        try
        {
            return _mutex.WaitOne(Patience) ? new Held(_mutex) : default;
        }
        catch (AbandonedMutexException)
        {
            return new Held(_mutex); // its holder died; SQLite's lock went with the process
        }
    }

    public readonly struct Held(Mutex? mutex) : IDisposable
    {
        public void Dispose() => mutex?.ReleaseMutex();
    }
}
