using System.Globalization;
using GlobalObjectives.Metrics;

namespace GlobalObjectives;

/// <summary>A rate measured at logit 0 on the last training batch and over every training batch since the monitor's last reset.</summary>
/// <param name="Batch">On the last training batch; NaN when undefined there (no positives for recall, say).</param>
/// <param name="Running">Over the batches since the last reset, from summed counts; NaN when undefined.</param>
public readonly record struct RateReading(double Batch, double Running)
{
    /// <summary>"0.953 (run 0.949)".</summary>
    public override string ToString() => Format(Batch) + " (run " + Format(Running) + ")";

    internal static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);

    internal static string FormatSigned(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}

/// <summary>
/// One read of a generated loss's training statistics, copied to the host in one transfer (see
/// <see cref="GlobalObjectiveLoss.ReadMonitorState"/>). Each generated objective wraps it in its own typed monitor
/// (<c>ReadMonitor()</c>) whose properties are named after the declared metrics.
/// </summary>
public sealed class MonitorReading
{
    private readonly double[] _last;
    private readonly double[] _running;
    private readonly int _columns;

    internal MonitorReading(long steps, long batchesSinceReset, int numLabels, int anchors, double[] last, double[] running,
        int columns, double[]? lambdas, double[]? biases, IReadOnlyList<double> targets, double maxLambda)
    {
        Steps = steps;
        BatchesSinceReset = batchesSinceReset;
        NumLabels = numLabels;
        Anchors = anchors;
        _last = last;
        _running = running;
        _columns = columns;
        Lambdas = lambdas;
        Biases = biases;
        Targets = targets;
        MaxLambda = maxLambda;
    }

    /// <summary>Training batches seen since the loss was built (or its state loaded).</summary>
    public long Steps { get; }

    /// <summary>Training batches summed into the running readings since the last reset.</summary>
    public long BatchesSinceReset { get; }

    /// <summary>L.</summary>
    public int NumLabels { get; }

    /// <summary>K, the number of anchors (PR-AUC), or 1.</summary>
    public int Anchors { get; }

    /// <summary>λ, row-major [L, K]; null when the objective has none.</summary>
    public IReadOnlyList<double>? Lambdas { get; }

    /// <summary>PR-AUC's biases b, row-major [L, K]; null otherwise.</summary>
    public IReadOnlyList<double>? Biases { get; }

    /// <summary>The constraint targets: per label [L], or per anchor [K] for PR-AUC.</summary>
    public IReadOnlyList<double> Targets { get; }

    /// <summary>λ_max of the projected-ascent update (infinity with gradient reversal).</summary>
    public double MaxLambda { get; }

    /// <summary>The confusion counts at logit 0 (PR-AUC: at x + b_k) on the last training batch.</summary>
    public ConfusionCounts BatchCounts(int label, int anchor = 0) => Counts(_last, label, anchor);

    /// <summary>The confusion counts at logit 0 (PR-AUC: at x + b_k) summed since the last reset.</summary>
    public ConfusionCounts RunningCounts(int label, int anchor = 0) => Counts(_running, label, anchor);

    /// <summary><paramref name="metric"/> at logit 0, on the last batch and since the last reset.</summary>
    public RateReading Rate(Metric metric, int label, int anchor = 0)
        => new(Value(metric, BatchCounts(label, anchor)), Value(metric, RunningCounts(label, anchor)));

    /// <summary>
    /// The slack of "<paramref name="metric"/> <paramref name="direction"/> target", signed so that ≥ 0 means satisfied:
    /// value − target for ≥, target − value for ≤.
    /// </summary>
    public RateReading Slack(Metric metric, ConstraintDirection direction, int label, int anchor = 0)
    {
        double target = Target(label, anchor);
        var rate = Rate(metric, label, anchor);
        return direction == ConstraintDirection.AtLeast
            ? new(rate.Batch - target, rate.Running - target)
            : new(target - rate.Batch, target - rate.Running);
    }

    /// <summary>The constraint target of a label (or, for PR-AUC, of an anchor).</summary>
    public double Target(int label, int anchor = 0) => Anchors > 1 || Targets.Count != NumLabels ? Targets[anchor] : Targets[label];

    /// <summary>λ of a label (and anchor); NaN when the objective has none.</summary>
    public double Lambda(int label, int anchor = 0) => Lambdas is { } l ? l[Index(label, anchor)] : double.NaN;

    /// <summary>The PR-AUC bias of a label and anchor; NaN for other objectives.</summary>
    public double Bias(int label, int anchor) => Biases is { } b ? b[Index(label, anchor)] : double.NaN;

    /// <summary>Whether λ of a label (and anchor) sits at λ_max: the constraint is likely infeasible there.</summary>
    public bool AtMaxLambda(int label, int anchor = 0) => Lambda(label, anchor) >= MaxLambda;

    /// <summary>The value of a confusion-matrix metric; NaN where undefined (no positives for recall, nothing predicted for precision).</summary>
    public static double Value(Metric metric, ConfusionCounts counts) => metric switch
    {
        Metric.Recall or Metric.TruePositiveRate => counts.Recall,
        Metric.Precision => counts.TruePositives + counts.FalsePositives > 0 ? counts.Precision : double.NaN,
        Metric.FalsePositiveRate => counts.FalsePositiveRate,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Only confusion-matrix metrics (Recall, TruePositiveRate, Precision, FalsePositiveRate) have a value at one threshold."),
    };

    private int Index(int label, int anchor)
    {
        if ((uint)label >= (uint)NumLabels)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"label must be in [0, {NumLabels - 1}].");
        if ((uint)anchor >= (uint)Anchors)
            throw new ArgumentOutOfRangeException(nameof(anchor), anchor, $"anchor must be in [0, {Anchors - 1}].");
        return label * Anchors + anchor;
    }

    private ConfusionCounts Counts(double[] statistics, int label, int anchor)
    {
        _ = Index(label, anchor); // validates both
        int row = label * _columns;
        double positives = statistics[row + BatchStatistics.PositivesColumn];
        double negatives = statistics[row + BatchStatistics.WeightColumn] - positives;
        double falseNegatives = statistics[row + BatchStatistics.FalseNegativesColumn + anchor];
        double falsePositives = statistics[row + BatchStatistics.FalseNegativesColumn + Anchors + anchor];
        return new ConfusionCounts(positives - falseNegatives, falsePositives, negatives - falsePositives, falseNegatives);
    }
}
