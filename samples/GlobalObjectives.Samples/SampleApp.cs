using Spectre.Console;
using TorchSharp;

namespace GlobalObjectives.Samples;

/// <summary>The sample's entry point, separated from <c>Main</c> so tests can run it.</summary>
internal static class SampleApp
{
    /// <summary>Parses the options, runs the experiment, prints the table and writes results.json and results.png.</summary>
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
        var settings = new ExperimentSettings(demo, options.Seed, options.Iterations);
        output.WriteLine($"Objective {demo.Name}: {demo.Declaration} (dual rate factor {demo.DualRateFactor}) vs cross-entropy");
        output.WriteLine($"Seed data: 4 Gaussian clusters, {SyntheticData.Count} train + {SyntheticData.Count} eval points, seed {options.Seed}; " +
                         $"linear model, full-batch gradient descent, {options.Iterations} iterations");
        output.WriteLine();

        ExperimentResult result;
        if (interactive)
        {
            var console = AnsiConsole.Console;
            result = console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context => Experiment.Run(settings, new SpectreProgress(context, options.Iterations)));
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
        output.WriteLine();
        output.WriteLine($"Wrote {json}");
        output.WriteLine($"Wrote {png}");
        return 0;
    }
}
