using DotNet.Testcontainers.Builders;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Persistence.Sqlite;
using FibreCafe.Gateway.Persistence.SqlServer;
using Microsoft.Extensions.Logging.Abstractions;
using Testcontainers.MsSql;

namespace FibreCafe.Gateway.Tests.Persistence;

/// <summary>The contract on a SQLite file of its own, with the given synchronous setting.</summary>
public abstract class SqliteFileStoreContract : GatewayStoreContract
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", $"store-{Guid.NewGuid():N}.db");

    protected abstract string Synchronous { get; }

    protected override Task<IGatewayStore> CreateStore(TimeProvider clock)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        return Task.FromResult<IGatewayStore>(new SqliteGatewayStore($"Data Source={_file}", clock, Synchronous));
    }

    [OneTimeTearDown]
    public void Remove()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(_file)!, Path.GetFileName(_file) + "*")) File.Delete(f);
    }
}

public sealed class SqliteStoreContract : SqliteFileStoreContract
{
    protected override string Synchronous => StorageOptions.SynchronousNormal;
}

/// <summary>
/// The same contract with synchronous=FULL, where the writer switches to NORMAL for batches of outbox
/// workers' writes alone and back to FULL for any batch with an answered write in it.
/// </summary>
public sealed class SqliteFullStoreContract : SqliteFileStoreContract
{
    protected override string Synchronous => StorageOptions.SynchronousFull;
}

/// <summary>
/// FIBRECAFE_SQLSERVER (a connection string) if set, else a Testcontainers SQL Server when a
/// Docker engine answers, else every case is skipped with the reason.
/// </summary>
public sealed class SqlServerStoreContract : GatewayStoreContract
{
    public const string Variable = "FIBRECAFE_SQLSERVER";
    // Made in the base class's [OneTimeSetUp], so it is disposed in [OneTimeTearDown]; the analyzer cannot see that far.
#pragma warning disable NUnit1032
    private MsSqlContainer? _container;
#pragma warning restore NUnit1032

    protected override async Task<IGatewayStore> CreateStore(TimeProvider clock)
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
                await _container.StartAsync();
                connectionString = _container.GetConnectionString();
            }
            catch (Exception e) when (e is DockerUnavailableException || e.GetType().Name.Contains("Docker"))
            {
                Assert.Ignore($"no SQL Server: set {Variable} or start Docker ({e.GetType().Name})");
            }
        }
        return new SqlServerGatewayStore(connectionString!, clock, SqlServerResilience.Pipeline(), NullLogger.Instance);
    }

    [OneTimeTearDown]
    public async Task StopContainer()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
