using System.Globalization;
using System.Text.Json;

namespace GlobalObjectives.Samples.Tests;

/// <summary>
/// The several-constraint demo, <c>--objective recall-at-precision-and-fpr</c>
/// (<c>[Maximize(Recall)] [Constraint(Precision, "&gt;=", 0.9)] [Constraint(FalsePositiveRate, "&lt;=", 0.02)]</c>), run
/// as the README shows it (default seed and iterations): its printed constraint table, results.json and the λ/slack trace.
/// </summary>
public sealed class SeveralConstraintsDemoTests : IDisposable
{
    /// <summary>
    /// How far past a target a trained model's rate at logit 0 may be on the eval set, an independent draw of the training
    /// data (measured with the default settings, seeds 2018 and 1–5: the default run's precision 0.9006–0.9036 and FPR
    /// 0.0171–0.0177, the seed-exact run's 1.0000 and 0.0000).
    /// </summary>
    private const double EvalTolerance = 0.01;

    private static readonly string[] Columns =
        ["cross-entropy at logit 0", "cross-entropy at best threshold", "seed-exact (GradientReversal)", "default (ProjectedAscent)"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "go-sample-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void PrintsBothConstraintsAtLogitZero_AndTheTrainedModelsHoldThem()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = SampleApp.Run(["--objective", "recall-at-precision-and-fpr", "--out", _folder], output, error, interactive: false);
        string text = output.ToString();
        Assert.True(code == 0, error.ToString());

        // The constraint table: its title and columns, then one row per rate, each with a number per column.
        Assert.Contains("At each model's own threshold, logit 0, on the eval set; cross-entropy also at its best threshold meeting precision ≥ 0.9, FPR ≤ 0.02", text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string header = Assert.Single(lines, l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(Columns[1], StringComparison.Ordinal));
        Assert.Equal(Columns, Cells(header));
        double[] thresholds = Numbers(Row(lines, "threshold (logit)", afterHeader: header));
        double[] recall = Numbers(Row(lines, "recall, maximized (eval)"));
        double[] precision = Numbers(Row(lines, "precision ≥ 0.9 (eval)"));
        double[] fpr = Numbers(Row(lines, "FPR ≤ 0.02 (eval)"));
        string[] precisionLambdas = Row(lines, "final λ, precision");
        string[] fprLambdas = Row(lines, "final λ, FPR");
        Assert.Equal((0.0, 0.0, 0.0), (thresholds[0], thresholds[2], thresholds[3]));
        Assert.All(recall.Concat(precision).Concat(fpr), v => Assert.InRange(v, 0.0, 1.0));
        Assert.Equal(new[] { "—", "—" }, precisionLambdas[..2]);
        Assert.Equal(new[] { "—", "—" }, fprLambdas[..2]);
        double[] lambdas = [.. precisionLambdas[2..].Concat(fprLambdas[2..]).Select(Number)];
        Assert.All(lambdas, l => Assert.InRange(l, 0.0, 100.0));

        // The demo's premise: cross-entropy's own threshold misses both constraints; its best threshold meets them.
        Assert.True(precision[0] < 0.9 && fpr[0] > 0.02, $"cross-entropy at logit 0: precision {precision[0]}, FPR {fpr[0]}");
        Assert.True(precision[1] >= 0.9 && fpr[1] <= 0.02, $"cross-entropy at its best threshold: precision {precision[1]}, FPR {fpr[1]}");

        // Both trained global objectives hold both constraints at logit 0 on the eval set, within the tolerance.
        foreach (int run in new[] { 2, 3 })
        {
            Assert.True(precision[run] >= 0.9 - EvalTolerance, $"{Columns[run]}: precision {precision[run]} at logit 0 (≥ 0.9 within {EvalTolerance})");
            Assert.True(fpr[run] <= 0.02 + EvalTolerance, $"{Columns[run]}: FPR {fpr[run]} at logit 0 (≤ 0.02 within {EvalTolerance})");
        }

        // The default run's recall at its own threshold is at least cross-entropy's at its tuned one (0.9036 against 0.8782).
        Assert.True(recall[3] >= recall[1] - EvalTolerance, $"default run recall {recall[3]} at logit 0, cross-entropy {recall[1]} at its best threshold");

        // The monitor lines name both constraints.
        Assert.Contains(lines, l => l.StartsWith("default (ProjectedAscent)     step  150/150  monitor: step 150 | recall ", StringComparison.Ordinal)
                                    && l.Contains("≥ 0.9, slack ", StringComparison.Ordinal) && l.Contains("| FPR ", StringComparison.Ordinal)
                                    && l.Contains("≤ 0.02, slack ", StringComparison.Ordinal));

        // results.json: the constraints in order, λ per constraint as printed, the rates at logit 0 as printed.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var root = json.RootElement;
        Assert.Equal(new[] { "precision >= 0.9", "false_positive_rate <= 0.02" },
            root.GetProperty("constraints").EnumerateArray().Select(c =>
                $"{c.GetProperty("metric").GetString()} {c.GetProperty("relation").GetString()} {c.GetProperty("target").GetDouble().ToString(CultureInfo.InvariantCulture)}"));
        foreach (var (name, column) in new[] { ("cross_entropy", 0), ("global_objective", 2), ("global_objective_default", 3) })
        {
            var atZero = root.GetProperty(name).GetProperty("at_logit_0");
            Assert.Equal(recall[column], atZero.GetProperty("recall").GetDouble(), 4);
            Assert.Equal(precision[column], atZero.GetProperty("precision").GetDouble(), 4);
            Assert.Equal(fpr[column], atZero.GetProperty("false_positive_rate").GetDouble(), 4);
        }
        var seedExactLambdas = root.GetProperty("global_objective").GetProperty("lambdas").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        var defaultLambdas = root.GetProperty("global_objective_default").GetProperty("lambdas").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        Assert.Equal(2, seedExactLambdas.Length);
        Assert.Equal(2, defaultLambdas.Length);
        Assert.Equal(lambdas[0], seedExactLambdas[0], 3); // printed: precision, then FPR; each run's seed-exact value, then default
        Assert.Equal(lambdas[2], seedExactLambdas[1], 3);
        Assert.Equal(lambdas[1], defaultLambdas[0], 3);
        Assert.Equal(lambdas[3], defaultLambdas[1], 3);

        // The trace: a λ and a slack column per constraint and run, one row per iteration, the last λs as reported.
        var trace = File.ReadAllLines(Path.Combine(_folder, "results-duals.csv"));
        Assert.Equal("step,lambda_precision_seed_exact,slack_precision_seed_exact,lambda_false_positive_rate_seed_exact,slack_false_positive_rate_seed_exact," +
                     "lambda_precision_default,slack_precision_default,lambda_false_positive_rate_default,slack_false_positive_rate_default", trace[0]);
        Assert.Equal(151, trace.Length);
        Assert.All(trace[1..], row => Assert.Equal(9, row.Split(',').Length));
        var last = trace[^1].Split(',');
        Assert.Equal("150", last[0]);
        Assert.Equal(seedExactLambdas[0], Number(last[1]), 5);
        Assert.Equal(seedExactLambdas[1], Number(last[3]), 5);
        Assert.Equal(defaultLambdas[0], Number(last[5]), 5);
        Assert.Equal(defaultLambdas[1], Number(last[7]), 5);
    }

    /// <summary>The cells of a Markdown table row after its label.</summary>
    private static string[] Cells(string row) => row.Split('|')[2..^1].Select(c => c.Trim()).ToArray();

    /// <summary>The cells of the row labelled <paramref name="label"/> (the first such row after <paramref name="afterHeader"/> when given).</summary>
    private static string[] Row(string[] lines, string label, string? afterHeader = null)
    {
        int start = afterHeader is null ? 0 : Array.IndexOf(lines, afterHeader);
        string row = lines.Skip(start).FirstOrDefault(l => l.StartsWith($"| {label} ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No row '{label}' in the printed constraint table.");
        var cells = Cells(row);
        Assert.Equal(Columns.Length, cells.Length);
        return cells;
    }

    private static double[] Numbers(string[] cells) => cells.Select(Number).ToArray();

    private static double Number(string cell)
        => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new Xunit.Sdk.XunitException($"'{cell}' is not a number.");
}
