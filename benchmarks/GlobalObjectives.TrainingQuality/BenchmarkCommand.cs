using System.Globalization;
using System.Runtime.InteropServices;
using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Reporting;

namespace GlobalObjectives.TrainingQuality;

/// <summary>Runs the plan in worker processes with a progress display, writes the report and checks the targets (the exit code).</summary>
public static class BenchmarkCommand
{
    /// <summary>Hand-written analysis of the last full run, included in the generated page (the tables are never hand-written).</summary>
    public const string AnalysisFileName = "analysis.md";

    public static int Run(BenchmarkOptions options, string dataDirectory)
    {
        if (options.Worker is { } worker)
            return RunWorker(options, dataDirectory, worker.Shard, worker.Count);

        string output = options.ResolveOutputDirectory(DataCatalog.FindRepositoryRoot());
        Directory.CreateDirectory(output);

        ResultsDocument document;
        if (options.ReportFrom is { } from)
        {
            var earlier = ResultsJson.Read(from);
            // Keeps the earlier run's identity (command, time, machine): only the rendering is new.
            document = Assemble(earlier.Runs, options.Plan, earlier.Command, earlier.Finished, earlier.WallSeconds, earlier.Settings,
                                earlier.Partial, earlier.Machine);
        }
        else
        {
            int total = BenchmarkRunner.CountJobs(options.Plan);
            int workers = Math.Min(options.Jobs, total);
            Console.WriteLine($"Training-quality benchmark: {total} training runs in {workers} worker processes; {options.Settings.Describe()}.");
            var progress = new ProgressDisplay();
            var runs = WorkerProcesses.Run(options.WorkerArguments, workers, total, progress.Report);
            document = Assemble(runs, options.Plan, CommandLine(options), DateTimeOffset.UtcNow, progress.Elapsed.TotalSeconds,
                                options.Settings.Describe(),
                                options.Partial, Machine(workers));
        }

        ResultsJson.Write(document, Path.Combine(output, ResultsJson.FileName));
        Plots.Write(document.Rows, document.Runs, output);
        string analysisPath = Path.Combine(AppContext.BaseDirectory, AnalysisFileName);
        string? analysis = options.Quick || options.Partial || !File.Exists(analysisPath) ? null : File.ReadAllText(analysisPath);
        File.WriteAllText(Path.Combine(output, MarkdownReport.FileName), MarkdownReport.Render(document, analysis));
        Console.WriteLine($"Report: {Path.Combine(output, MarkdownReport.FileName)}");
        Console.WriteLine(document.Summary.Line);
        if (!options.Quick) return document.Summary.AllTargetsMet ? 0 : 1;
        // The smoke run's exit code is its gate (see Targets.SmokeGate); the full targets are printed above for information.
        var (passed, line) = Targets.SmokeGate(document.Rows);
        Console.WriteLine(line);
        return passed ? 0 : 1;
    }

    private static int RunWorker(BenchmarkOptions options, string dataDirectory, int shard, int count)
    {
        var runner = new BenchmarkRunner(options.Plan, options.Settings, dataDirectory)
        {
            Progress = (_, _, what, seconds) =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{WorkerProcesses.DoneLine}{what}\t{seconds:F2}")),
        };
        ResultsJson.WriteRuns(runner.Run(shard, count), options.ResultsFile!);
        return 0;
    }

    private static ResultsDocument Assemble(IReadOnlyList<RunEvaluation> runs, BenchmarkPlan plan, string command,
                                            DateTimeOffset finished, double seconds, string settings, bool partial, string machine)
    {
        var rows = Targets.BuildRows(runs, plan);
        return new ResultsDocument(command, finished, seconds, machine, settings, partial, runs, rows,
                                   RocComparison.Build(runs, plan), Targets.Summarize(rows));
    }

    private static string CommandLine(BenchmarkOptions options)
    {
        string command = "dotnet run -c Release --project benchmarks/GlobalObjectives.TrainingQuality";
        // The arguments that shaped the run (the worker arguments, less the default step count), so the line reproduces it.
        var extra = new List<string>();
        for (int i = 0; i < options.WorkerArguments.Count; i++)
        {
            if (options.WorkerArguments[i] == "--steps" && options.Settings.Steps == new Training.TrainingSettings().Steps) { i++; continue; }
            extra.Add(options.WorkerArguments[i]);
        }
        return extra.Count == 0 ? command : command + " -- " + string.Join(' ', extra);
    }

    private static string Machine(int workers) =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, " +
        $"{workers} worker processes with 1 TorchSharp thread each";
}
