using System.Text.RegularExpressions;

namespace FibreCafe.Gateway.Tests.Build;

/// <summary>The README tells a developer what happens when the spec changes, and names things that exist.</summary>
public sealed class DeveloperDocs
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "openapi"))) return dir.FullName;
        throw new DirectoryNotFoundException("the repository root above " + AppContext.BaseDirectory);
    }

    [Test]
    public void The_README_says_what_regenerates_what_breaks_and_what_follows_when_the_spec_changes_naming_real_files()
    {
        var root = Root();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("## Changing the spec", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "a 'Changing the spec' section");
        var section = readme[start..readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal)];

        Assert.That(section, Does.Contain("What regenerates").And.Contain("What breaks the build").And.Contain("What follows by itself"));
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/.git/")).Select(f => f[(root.Length + 1)..]).ToList();
        foreach (var named in Regex.Matches(section, "`([A-Za-z]+/[A-Za-z/.]+)`").Select(m => m.Groups[1].Value).Where(n => !n.EndsWith('/')))
            Assert.That(files.Any(f => f.EndsWith(named) || f.EndsWith(named + ".cs")), Is.True, $"the README names {named}");
    }
}
