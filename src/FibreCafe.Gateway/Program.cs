using FibreCafe.Gateway;

if (GatewayCommands.TryPrintHelp(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();
var app = builder.Build();

// Operator and QA commands (seed-problems, hash-secret) run against the configured database and exit.
if (await GatewayCommands.TryRunAsync(app, args)) return;

app.UseGateway();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
