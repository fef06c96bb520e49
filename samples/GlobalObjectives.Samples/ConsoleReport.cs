using System.Globalization;
using GlobalObjectives.Metrics;
using Spectre.Console;

namespace GlobalObjectives.Samples;

/// <summary>The side-by-side results table (one column per run), as plain text or as a Spectre.Console table.</summary>
internal static class ConsoleReport
{
    /// <summary>The table's rows: a label, then one value per run in <see cref="ExperimentResult.Models"/> order.</summary>
    public static IReadOnlyList<(string Label, string[] Values)> Rows(ExperimentResult result)
    {
        var demo = result.Settings.Demo;
        var models = result.Models;
        string[] Each(Func<ModelReport, string> value) => models.Select(value).ToArray();

        var rows = new List<(string, string[])> { ($"{demo.MetricLabel} (eval)", Each(m => Number(m.Eval.Metric))) };
        if (demo.HasOperatingPoint)
        {
            rows.Add(("threshold (logit)", Each(m => Number(m.Eval.Threshold))));
            rows.Add(("precision / recall there (eval)", Each(m => $"{Number(m.Eval.Precision)} / {Number(m.Eval.Recall)}")));
            rows.Add(("average precision (eval)", Each(m => Number(m.AveragePrecision))));
        }
        rows.Add(("final λ", Each(m => Lambdas(m.Model.Lambdas, demo))));
        rows.Add(("training time", Each(m => string.Create(CultureInfo.InvariantCulture, $"{m.Model.TrainSeconds:0.00} s"))));
        return rows;
    }

    /// <summary>
    /// The table of a demo with several constraints, null for the others: the maximized rate and each constraint's rate
    /// on the eval set at each model's own threshold, logit 0, with cross-entropy also at its best threshold meeting every
    /// constraint (the main table's threshold, chosen on the eval set), and the final λ of each constraint.
    /// </summary>
    public static (string[] Headers, IReadOnlyList<(string Label, string[] Values)> Rows)? ConstraintTable(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var demo = result.Settings.Demo;
        if (demo.Constraints.Count == 0 || demo.Objective is not { } objective) return null;
        var crossEntropy = result.CrossEntropy;
        (string Header, string Threshold, ConfusionCounts? Counts, double[]? Lambdas)[] columns =
        [
            ($"{crossEntropy.Run} at logit 0", Number(0), crossEntropy.EvalAtLogitZero, null),
            ($"{crossEntropy.Run} at best threshold", Number(crossEntropy.Eval.Threshold), crossEntropy.EvalAtThreshold, null),
            .. result.GlobalObjectives.Select(m => (m.Run, Number(0), (ConfusionCounts?)m.EvalAtLogitZero, m.Model.Lambdas)),
        ];
        string[] Each(Func<ConfusionCounts, double> rate) => columns.Select(c => c.Counts is { } counts ? Number(rate(counts)) : "—").ToArray();

        var rows = new List<(string, string[])>
        {
            ("threshold (logit)", columns.Select(c => c.Threshold).ToArray()),
            ($"{objective.Name}, maximized (eval)", Each(objective.Rate)),
        };
        rows.AddRange(demo.Constraints.Select(c => ($"{c.Label} (eval)", Each(c.Rate))));
        rows.AddRange(demo.Constraints.Select((c, j) => ($"final λ, {c.Name}",
            columns.Select(column => column.Lambdas is { } lambdas && j < lambdas.Length ? Lambda(lambdas[j]) : "—").ToArray())));
        return (columns.Select(c => c.Header).ToArray(), rows);
    }

    /// <summary>The line above <see cref="ConstraintTable"/>.</summary>
    public static string ConstraintTableTitle(Demo demo)
        => $"At each model's own threshold, logit 0, on the eval set; cross-entropy also at its best threshold meeting {demo.OperatingPointText} (chosen on the eval set, as above):";

    /// <summary>Writes the table as aligned plain text (a Markdown table), and the constraint table of a several-constraint demo below it.</summary>
    public static void WritePlain(ExperimentResult result, TextWriter output)
    {
        WritePlainTable(result.Models.Select(m => m.Run).ToArray(), Rows(result), output);
        if (ConstraintTable(result) is not { } table) return;
        output.WriteLine();
        output.WriteLine(ConstraintTableTitle(result.Settings.Demo));
        output.WriteLine();
        WritePlainTable(table.Headers, table.Rows, output);
    }

    /// <summary>Writes the tables with Spectre.Console.</summary>
    public static void WriteSpectre(ExperimentResult result, IAnsiConsole console)
    {
        console.Write(SpectreTable(result.Settings.Demo.Declaration, result.Models.Select(m => (m.Run, m != result.CrossEntropy)), Rows(result)));
        if (ConstraintTable(result) is not { } table) return;
        console.WriteLine();
        console.WriteLine(ConstraintTableTitle(result.Settings.Demo));
        console.Write(SpectreTable("", table.Headers.Select(h => (h, !h.StartsWith(Runs.CrossEntropy, StringComparison.Ordinal))), table.Rows));
    }

    private static void WritePlainTable(string[] headers, IReadOnlyList<(string Label, string[] Values)> rows, TextWriter output)
    {
        int labelWidth = rows.Max(r => r.Label.Length);
        var widths = headers.Select((header, i) => Math.Max(header.Length, rows.Max(r => r.Values[i].Length))).ToArray();
        output.WriteLine($"| {"".PadRight(labelWidth)} | {string.Join(" | ", headers.Select((h, i) => h.PadLeft(widths[i])))} |");
        output.WriteLine($"|{new string('-', labelWidth + 2)}|{string.Join("|", widths.Select(w => new string('-', w + 1) + ":"))}|");
        foreach (var (label, values) in rows)
            output.WriteLine($"| {label.PadRight(labelWidth)} | {string.Join(" | ", values.Select((v, i) => v.PadLeft(widths[i])))} |");
    }

    private static Table SpectreTable(string title, IEnumerable<(string Header, bool Highlight)> columns, IReadOnlyList<(string Label, string[] Values)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn(Markup.Escape(title)));
        foreach (var (header, highlight) in columns)
            table.AddColumn(new TableColumn(highlight ? $"[green]{Markup.Escape(header)}[/]" : Markup.Escape(header)).RightAligned());
        foreach (var (label, values) in rows)
            table.AddRow(values.Prepend(label).Select(Markup.Escape).ToArray());
        return table;
    }

    private static string Number(double value)
        => double.IsNaN(value) ? "—"
            : double.IsPositiveInfinity(value) ? "+∞"
            : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Lambda(double lambda) => lambda.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Lambdas(double[]? lambdas, Demo demo)
    {
        if (lambdas is null || lambdas.Length == 0) return "—";
        if (lambdas.Length == 1) return Lambda(lambdas[0]);
        if (demo.Constraints.Count == lambdas.Length)
            return string.Join(", ", demo.Constraints.Select((c, j) => $"{c.Name} {Lambda(lambdas[j])}"));
        return string.Create(CultureInfo.InvariantCulture, $"mean {lambdas.Average():0.000} ({lambdas.Length} anchors)");
    }
}
