using FibreCafe.Gateway.Auth;
using FibreCafe.Gateway.Operations;
using FibreCafe.Gateway.Persistence;
using FibreCafe.Gateway.Seeding;

namespace FibreCafe.Gateway;

/// <summary>
/// Commands for operators and QA, given after <c>--</c> to <c>dotnet run</c>:
/// <c>migrate</c>, <c>failures</c>, <c>resend --cancellation &lt;id&gt;</c> or <c>resend --kci &lt;id&gt;</c>,
/// <c>seed-problems --tenant T --supplier S --from N --count N</c> and <c>hash-secret &lt;secret&gt;</c>.
/// </summary>
public static class GatewayCommands
{
    public const string Usage = """
        usage: dotnet run --project src/FibreCafe.Gateway [-- <command>] [--Section:Key value ...]

        With no command the gateway starts (Development: http://localhost:5080). Commands run against
        the configured database and exit:
          migrate                                   apply the schema migrations
          failures                                  list FAILED_TO_SEND cancellations and undeliverable KCIs
          resend --cancellation <id>                put a cancellation back in the outbox
          resend --kci <id>                         put an undeliverable KCI back on its schedule
          seed-problems --tenant T --supplier S --from N --count N
                                                    add acknowledged service problems (QA, load tests)
          hash-secret <secret>                      hash a client secret for Auth:DevelopmentIssuer:Clients
          help, --help, -h                          print this and exit
        """;

    /// <summary>Help is answered before the host is built: nothing is configured, opened or started.</summary>
    public static bool TryPrintHelp(string[] args)
    {
        var first = args.FirstOrDefault();
        if (first is "help" or "--help" or "-h" or "/?")
        {
            Console.WriteLine(Usage);
            return true;
        }
        // A bare word that is no command is a typo, not configuration (that is --Key value or Key=value).
        if (first is { Length: > 0 } && !first.StartsWith('-') && !first.Contains('=') && !Commands.Contains(first))
        {
            Console.Error.WriteLine($"unknown command '{first}'\n\n{Usage}");
            Environment.ExitCode = 2;
            return true;
        }
        return false;
    }

    private static readonly string[] Commands = ["migrate", "failures", "resend", "seed-problems", "hash-secret"];

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                await app.Services.GetRequiredService<IStoreSchema>().MigrateAsync(CancellationToken.None);
                Console.WriteLine("migrate: the database schema is up to date");
                return true;
            case "failures":
                await ListFailuresAsync(app.Services.GetRequiredService<IOperatorStore>());
                return true;
            case "resend":
                Environment.ExitCode = await ResendAsync(app.Services.GetRequiredService<IOperatorStore>(), app.Configuration);
                return true;
            case "seed-problems":
                await SeedProblemsAsync(app.Services, app.Configuration);
                return true;
            case "hash-secret" when args.Length == 2:
                Console.WriteLine(ClientSecretHash.Create(args[1]));
                return true;
            case "hash-secret":
                Console.Error.WriteLine("usage: hash-secret <secret>");
                Environment.ExitCode = 2;
                return true;
            default:
                return false;
        }
    }

    private static async Task ListFailuresAsync(IOperatorStore store)
    {
        var cancellations = await store.ListFailedCancellationsAsync(CancellationToken.None);
        Console.WriteLine($"FAILED_TO_SEND cancellations: {cancellations.Count}");
        foreach (var c in cancellations)
            Console.WriteLine($"  cancellation {c.Id}  tenant {c.Tenant}  problem {c.ServiceProblemId}  supplier {c.Supplier}  {c.ErrorCode}  {c.Updated:O}  {c.Messages}");
        var kcis = await store.ListUndeliverableKcisAsync(CancellationToken.None);
        Console.WriteLine($"Undeliverable KCIs: {kcis.Count}");
        foreach (var k in kcis)
            Console.WriteLine($"  kci {k.Id}  tenant {k.Tenant}  problem {k.ServiceProblemId} #{k.SequenceNumber}  {k.InformationType}  {k.UndeliverableAt:O}  {k.LastError}");
    }

    private static async Task<int> ResendAsync(IOperatorStore store, IConfiguration options)
    {
        var outcome = long.TryParse(options["cancellation"], out var id) ? await store.ResendCancellationAsync(id, CancellationToken.None)
            : options["kci"] is { Length: > 0 } kci ? await store.ResendKciAsync(kci, CancellationToken.None)
            : (ResendOutcome?)null;
        Console.WriteLine(outcome is null ? "usage: resend --cancellation <id> | resend --kci <id>" : $"resend: {outcome}");
        return outcome == ResendOutcome.Resent ? 0 : 2;
    }

    // The command-line configuration provider has already turned --tenant X into the key "tenant".
    private static async Task SeedProblemsAsync(IServiceProvider services, IConfiguration options)
    {
        var tenant = options["tenant"] ?? "TENANT1";
        var supplier = options["supplier"] ?? "SUPPLIER1";
        var from = long.Parse(options["from"] ?? "100000");
        var count = int.Parse(options["count"] ?? "1000");
        var store = services.GetRequiredService<IStoreSchema>();
        var clock = services.GetRequiredService<TimeProvider>();
        await store.MigrateAsync(CancellationToken.None);
        var added = 0;
        for (var start = from; start < from + count; start += 10_000)
        {
            var batch = (int)Math.Min(10_000, from + count - start);
            added += await store.AddServiceProblemsAsync(DemoData.AcknowledgedProblems(tenant, supplier, start, batch, clock.GetUtcNow()), CancellationToken.None);
        }
        Console.WriteLine($"seed-problems: {added} added, {count - added} already there ({tenant}, {supplier}, ids {from}..{from + count - 1})");
    }
}
