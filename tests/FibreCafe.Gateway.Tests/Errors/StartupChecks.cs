using System.Diagnostics;
using FibreCafe.Gateway.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibreCafe.Gateway.Tests.Errors;

/// <summary>
/// Settings are checked when the gateway starts: a wrong one stops it with a message naming the
/// key, before it takes a request or reports itself healthy.
/// </summary>
public sealed class StartupChecks
{
    /// <summary>
    /// The gateway's own composition (AddGateway) with these settings, and the check its host runs
    /// at start (ValidateOnStart); the failures, joined. Built without starting, so nothing listens.
    /// </summary>
    private static string RefusalOf(Dictionary<string, string?> settings, string environment = "Development")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", Guid.NewGuid().ToString("N")),
            ["Simulator:Enabled"] = "false",
        }.Concat(settings));
        builder.AddGateway();
        using var app = builder.Build();
        var thrown = Assert.Catch(() => app.Services.GetRequiredService<IStartupValidator>().Validate());
        return OptionsValidation.Describe(thrown) ?? throw new AssertionException($"not a settings failure: {thrown}");
    }

    [Test]
    public void Development_as_shipped_passes_every_check()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.AddGateway();
        using var app = builder.Build();

        Assert.DoesNotThrow(() => app.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public void A_lease_shorter_than_one_attempt_stops_the_start()
    {
        // Development's SUPPLIER1: calls of 5 s, one reconnect after 100 ms: an attempt lasts at most 10.1 s.
        var refusal = RefusalOf(new() { ["Dispatch:LeaseDuration"] = "00:00:08" });

        Assert.That(refusal, Does.Contain("Dispatch:LeaseDuration (00:00:08) must exceed one attempt to SUPPLIER1 (twice Suppliers:SUPPLIER1:Resilience:AttemptTimeout plus ReconnectDelay: 00:00:10.1000000)"));
    }

    [Test]
    public void A_supplier_timeout_raised_past_the_lease_stops_the_start_too()
    {
        var refusal = RefusalOf(new() { ["Suppliers:SUPPLIER1:Resilience:AttemptTimeout"] = "00:01:00" });

        Assert.That(refusal, Does.Contain("must exceed one attempt to SUPPLIER1 (twice Suppliers:SUPPLIER1:Resilience:AttemptTimeout plus ReconnectDelay: 00:02:00.1000000)"));
    }

    [TestCase("Auth:SigningKeys:0", "not a key", "Auth:SigningKeys:0 is not a PEM RSA public key")]
    [TestCase("Auth:Authority", "login.example", "Auth:Authority 'login.example' must be an absolute http(s) URL")]
    [TestCase("Auth:Audience", "", "Auth:Audience is required")]
    [TestCase("Storage:Provider", "SqlServer", "Storage:Provider is SqlServer: set ConnectionStrings:Gateway")]
    [TestCase("Storage:IdempotencyKeyRetention", "-00:00:01", "Storage:IdempotencyKeyRetention (-00:00:01) must not be negative")]
    [TestCase("Suppliers:SUPPLIER1:BaseUrl", "localhost:5081", "Suppliers:SUPPLIER1:BaseUrl 'localhost:5081' must be an absolute http(s) URL")]
    [TestCase("Dispatch:MaxConcurrency", "0", "Dispatch:MaxConcurrency (0) must be at least 1")]
    public void A_wrong_setting_stops_the_start_naming_the_key(string key, string value, string message)
    {
        Assert.That(RefusalOf(new() { [key] = value }), Does.Contain(message));
    }

    [Test]
    public void Outside_Development_without_a_way_to_validate_tokens_or_a_supplier_the_gateway_does_not_start()
    {
        var refusal = RefusalOf(new(), environment: "Production");

        Assert.That(refusal, Does.Contain("Auth: no way to validate tokens in Production"));
        Assert.That(refusal, Does.Contain("Dispatch is enabled but no supplier is configured"));
    }

    [Test]
    public async Task The_real_binary_refuses_with_one_clear_line_and_a_non_zero_exit()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FibreCafe.Gateway.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Dispatch__Enabled"] = "false";
        start.Environment["Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", Guid.NewGuid().ToString("N"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); Assert.Fail("the gateway started without a way to validate tokens"); }

        var lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(process.ExitCode, Is.EqualTo(1));
        Assert.That(lines, Has.Length.EqualTo(1), await errors);
        Assert.That(lines[0], Does.StartWith("the gateway cannot start: Auth: no way to validate tokens in Production: set Auth:Authority"));
        Assert.That(await output, Does.Not.Contain("   at "), "no stack trace");
    }
}
