using System.Globalization;
using ScottPlot;

namespace GlobalObjectives.Samples;

/// <summary>
/// The companion PNG of <see cref="ResultsPlot"/>, drawn the same way: λ over the iterations on the left and the
/// constraint's slack on the right, for both global-objective runs (the data of <see cref="DualTraceCsv"/>). The slack
/// is the one on the training batch, the full training set, at logit 0; PR-AUC shows the means over its anchors, a
/// several-constraint demo one line per run and constraint (solid for the first constraint, dashed for the others).
/// </summary>
internal static class DualTracePlot
{
    /// <summary>The file name inside the output folder.</summary>
    public const string FileName = "results-duals.png";

    /// <summary>Renders the plot into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(ExperimentResult result, string folder, int width = 1400, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = Path.Combine(folder, FileName);
        var multiplot = new Multiplot(LambdaPlot(result));
        multiplot.AddPlot(SlackPlot(result));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, width, height);
        return path;
    }

    private static Plot LambdaPlot(ExperimentResult result)
    {
        var plot = new Plot();
        foreach (var model in result.GlobalObjectives)
            AddSeries(plot, model, result.Settings.Demo, point => point.Lambda);
        string anchors = AnchorNote(result);
        plot.Title(result.Settings.Demo.Constraints.Count > 1 ? "Lagrange multipliers λ, one per constraint"
            : anchors.Length == 0 ? "Lagrange multiplier λ" : $"Lagrange multipliers λ ({anchors})");
        plot.XLabel("iteration");
        plot.YLabel(anchors.Length == 0 ? "λ" : "mean λ");
        plot.Axes.Bottom.Min = 0;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static Plot SlackPlot(ExperimentResult result)
    {
        var plot = new Plot();
        var zero = plot.Add.HorizontalLine(0, 1, Color.FromHex("#555555"), LinePattern.Dashed);
        zero.LegendText = "constraint met above 0";
        var demo = result.Settings.Demo;
        foreach (var model in result.GlobalObjectives)
            AddSeries(plot, model, demo, point => point.Slack);
        string anchors = AnchorNote(result);
        plot.Title(demo.Constraints.Count > 0 ? "Constraint slacks (training set, logit 0)"
            : anchors.Length == 0 ? $"Constraint slack, {demo.TargetName} − {demo.TargetText} (training set, logit 0)"
            : $"Precision slack at x + b_k ({anchors}, training set)");
        plot.XLabel("iteration");
        plot.YLabel("slack (≥ 0: satisfied)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>One line per run and constraint, skipping the iterations where the value is undefined.</summary>
    private static void AddSeries(Plot plot, ModelReport model, Demo demo, Func<DualTracePoint, double> value)
    {
        foreach (var series in (model.Model.DualTrace ?? []).GroupBy(p => p.Constraint))
        {
            var points = series.Where(p => double.IsFinite(value(p))).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(value).ToArray(), RunColors.Of(model.Run));
            line.LineWidth = 2;
            line.LinePattern = series.Key == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = demo.Constraints.Count > 1 ? $"{model.Run}: {demo.Constraints[series.Key].Label}" : model.Run;
        }
    }

    /// <summary>"mean over 20 anchors" for PR-AUC, empty for one constraint or several declared ones.</summary>
    private static string AnchorNote(ExperimentResult result)
        => result.Settings.Demo.Constraints.Count == 0 && result.SeedExact.Model.Lambdas is { Length: > 1 } lambdas
            ? string.Create(CultureInfo.InvariantCulture, $"mean over {lambdas.Length} anchors")
            : "";
}
