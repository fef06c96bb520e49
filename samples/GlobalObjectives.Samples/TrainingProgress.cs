using System.Globalization;
using Spectre.Console;

namespace GlobalObjectives.Samples;

/// <summary>One finished training iteration.</summary>
/// <param name="Run">One of <see cref="Runs"/>.</param>
/// <param name="Step">Iterations done, 1-based.</param>
/// <param name="Total">Iterations in all.</param>
/// <param name="Loss">The training loss of the step.</param>
/// <param name="TrainMetric">The demo's metric on the training set at checkpoints (every total/6 steps and the last); NaN otherwise.</param>
/// <param name="Elapsed">Time since the run's training loop started.</param>
internal sealed record TrainingStep(string Run, int Step, int Total, double Loss, double TrainMetric, TimeSpan Elapsed);

/// <summary>Receives training progress (a Spectre.Console progress display, or plain lines when output is redirected).</summary>
internal interface ITrainingProgress
{
    /// <summary>Called after every iteration.</summary>
    void Report(TrainingStep step);

    /// <summary>Called every <see cref="ExperimentSettings.MonitorEvery"/> iterations of a global-objective run with the loss's monitor line.</summary>
    /// <param name="run">One of <see cref="Runs"/>.</param>
    /// <param name="step">Iterations done, 1-based.</param>
    /// <param name="total">Iterations in all.</param>
    /// <param name="line">The <c>ToString()</c> of the loss's <c>ReadMonitor()</c>.</param>
    void Monitor(string run, int step, int total, string line);
}

/// <summary>The names of the training runs, as the console, results.json and the plots label them.</summary>
internal static class Runs
{
    public const string CrossEntropy = "cross-entropy";

    /// <summary>The seed's dual update, bit for bit: λ = |v| trained by reversed gradients in a separate SGD step.</summary>
    public const string SeedExact = "seed-exact (GradientReversal)";

    /// <summary>The library's default: the loss moves λ itself by projected ascent on the true constraint violation.</summary>
    public const string Default = "default (ProjectedAscent)";

    public static IReadOnlyList<string> All { get; } = [CrossEntropy, SeedExact, Default];

    /// <summary>Width of the longest name, to align plain lines.</summary>
    public static int Width { get; } = All.Max(r => r.Length);
}

/// <summary>Plain lines at the checkpoints and monitor steps (used when output is redirected, and by tests).</summary>
/// <param name="output">Where the lines go.</param>
/// <param name="metricLabel">The demo's metric name.</param>
internal sealed class PlainProgress(TextWriter output, string metricLabel) : ITrainingProgress
{
    /// <inheritdoc />
    public void Report(TrainingStep step)
    {
        if (double.IsNaN(step.TrainMetric)) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Prefix(step.Run, step.Step, step.Total)}  loss {step.Loss,9:0.000000}  train {metricLabel} {step.TrainMetric:0.0000}  ({step.Elapsed.TotalSeconds:0.00} s)"));
    }

    /// <inheritdoc />
    public void Monitor(string run, int step, int total, string line)
        => output.WriteLine($"{Prefix(run, step, total)}  monitor: {line}");

    private static string Prefix(string run, int step, int total)
        => string.Create(CultureInfo.InvariantCulture, $"{run.PadRight(Runs.Width)} step {step,4}/{total}");
}

/// <summary>
/// A Spectre.Console progress task per run (step/total, bar, elapsed time, updated in place); monitor lines are written
/// through the same console, which prints them above the live display.
/// </summary>
/// <param name="context">The live progress context.</param>
/// <param name="console">The console the progress display runs on.</param>
/// <param name="iterations">Iterations per run.</param>
internal sealed class SpectreProgress(ProgressContext context, IAnsiConsole console, int iterations) : ITrainingProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = Runs.All.ToDictionary(
        run => run, run => context.AddTask(Markup.Escape(run), maxValue: iterations));

    /// <inheritdoc />
    public void Report(TrainingStep step)
    {
        var task = _tasks[step.Run];
        task.Value = step.Step;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{step.Run.PadRight(Runs.Width)} {step.Step,6}/{step.Total}  loss {step.Loss,9:0.0000}"));
    }

    /// <inheritdoc />
    public void Monitor(string run, int step, int total, string line)
        => console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.PadRight(Runs.Width)} step {step,4}/{total}  monitor: {line}"));
}
