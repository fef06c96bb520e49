using System.Globalization;
using Spectre.Console;

namespace GlobalObjectives.Samples;

/// <summary>Plain progress lines at the checkpoints (used when output is redirected, and by tests).</summary>
/// <param name="output">Where the lines go.</param>
/// <param name="metricLabel">The demo's metric name.</param>
internal sealed class PlainProgress(TextWriter output, string metricLabel) : ITrainingProgress
{
    /// <inheritdoc />
    public void Report(string run, int step, int total, double loss, double trainMetric)
    {
        if (double.IsNaN(trainMetric)) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run,-16} step {step,4}/{total}  loss {loss,9:0.000000}  train {metricLabel} {trainMetric:0.0000}"));
    }
}

/// <summary>A Spectre.Console progress task per run.</summary>
/// <param name="context">The live progress context.</param>
/// <param name="iterations">Iterations per run.</param>
internal sealed class SpectreProgress(ProgressContext context, int iterations) : ITrainingProgress
{
    private readonly Dictionary<string, ProgressTask> _tasks = new()
    {
        [Runs.CrossEntropy] = context.AddTask(Runs.CrossEntropy, maxValue: iterations),
        [Runs.GlobalObjective] = context.AddTask(Runs.GlobalObjective, maxValue: iterations),
    };

    /// <inheritdoc />
    public void Report(string run, int step, int total, double loss, double trainMetric)
    {
        var task = _tasks[run];
        task.Value = step;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"{run,-16} loss {loss,9:0.0000}");
    }
}

/// <summary>The side-by-side results table, as plain text or as a Spectre.Console table.</summary>
internal static class ConsoleReport
{
    /// <summary>The table's rows: label, cross-entropy value, global-objective value.</summary>
    public static IReadOnlyList<(string Label, string CrossEntropy, string GlobalObjective)> Rows(ExperimentResult result)
    {
        var demo = result.Settings.Demo;
        var ce = result.CrossEntropy;
        var go = result.GlobalObjective;
        var rows = new List<(string, string, string)>
        {
            ($"{demo.MetricLabel} (eval)", Number(ce.Eval.Metric), Number(go.Eval.Metric)),
        };
        if (demo.TargetKey is not null)
        {
            rows.Add(("threshold (logit)", Number(ce.Eval.Threshold), Number(go.Eval.Threshold)));
            rows.Add(("precision / recall there (eval)",
                $"{Number(ce.Eval.Precision)} / {Number(ce.Eval.Recall)}",
                $"{Number(go.Eval.Precision)} / {Number(go.Eval.Recall)}"));
            rows.Add(("average precision (eval)", Number(ce.AveragePrecision), Number(go.AveragePrecision)));
        }
        rows.Add(("final λ", "—", Lambdas(go.Model.Lambdas)));
        rows.Add(("training time",
            string.Create(CultureInfo.InvariantCulture, $"{ce.Model.TrainSeconds:0.00} s"),
            string.Create(CultureInfo.InvariantCulture, $"{go.Model.TrainSeconds:0.00} s")));
        return rows;
    }

    /// <summary>Writes the table as aligned plain text.</summary>
    public static void WritePlain(ExperimentResult result, TextWriter output)
    {
        var rows = Rows(result);
        const string ceHeader = "cross-entropy", goHeader = "global objective";
        int labelWidth = rows.Max(r => r.Label.Length);
        int ceWidth = Math.Max(ceHeader.Length, rows.Max(r => r.CrossEntropy.Length));
        int goWidth = Math.Max(goHeader.Length, rows.Max(r => r.GlobalObjective.Length));
        output.WriteLine($"| {"".PadRight(labelWidth)} | {ceHeader.PadLeft(ceWidth)} | {goHeader.PadLeft(goWidth)} |");
        output.WriteLine($"|{new string('-', labelWidth + 2)}|{new string('-', ceWidth + 1)}:|{new string('-', goWidth + 1)}:|");
        foreach (var (label, ce, go) in rows)
            output.WriteLine($"| {label.PadRight(labelWidth)} | {ce.PadLeft(ceWidth)} | {go.PadLeft(goWidth)} |");
    }

    /// <summary>Writes the table with Spectre.Console.</summary>
    public static void WriteSpectre(ExperimentResult result, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(Markup.Escape(result.Settings.Demo.Declaration)))
            .AddColumn(new TableColumn("cross-entropy").RightAligned())
            .AddColumn(new TableColumn("[green]global objective[/]").RightAligned());
        foreach (var (label, ce, go) in Rows(result))
            table.AddRow(Markup.Escape(label), Markup.Escape(ce), Markup.Escape(go));
        console.Write(table);
    }

    private static string Number(double value)
        => double.IsNaN(value) ? "—"
            : double.IsPositiveInfinity(value) ? "+∞"
            : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Lambdas(double[]? lambdas)
    {
        if (lambdas is null || lambdas.Length == 0) return "—";
        if (lambdas.Length == 1) return lambdas[0].ToString("0.000", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"mean {lambdas.Average():0.000} ({lambdas.Length} anchors)");
    }
}
