using System.Diagnostics;
using GlobalObjectives.Runtime.Tests.Support;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// Every test, sample and benchmark project carries libtorch (about 1 GB). Directory.Build.props asks MSBuild to
/// hard-link package files into output folders; without it a build of the solution takes about 8 GB of disk,
/// which is more than a CI machine may have free.
/// </summary>
public sealed class BuildOutputFootprintTests
{
    [Fact]
    public void Libtorch_in_the_build_output_is_a_hard_link_to_the_nuget_cache_when_both_share_a_file_system()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so");
        string packageFolder = Path.Combine(NuGetCache.Root(), "libtorch-cpu-linux-x64");
        Assert.True(File.Exists(output), $"The build output has no libtorch_cpu.so at {output}.");
        Assert.True(Directory.Exists(packageFolder), $"The NuGet cache has no libtorch-cpu-linux-x64 at {packageFolder}.");
        string[] cached = Directory.GetFiles(packageFolder, "libtorch_cpu.so", SearchOption.AllDirectories);
        Assert.Single(cached);

        (string outputDevice, string outputInode) = DeviceAndInode(output);
        (string cacheDevice, string cacheInode) = DeviceAndInode(cached[0]);

        // Across file systems MSBuild falls back to a copy, which is correct, only larger.
        if (outputDevice != cacheDevice)
        {
            return;
        }

        Assert.True(outputInode == cacheInode,
            $"{output} is a separate copy of {cached[0]} (inode {outputInode} vs {cacheInode}) although both are on " +
            $"device {outputDevice}; is CreateHardLinksForCopyLocalIfPossible still set in Directory.Build.props?");
    }

    private static (string Device, string Inode) DeviceAndInode(string path)
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
        string[] parts = text.Split(' ');
        Assert.Equal(2, parts.Length);
        return (parts[0], parts[1]);
    }
}
