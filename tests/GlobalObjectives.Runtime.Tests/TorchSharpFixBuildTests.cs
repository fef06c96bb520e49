using GlobalObjectives.Build;
using GlobalObjectives.Runtime.Tests.Support;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// Runs build/GlobalObjectives.TorchSharpFix.targets in a real MSBuild on synthetic libraries: a stand-in for
/// libLibTorchSharp.so in an output folder and a stand-in libstdc++ (GlobalObjectivesLibStdCxxPath), so every branch
/// of the task is exercised as the build runs it.
/// </summary>
public sealed class TorchSharpFixBuildTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";
    private readonly string _work = Directory.CreateTempSubdirectory("gofix-").FullName;

    [Fact]
    public void MarksASafeNeedWeakOnTheOutputCopyAndIsIdempotent()
    {
        string library = WriteLibrary(relocated: false);
        string libstdcxx = WriteLibStdCxx("GLIBCXX_3.4.30");

        var first = RunBuild(libstdcxx);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"marked the {Version} need", first.Output);
        var report = ElfVersionNeedPatcher.Analyze(File.ReadAllBytes(library), Version);
        Assert.True(report.AlreadyWeak, "the output copy was not patched");

        byte[] patched = File.ReadAllBytes(library);
        var second = RunBuild(libstdcxx);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain($"marked the {Version} need", second.Output);
        Assert.Equal(patched, File.ReadAllBytes(library));
    }

    [Fact]
    public void FailsTheBuildWithWhatToInstallWhenABoundSymbolIsRelocated()
    {
        string library = WriteLibrary(relocated: true);
        byte[] before = File.ReadAllBytes(library);

        var result = RunBuild(WriteLibStdCxx("GLIBCXX_3.4.30"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not safe", result.Output);
        Assert.Contains($"Install a libstdc++ that provides {Version}", result.Output);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void LeavesTheLibraryAloneWhenTheSystemLibStdCxxProvidesTheVersion()
    {
        string library = WriteLibrary(relocated: true);
        byte[] before = File.ReadAllBytes(library);

        var result = RunBuild(WriteLibStdCxx("GLIBCXX_3.4.30", Version));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    private string WriteLibrary(bool relocated)
    {
        var elf = new SyntheticElf();
        elf.Symbols.Add(("_ZSt21ios_base_library_initv", 2));
        elf.Symbols.Add(("_ZNSt8ios_base4InitC1Ev", 3));
        elf.Needs.Add(("libstdc++.so.6", new (string, ushort, ushort)[] { (Version, 2, 0), ("GLIBCXX_3.4", 3, 0) }));
        elf.RelocatedSymbols.Add(2);   // "_ZNSt8ios_base4InitC1Ev", bound to GLIBCXX_3.4: always fine
        if (relocated) elf.RelocatedSymbols.Add(1);
        string directory = Path.Combine(_work, "out", "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "libLibTorchSharp.so");
        File.WriteAllBytes(path, elf.Build());
        return path;
    }

    private string WriteLibStdCxx(params string[] definitions)
    {
        var elf = new SyntheticElf();
        elf.Definitions.AddRange(definitions);
        string path = Path.Combine(_work, "libstdc++.so.6");
        File.WriteAllBytes(path, elf.Build());
        return path;
    }

    private (int ExitCode, string Output) RunBuild(string libstdcxx)
    {
        string project = Path.Combine(_work, "probe.proj");
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <OutDir>{_work}/out/</OutDir>
                <GlobalObjectivesLibStdCxxPath>{libstdcxx}</GlobalObjectivesLibStdCxxPath>
              </PropertyGroup>
              <Import Project="{TargetsPath()}" />
              <!-- The SDK target the fix runs after, standing in for a real build's copy to the output folder. -->
              <Target Name="CopyFilesToOutputDirectory" />
            </Project>
            """);
        return ChildProcess.DotNet(["msbuild", project, "-t:CopyFilesToOutputDirectory", "-nologo", "-nodeReuse:false", "-v:n"], _work, TimeSpan.FromMinutes(3));
    }

    private static string TargetsPath()
        => Path.Combine(TestEnvironment.RepositoryRoot, "build", "GlobalObjectives.TorchSharpFix.targets");

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
