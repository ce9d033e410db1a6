using System.Text.RegularExpressions;
using FibreCafe.SupplierSimulator;

namespace FibreCafe.Gateway.Tests.Simulation;

/// <summary>
/// The commands of docs/qa.md, read from the file itself so the guide and the tests cannot drift:
/// each section's bash blocks, one command per line (a trailing backslash continues it), with
/// the guide's fixed ports, URLs and folders replaced by the test's own.
/// </summary>
public static partial class GuideCommands
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FibreCafe.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("no FibreCafe.sln above " + AppContext.BaseDirectory);
        }
    }

    private static string Section(string heading)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "docs", "qa.md"));
        var start = text.IndexOf("\n## " + heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"docs/qa.md has a section '{heading}'");
        var end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static IEnumerable<string> Blocks(string heading, string language) =>
        Block().Matches(Section(heading)).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value);

    public static IReadOnlyList<string> Commands(string heading) =>
        [.. Blocks(heading, "bash").SelectMany(b => b.Replace("\\\n", " ").Split('\n'))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    public static IReadOnlyList<string> Json(string heading) => [.. Blocks(heading, "json")];

    [GeneratedRegex(@"```(\w+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}

/// <summary>The guide's fixed values and what a test uses instead (free ports, temporary folders).</summary>
public sealed class Substitutions : Dictionary<string, string>
{
    public string Apply(string command) =>
        this.OrderByDescending(p => p.Key.Length).Aggregate(command, (text, p) => text.Replace(p.Key, p.Value));
}

/// <summary>One guide command, split into what it sets and what it runs.</summary>
public sealed record GuideCommand(Dictionary<string, string?> Settings, string[] Words)
{
    public static GuideCommand Parse(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var env = words.TakeWhile(w => w.Contains('=') && !w.StartsWith('-')).ToList();
        return new GuideCommand(env.ToDictionary(e => e[..e.IndexOf('=')].Replace("__", ":"), e => (string?)e[(e.IndexOf('=') + 1)..]), [.. words.Skip(env.Count)]);
    }

    public bool Runs(string project) => string.Join(' ', Words).StartsWith($"dotnet run --project {project}", StringComparison.Ordinal);

    /// <summary>What follows "--": the program's own arguments.</summary>
    public string[] ProgramArgs => [.. Words.SkipWhile(w => w != "--").Skip(1)];
}

/// <summary>The simulator command run in this process, as `dotnet run` would run it, until disposed.</summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private Task<int> _run = null!;

    public string Url { get; private set; } = "";
    public string Output => _output.ToString();

    public static async Task<RunningSimulator> Start(GuideCommand command)
    {
        Assert.That(command.Runs("src/FibreCafe.SupplierSimulator"), Is.True, string.Join(' ', command.Words));
        var running = new RunningSimulator();
        var started = new TaskCompletionSource<string>();
        var output = TextWriter.Synchronized(running._output);
        running._run = SimulatorProgram.RunAsync(command.ProgramArgs, output, output, running._stop.Token, started: url => started.TrySetResult(url));
        if (await Task.WhenAny(started.Task, running._run) == running._run)
            Assert.Fail($"the simulator exited with {running._run.Result}: {running.Output}");
        running.Url = started.Task.Result;
        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Assert.That(await _run, Is.Zero, Output);
    }
}
