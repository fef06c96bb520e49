using System.Globalization;
using ScottPlot;

namespace GlobalObjectives.Samples;

/// <summary>
/// The PNG: on the left the eval data with the three models' decision boundaries at their operating thresholds; on
/// the right their precision-recall curves on the eval set, with the operating points and the target.
/// <see cref="DualTracePlot"/> draws the companion figure of λ and the slack over the iterations.
/// </summary>
internal static class ResultsPlot
{
    /// <summary>The file name inside the output folder.</summary>
    public const string FileName = "results.png";

    /// <summary>Renders the plot into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(ExperimentResult result, string folder, int width = 1400, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = Path.Combine(folder, FileName);
        var multiplot = new Multiplot(DataPlot(result));
        multiplot.AddPlot(CurvePlot(result));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, width, height);
        return path;
    }

    private static Plot DataPlot(ExperimentResult result)
    {
        var plot = new Plot();
        var eval = result.EvalSet;
        var xs = eval.Xs;
        var ys = eval.Ys;
        AddPoints(plot, xs, ys, eval.Labels, 0, Color.FromHex("#9e9e9e").WithAlpha(0.45), "negatives");
        AddPoints(plot, xs, ys, eval.Labels, 1, Color.FromHex("#3366cc").WithAlpha(0.75), "positives");

        double xMin = xs.Min() - 0.15, xMax = xs.Max() + 0.15, yMin = ys.Min() - 0.15, yMax = ys.Max() + 0.15;
        var demo = result.Settings.Demo;
        string at = demo.HasOperatingPoint ? $"threshold for {demo.OperatingPointText}" : "score = 0";
        foreach (var model in result.Models)
            AddBoundary(plot, model, xMin, xMax, yMin, yMax, RunColors.Of(model.Run), $"{model.Run} ({at})");

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title("Eval data and decision boundaries");
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static Plot CurvePlot(ExperimentResult result)
    {
        var plot = new Plot();
        var demo = result.Settings.Demo;
        foreach (var model in result.Models)
            AddCurve(plot, model, RunColors.Of(model.Run), model.Run, demo);
        if (demo.TargetKey == "target_recall")
        {
            var line = plot.Add.VerticalLine(demo.TargetValue, 1, Color.FromHex("#555555"), LinePattern.Dashed);
            line.LegendText = $"target recall {demo.TargetText}";
        }
        else if (demo.TargetKey == "target_precision")
        {
            var line = plot.Add.HorizontalLine(demo.TargetValue, 1, Color.FromHex("#555555"), LinePattern.Dashed);
            line.LegendText = $"target precision {demo.TargetText}";
        }
        foreach (var constraint in demo.Constraints.Where(c => c.Key == "precision"))
        {
            // The one constraint of a several-constraint demo a PR curve can show; the others are in the console table.
            var line = plot.Add.HorizontalLine(constraint.Target, 1, Color.FromHex("#555555"), LinePattern.Dashed);
            line.LegendText = constraint.Label;
        }
        plot.Axes.SetLimits(0, 1.02, 0, 1.02);
        plot.Title(demo.MetricKey == "average_precision"
            ? "Precision-recall curves (eval set)"
            : $"Precision-recall curves (eval set); dots: {demo.MetricLabel}");
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void AddPoints(Plot plot, double[] xs, double[] ys, double[] labels, double label, Color color, string legend)
    {
        var px = new List<double>();
        var py = new List<double>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != label) continue;
            px.Add(xs[i]);
            py.Add(ys[i]);
        }
        var points = plot.Add.ScatterPoints(px.ToArray(), py.ToArray(), color);
        points.MarkerSize = 3;
        points.LegendText = legend;
    }

    private static void AddBoundary(Plot plot, ModelReport report, double xMin, double xMax, double yMin, double yMax, Color color, string legend)
    {
        // The boundary of "score ≥ threshold": w₀·x₁ + w₁·x₂ + b = threshold (the logit 0 line when there is no threshold).
        double threshold = double.IsFinite(report.Eval.Threshold) ? report.Eval.Threshold : 0.0;
        double w0 = report.Model.Weights[0], w1 = report.Model.Weights[1], b = report.Model.Bias;
        ScottPlot.Plottables.LinePlot line;
        if (Math.Abs(w1) > 1e-9 * Math.Max(1, Math.Abs(w0)))
            line = plot.Add.Line(xMin, (threshold - b - w0 * xMin) / w1, xMax, (threshold - b - w0 * xMax) / w1);
        else if (Math.Abs(w0) > 0)
            line = plot.Add.Line((threshold - b) / w0, yMin, (threshold - b) / w0, yMax);
        else
            return; // a constant model has no boundary
        line.Color = color;
        line.LineWidth = 2.5f;
        line.MarkerSize = 0;
        line.LegendText = legend;
    }

    private static void AddCurve(Plot plot, ModelReport report, Color color, string name, Demo demo)
    {
        var curve = report.EvalCurve;
        var scatter = plot.Add.ScatterLine(curve.Recall.ToArray(), curve.Precision.ToArray(), color);
        scatter.LineWidth = 2;
        scatter.ConnectStyle = ConnectStyle.StepHorizontal;
        string metric = report.Eval.Metric.ToString("0.000", CultureInfo.InvariantCulture);
        string ap = report.AveragePrecision.ToString("0.000", CultureInfo.InvariantCulture);
        scatter.LegendText = demo.MetricKey == "average_precision"
            ? $"{name}: AP {ap}"
            : $"{name}: {metric} (AP {ap})";
        if (double.IsFinite(report.Eval.Recall) && double.IsFinite(report.Eval.Precision))
        {
            var marker = plot.Add.Marker(report.Eval.Recall, report.Eval.Precision, MarkerShape.FilledCircle, 9, color);
            marker.LegendText = "";
        }
    }
}
