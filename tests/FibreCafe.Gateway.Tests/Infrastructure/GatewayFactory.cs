using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway on Kestrel (loopback, a free port) with its own data folder: a real SQLite
/// file and a real signing key. Every log line is kept so tests can read what an operator would.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsData;
    private readonly string _environment;
    private readonly TimeProvider? _clock;

    /// <param name="dataDirectory">Another host's folder, to run two gateways on one database; left in place on dispose.</param>
    /// <param name="port">A free port chosen beforehand, when others must know the gateway's address first; 0 lets Kestrel pick.</param>
    /// <param name="environment">Development unless a test is about another environment's rules.</param>
    /// <param name="clock">Replaces the gateway's TimeProvider (a FakeTimeProvider moves only when a test moves it).</param>
    public GatewayFactory(Dictionary<string, string?>? settings = null, string? dataDirectory = null, int port = 0, string environment = "Development",
        TimeProvider? clock = null)
    {
        _environment = environment;
        _clock = clock;
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "fibrecafe-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        // Each test brings its own stand-ins on free ports. Nothing of appsettings.Development.json's
        // fixed ports is kept: a developer's running dev gateway or simulator must never hear from a test.
        // SUPPLIER1 stays configured (start-up checks want a supplier) at port 1, where nothing listens.
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory, ["Simulator:Enabled"] = "false",
            ["Suppliers:SUPPLIER1:BaseUrl"] = "http://127.0.0.1:1/", ["Suppliers:SUPPLIER1:TokenUrl"] = "", ["Tenants:TENANT1:KciUrl"] = "",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(port);
    }

    public string DataDirectory { get; }

    /// <summary>Every setting this host runs with, for a gateway process that must run as it does.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Leave the data folder when disposed, for a next host to start on the same database.</summary>
    public bool KeepData { get; set; }
    public string DatabasePath => Path.Combine(DataDirectory, "gateway.db");
    public ConcurrentQueue<string> LogLines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(LogLines)));
        if (_clock is { } clock) builder.ConfigureServices(services => services.AddSingleton(clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_ownsData || KeepData) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Each line: level, message, exception, then the key-values of the scopes it was written in.</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, lines);
    public void SetScopeProvider(IExternalScopeProvider scopes) => _scopes = scopes;
    public void Dispose() { }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scoped = new List<string>();
            provider._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> values) list.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            }, scoped);
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}" +
                (scoped.Count == 0 ? "" : " {" + string.Join(", ", scoped) + "}"));
        }
    }
}
