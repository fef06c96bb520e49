using System.Diagnostics;
using GlobalObjectives.TrainingQuality.Reporting;

namespace GlobalObjectives.TrainingQuality.Experiments;

/// <summary>
/// Runs the plan's shards in child processes of this program (<c>--worker i/n --results file</c>), relays their
/// progress lines and merges their evaluations. Separate processes, not threads: see <see cref="BenchmarkRunner.Run"/>.
/// </summary>
public static class WorkerProcesses
{
    /// <summary>The line prefix a worker prints after each finished job: <c>done\t&lt;description&gt;\t&lt;seconds&gt;</c>.</summary>
    public const string DoneLine = "done\t";

    public static List<RunEvaluation> Run(IReadOnlyList<string> forwardedArguments, int workers, int totalJobs,
                                          Action<int, int, string, double> progress)
    {
        ArgumentNullException.ThrowIfNull(forwardedArguments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        string executable = Environment.ProcessPath
            ?? throw new InvalidOperationException("Cannot find this program's executable to start worker processes.");
        string folder = Directory.CreateTempSubdirectory("training-quality-").FullName;
        int done = 0;
        var gate = new Lock();
        var children = new List<(Process Process, string ResultsFile)>();
        try
        {
            for (int shard = 0; shard < workers; shard++)
            {
                string resultsFile = Path.Combine(folder, $"shard-{shard}.json");
                var start = new ProcessStartInfo(executable)
                {
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                foreach (string arg in forwardedArguments) start.ArgumentList.Add(arg);
                foreach (string arg in new[] { "--worker", $"{shard}/{workers}", "--results", resultsFile }) start.ArgumentList.Add(arg);
                var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
                child.OutputDataReceived += (_, line) =>
                {
                    if (line.Data is not { } text) return;
                    if (!text.StartsWith(DoneLine, StringComparison.Ordinal))
                    {
                        lock (gate) Console.WriteLine(text);
                        return;
                    }
                    var parts = text.Split('\t');
                    lock (gate) progress(++done, totalJobs, parts[1], double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                };
                child.BeginOutputReadLine();
                children.Add((child, resultsFile));
            }

            var results = new List<RunEvaluation>();
            foreach (var (child, resultsFile) in children)
            {
                child.WaitForExit();
                if (child.ExitCode != 0)
                    throw new InvalidOperationException($"A worker process failed (exit code {child.ExitCode}); its errors are above.");
                results.AddRange(ResultsJson.ReadRuns(resultsFile));
            }
            return results;
        }
        finally
        {
            foreach (var (child, _) in children)
            {
                if (!child.HasExited) child.Kill(entireProcessTree: true);
                child.Dispose();
            }
            Directory.Delete(folder, recursive: true);
        }
    }
}
