using Spectre.Console;
using TorchSharp;

namespace GlobalObjectives.Samples;

/// <summary>The sample's entry point, separated from <c>Main</c> so tests can run it.</summary>
internal static class SampleApp
{
    /// <summary>Parses the options, runs the experiment, prints the table and writes the results files (JSON, CSV, two PNGs).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">Whether to draw Spectre.Console progress and table (false: plain text).</param>
    /// <returns>0 on success, 2 on a command-line error.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive)
    {
        SampleOptions options;
        try
        {
            options = SampleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message.Replace(" (Parameter 'args')", "", StringComparison.Ordinal));
            error.WriteLine();
            error.WriteLine(SampleOptions.Usage);
            return 2;
        }
        if (options.ShowHelp)
        {
            output.WriteLine(SampleOptions.Usage);
            return 0;
        }

        // One thread: this problem is tiny, and OpenMP spinning on a shared 2-core machine only slows it down.
        torch.set_num_threads(1);
        var demo = options.DualRateFactor is { } rate ? options.Demo.WithDualRateFactor(rate) : options.Demo;
        var settings = new ExperimentSettings(demo, options.Seed, options.Iterations, options.MonitorEvery);
        output.WriteLine($"Objective {demo.Name}: {demo.Declaration} vs cross-entropy, two ways:");
        output.WriteLine($"  {Runs.SeedExact}: the seed's alternating primal and dual SGD steps, dual rate factor {demo.DualRateFactor}");
        output.WriteLine($"  {Runs.Default}: new ObjectiveOptions(), one SGD step per iteration, the loss moves λ itself");
        output.WriteLine($"Seed data: 4 Gaussian clusters, {SyntheticData.Count} train + {SyntheticData.Count} eval points, seed {options.Seed}; " +
                         $"linear model, full-batch gradient descent, {options.Iterations} iterations");
        if (options.MonitorEvery > 0)
            output.WriteLine($"Monitor lines every {options.MonitorEvery} iterations: the loss's ReadMonitor(reset: true), its step counting " +
                             "training calls (two per seed-exact iteration), \"run\" figures since the previous line");
        output.WriteLine();

        ExperimentResult result;
        if (interactive)
        {
            var console = AnsiConsole.Console;
            result = console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context => Experiment.Run(settings, new SpectreProgress(context, console, options.Iterations)));
            ConsoleReport.WriteSpectre(result, console);
        }
        else
        {
            result = Experiment.Run(settings, new PlainProgress(output, demo.MetricLabel));
            output.WriteLine();
            ConsoleReport.WritePlain(result, output);
        }

        Directory.CreateDirectory(options.OutputFolder);
        var json = ResultsJson.Write(result, options.OutputFolder);
        var png = ResultsPlot.Write(result, options.OutputFolder);
        var traceCsv = DualTraceCsv.Write(result, options.OutputFolder);
        var tracePng = DualTracePlot.Write(result, options.OutputFolder);
        output.WriteLine();
        foreach (var path in new[] { json, png, traceCsv, tracePng })
            output.WriteLine($"Wrote {path}");
        return 0;
    }
}
