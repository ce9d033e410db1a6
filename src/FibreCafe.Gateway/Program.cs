using FibreCafe.Gateway;
using FibreCafe.Gateway.Configuration;

if (GatewayCommands.TryPrintHelp(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();
var app = builder.Build();

try
{
    // Operator and QA commands (seed-problems, hash-secret) run against the configured database and exit.
    if (await GatewayCommands.TryRunAsync(app, args)) return;
    app.UseGateway();
    app.Run();
}
catch (Exception e) when (OptionsValidation.Describe(e) is { } refusal)
{
    // A setting is wrong: one line naming it, not a stack trace.
    Console.Error.WriteLine(refusal);
    Environment.ExitCode = 1;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
