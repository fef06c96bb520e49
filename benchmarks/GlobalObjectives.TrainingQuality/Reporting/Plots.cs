using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Training;
using ScottPlot;

namespace GlobalObjectives.TrainingQuality.Reporting;

/// <summary>The report's two figures: ours against cross-entropy per row, and λ/slack traces of one run.</summary>
public static class Plots
{
    public const string ComparisonFileName = "training-quality.png";
    public const string TraceFileName = "training-quality-trace.png";

    // The traced run: a rate objective that binds, trained with Adam (where the two dual modes differ most).
    private const string TraceDataSet = "flchain";
    private const string TraceObjective = "tpr_at_fpr_0.05";
    private const ModelKind TraceModel = ModelKind.Linear;
    private const OptimizerKind TraceOptimizer = OptimizerKind.Adam;
    private const int TraceSeed = 1;

    public static string TraceDescription =>
        $"λ and the running FPR slack at logit 0 (since the previous trace point; ≥ 0 means the constraint holds) over the steps of " +
        $"{TraceDataSet}, TPR @ FPR ≤ 0.05, linear model, Adam, seed {TraceSeed}, in both dual modes";

    private static readonly Color DefaultColor = Color.FromHex("#1b9e77");
    private static readonly Color SeedModeColor = Color.FromHex("#d95f02");

    public static void Write(IReadOnlyList<ResultRow> rows, IReadOnlyList<RunEvaluation> runs, string folder)
    {
        ComparisonPlot(rows).SavePng(Path.Combine(folder, ComparisonFileName), 800, 700);
        var traces = runs.Where(r => r.DataSet == TraceDataSet && r.ObjectiveKey == TraceObjective && r.Model == TraceModel
                                     && r.Optimizer == TraceOptimizer && r.Seed == TraceSeed && r.Trace.Count > 0).ToList();
        var multiplot = new Multiplot(TracePlot(traces, p => p.Lambda, "λ (Lagrange multiplier)"));
        multiplot.AddPlot(TracePlot(traces, p => p.Slack, "FPR slack at logit 0 (target − FPR)"));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(Path.Combine(folder, TraceFileName), 1400, 600);
    }

    private static Plot ComparisonPlot(IReadOnlyList<ResultRow> rows)
    {
        var plot = new Plot();
        foreach (var (method, color, legend) in new[]
                 { (Method.Default, DefaultColor, "default mode"), (Method.SeedMode, SeedModeColor, "seed mode") })
        {
            var set = rows.Where(r => r.Method == method).ToList();
            if (set.Count == 0) continue;
            // Up is better on both axes: FPR rows are drawn as 1 − FPR.
            double Up(ResultRow row, double value) => row.HigherIsBetter ? value : 1 - value;
            var points = plot.Add.ScatterPoints(set.Select(r => Up(r, r.CrossEntropyOracle.Mean)).ToArray(),
                                                set.Select(r => Up(r, r.Metric.Mean)).ToArray(), color);
            points.MarkerSize = 7;
            points.LegendText = legend;
        }
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = Color.FromHex("#555555");
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "equal";
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title("Held-out metric: generated loss at logit 0 vs cross-entropy, oracle threshold");
        plot.XLabel("cross-entropy, best held-out threshold");
        plot.YLabel("generated loss, logit 0");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static Plot TracePlot(IReadOnlyList<RunEvaluation> traces, Func<TracePoint, double> value, string title)
    {
        var plot = new Plot();
        foreach (var run in traces.OrderBy(r => r.Method))
        {
            var line = plot.Add.ScatterLine(run.Trace.Select(p => (double)p.Step).ToArray(), run.Trace.Select(value).ToArray(),
                                            run.Method == Method.Default ? DefaultColor : SeedModeColor);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = run.Method == Method.Default ? "default (projected ascent)" : "seed mode (gradient reversal)";
        }
        if (title.Contains("slack", StringComparison.Ordinal))
        {
            var zero = plot.Add.HorizontalLine(0, 1, Color.FromHex("#555555"), LinePattern.Dashed);
            zero.LegendText = "target";
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
