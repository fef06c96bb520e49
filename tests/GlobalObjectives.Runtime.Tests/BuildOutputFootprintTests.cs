using System.Diagnostics;
using GlobalObjectives.Runtime.Tests.Support;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// Every test, sample and benchmark project carries libtorch (about 1 GB). Directory.Build.props asks MSBuild to
/// link package files into output folders (hard links, or symbolic links across file systems); with copies a build
/// of the solution takes about 9 GB of disk, more than a CI machine may have free.
/// </summary>
public sealed class BuildOutputFootprintTests
{
    [Fact]
    public void Libtorch_in_the_build_output_is_a_link_to_the_nuget_cache_not_a_copy()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so");
        string packageFolder = Path.Combine(NuGetCache.Root(), "libtorch-cpu-linux-x64");
        Assert.True(File.Exists(output), $"The build output has no libtorch_cpu.so at {output}.");
        Assert.True(Directory.Exists(packageFolder), $"The NuGet cache has no libtorch-cpu-linux-x64 at {packageFolder}.");
        string[] cached = Directory.GetFiles(packageFolder, "libtorch_cpu.so", SearchOption.AllDirectories);
        Assert.Single(cached);

        // stat follows a symbolic link, so a hard link and a symbolic link both resolve to the cache's file.
        string outputFile = DeviceAndInode(output);
        string cacheFile = DeviceAndInode(cached[0]);
        Assert.True(outputFile == cacheFile,
            $"{output} is a separate copy of {cached[0]} (device and inode {outputFile} vs {cacheFile}); are " +
            "CreateHardLinksForCopyLocalIfPossible and CreateSymbolicLinksForCopyLocalIfPossible still set in Directory.Build.props?");
    }

    private static string DeviceAndInode(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--dereference");
        start.ArgumentList.Add("--format=%d %i");
        start.ArgumentList.Add(path);
        using Process process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd().Trim();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"stat {path} failed: {error}");
        Assert.Matches("^[0-9]+ [0-9]+$", text);
        return text;
    }
}
