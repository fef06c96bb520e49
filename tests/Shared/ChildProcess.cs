using System.Diagnostics;
using System.Text;

namespace GlobalObjectives.Tests;

/// <summary>Runs a command for a test and collects its output (linked into each test project by tests/Directory.Build.props).</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (each passed as one argument) and returns its
    /// exit code and its standard output and error, interleaved as they came. Past <paramref name="timeout"/> the
    /// process tree is killed and a <see cref="TimeoutException"/> carries the output so far.
    /// </summary>
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
        => Run(fileName, arguments, workingDirectory, timeout, configure: null);

    /// <summary>
    /// <c>dotnet</c> with <paramref name="arguments"/>, cut off from the test host's MSBuild state (the child must
    /// resolve its own SDK and must not inherit this repository's build settings).
    /// </summary>
    public static (int ExitCode, string Output) DotNet(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
        => Run("dotnet", arguments, workingDirectory, timeout, environment =>
        {
            environment.Remove("MSBuildExtensionsPath");
            environment.Remove("MSBUILD_EXE_PATH");
            environment.Remove("MSBuildSDKsPath");
            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
        });

    private static (int ExitCode, string Output) Run(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, Action<IDictionary<string, string?>>? configure)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        configure?.Invoke(start.Environment);

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                throw new TimeoutException($"{fileName} {string.Join(" ", start.ArgumentList)} did not finish in {timeout}; its output so far:\n{output}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output) return (process.ExitCode, output.ToString());
    }
}
