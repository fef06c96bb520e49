using System.Globalization;
using ScottPlot;

namespace GlobalObjectives.Samples;

/// <summary>
/// The companion PNG of <see cref="ResultsPlot"/>, drawn the same way: λ over the iterations on the left and the
/// constraint's slack on the right, for both global-objective runs (the data of <see cref="DualTraceCsv"/>). The slack
/// is the one on the training batch, the full training set, at logit 0; PR-AUC shows the means over its anchors.
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
            AddSeries(plot, model, point => point.Lambda);
        string anchors = AnchorNote(result);
        plot.Title(anchors.Length == 0 ? "Lagrange multiplier λ" : $"Lagrange multipliers λ ({anchors})");
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
        foreach (var model in result.GlobalObjectives)
            AddSeries(plot, model, point => point.Slack);
        var demo = result.Settings.Demo;
        string anchors = AnchorNote(result);
        plot.Title(anchors.Length == 0
            ? $"Constraint slack, {demo.TargetName} − {demo.TargetText} (training set, logit 0)"
            : $"Precision slack at x + b_k ({anchors}, training set)");
        plot.XLabel("iteration");
        plot.YLabel("slack (≥ 0: satisfied)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>One line per run, skipping the iterations where the value is undefined.</summary>
    private static void AddSeries(Plot plot, ModelReport model, Func<DualTracePoint, double> value)
    {
        var points = (model.Model.DualTrace ?? []).Where(p => double.IsFinite(value(p))).ToArray();
        if (points.Length == 0) return;
        var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(value).ToArray(), RunColors.Of(model.Run));
        line.LineWidth = 2;
        line.LegendText = model.Run;
    }

    /// <summary>"mean over 20 anchors" for PR-AUC, empty for one constraint.</summary>
    private static string AnchorNote(ExperimentResult result)
        => result.SeedExact.Model.Lambdas is { Length: > 1 } lambdas
            ? string.Create(CultureInfo.InvariantCulture, $"mean over {lambdas.Length} anchors")
            : "";
}
