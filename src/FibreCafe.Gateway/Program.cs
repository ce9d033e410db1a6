using FibreCafe.Gateway;
using FibreCafe.Gateway.Configuration;

if (GatewayCommands.TryPrintHelp(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();
var app = builder.Build();

// Operator and QA commands (seed-problems, hash-secret) run against the configured database and exit.
if (await GatewayCommands.TryRunAsync(app, args)) return;

app.UseGateway();
try
{
    app.Run();
}
catch (Exception e) when (OptionsValidation.Describe(e) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    Environment.ExitCode = 1;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
