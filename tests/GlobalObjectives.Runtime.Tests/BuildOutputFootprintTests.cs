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
        string packageFolder = Path.Combine(TestEnvironment.NuGetPackagesRoot, "libtorch-cpu-linux-x64");
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
        var (exitCode, output) = ChildProcess.Run("stat", ["--dereference", "--format=%d %i", path], AppContext.BaseDirectory, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"stat {path} failed: {output}");
        string text = output.Trim();
        Assert.Matches("^[0-9]+ [0-9]+$", text);
        return text;
    }
}
