using System.Diagnostics;

namespace FibreCafe.Gateway.Tests.Errors;

/// <summary>The gateway's command line, run as an operator runs it: the real binary in its own process.</summary>
public sealed class CommandLine
{
    private static async Task<(int ExitCode, string Output, string Errors)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FibreCafe.Gateway.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // A gateway that wrongly starts must not hold a port others use, nor this test forever.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Simulator__Enabled"] = "false";
        start.Environment["Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", Guid.NewGuid().ToString("N"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); Assert.Fail($"{string.Join(' ', args)} did not exit: it started the gateway"); }
        return (process.ExitCode, await output, await errors);
    }

    [TestCase("--help")]
    [TestCase("help")]
    [TestCase("-h")]
    public async Task Help_prints_the_commands_and_exits_0(string flag)
    {
        var (exitCode, output, _) = await Run(flag);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.StartWith("usage:").And.Contain("migrate").And.Contain("resend --cancellation <id>").And.Contain("hash-secret <secret>"));
    }

    [Test]
    public async Task An_unknown_command_is_refused_with_the_usage_and_exit_code_2()
    {
        var (exitCode, _, errors) = await Run("frobnicate");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith("unknown command 'frobnicate'").And.Contain("usage:"));
    }
}
