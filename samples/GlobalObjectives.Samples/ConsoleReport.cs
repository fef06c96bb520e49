using System.Globalization;
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
        if (demo.TargetKey is not null)
        {
            rows.Add(("threshold (logit)", Each(m => Number(m.Eval.Threshold))));
            rows.Add(("precision / recall there (eval)", Each(m => $"{Number(m.Eval.Precision)} / {Number(m.Eval.Recall)}")));
            rows.Add(("average precision (eval)", Each(m => Number(m.AveragePrecision))));
        }
        rows.Add(("final λ", Each(m => Lambdas(m.Model.Lambdas))));
        rows.Add(("training time", Each(m => string.Create(CultureInfo.InvariantCulture, $"{m.Model.TrainSeconds:0.00} s"))));
        return rows;
    }

    /// <summary>Writes the table as aligned plain text (a Markdown table).</summary>
    public static void WritePlain(ExperimentResult result, TextWriter output)
    {
        var rows = Rows(result);
        var headers = result.Models.Select(m => m.Run).ToArray();
        int labelWidth = rows.Max(r => r.Label.Length);
        var widths = headers.Select((header, i) => Math.Max(header.Length, rows.Max(r => r.Values[i].Length))).ToArray();
        output.WriteLine($"| {"".PadRight(labelWidth)} | {string.Join(" | ", headers.Select((h, i) => h.PadLeft(widths[i])))} |");
        output.WriteLine($"|{new string('-', labelWidth + 2)}|{string.Join("|", widths.Select(w => new string('-', w + 1) + ":"))}|");
        foreach (var (label, values) in rows)
            output.WriteLine($"| {label.PadRight(labelWidth)} | {string.Join(" | ", values.Select((v, i) => v.PadLeft(widths[i])))} |");
    }

    /// <summary>Writes the table with Spectre.Console.</summary>
    public static void WriteSpectre(ExperimentResult result, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(Markup.Escape(result.Settings.Demo.Declaration)));
        foreach (var model in result.Models)
        {
            string header = Markup.Escape(model.Run);
            table.AddColumn(new TableColumn(model == result.CrossEntropy ? header : $"[green]{header}[/]").RightAligned());
        }
        foreach (var (label, values) in Rows(result))
            table.AddRow(values.Prepend(label).Select(Markup.Escape).ToArray());
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
