using System.Diagnostics;

namespace FibreCafe.Gateway.Tests.Build;

/// <summary>
/// The real Contracts/OpenApiCodegen.targets, run by real MSBuild on a one-spec project in a temp
/// folder, with a stand-in for NSwag that records each run: code is generated again when the
/// spec's content changes, and only then.
/// </summary>
public sealed class SpecCodegen
{
    private string _folder = "";

    [SetUp]
    public void CreateProject()
    {
        _folder = Path.Combine(Path.GetTempPath(), "fibrecafe-tests", "codegen-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "api.yaml"), "openapi: 3.0.3\n");
        // Writes the output NSwag would, only when it differs (as NSwag does), and counts the runs.
        File.WriteAllText(Path.Combine(_folder, "fake-nswag.sh"), """
            #!/bin/sh
            echo run >> "$(dirname "$0")/runs.log"
            for arg in "$@"; do case "$arg" in /output:*) out="${arg#/output:}";; esac; done
            [ -f "$out" ] || echo "// generated" > "$out"
            """.Replace("\n            ", "\n").TrimStart());
        File.WriteAllText(Path.Combine(_folder, "probe.proj"), $"""
            <Project>
              <PropertyGroup>
                <BaseIntermediateOutputPath>obj/</BaseIntermediateOutputPath>
                <NSwagExe_Net100>sh "{Path.Combine(_folder, "fake-nswag.sh")}"</NSwagExe_Net100>
              </PropertyGroup>
              <ItemGroup>
                <OpenApiContract Include="api.yaml" Generator="client" Namespace="Probe" ClassName="ProbeClient" />
              </ItemGroup>
              <Import Project="{TargetsFile()}" />
            </Project>
            """);
    }

    [TearDown]
    public void RemoveProject() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_spec_is_generated_once_and_again_only_when_its_content_changes()
    {
        var spec = Path.Combine(_folder, "api.yaml");

        await Build();
        await Build();
        Assert.That(Runs(), Is.EqualTo(1), "an unchanged spec");

        File.SetLastWriteTimeUtc(spec, DateTime.UtcNow.AddSeconds(5));
        await Build();
        await Build();
        Assert.That(Runs(), Is.EqualTo(1), "a spec that was only touched");

        File.AppendAllText(spec, "info: {title: probe, version: '1'}\n");
        await Build();
        await Build();
        Assert.That(Runs(), Is.EqualTo(2), "a changed spec is generated again, once");
    }

    private int Runs()
    {
        var log = Path.Combine(_folder, "runs.log");
        return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
    }

    private async Task Build()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "msbuild", "probe.proj", "-t:GenerateOpenApiCode", "-nologo", "-v:q", "-nodeReuse:false" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, output);
    }

    private static string TargetsFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "FibreCafe.Gateway", "Contracts", "OpenApiCodegen.targets");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("src/FibreCafe.Gateway/Contracts/OpenApiCodegen.targets above " + AppContext.BaseDirectory);
    }
}
