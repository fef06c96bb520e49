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

/// <summary>A declared constraint as the monitor reports it.</summary>
/// <param name="Metric">The constrained metric, as declared.</param>
/// <param name="Direction">≥ or ≤.</param>
/// <param name="Beta">β of an FScore constraint; 1 otherwise.</param>
/// <param name="Targets">The resolved targets: per label [L], or per anchor [K] for an anchored plan's anchor constraint.</param>
public sealed record MonitoredConstraint(Metric Metric, ConstraintDirection Direction, double Beta, IReadOnlyList<double> Targets);

/// <summary>
/// One read of a generated loss's training statistics, copied to the host in one transfer (see
/// <see cref="GlobalObjectiveLoss.ReadMonitorState"/>). Each generated objective wraps it in its own typed monitor
/// (<c>ReadMonitor()</c>) whose properties are named after the declared metrics.
/// </summary>
/// <remarks>
/// The <c>Constraint…</c> members take the constraint's position in declaration order. <see cref="Target"/>,
/// <see cref="Slack"/>, <see cref="Lambda"/> and <see cref="AtMaxLambda"/> read constraint 0 (per anchor for anchored plans).
/// </remarks>
public sealed class MonitorReading
{
    private readonly double[] _last;
    private readonly double[] _running;
    private readonly int _columns;
    private readonly bool _anchored;
    private readonly double[]? _fscoreLevels;
    private readonly double _maxLambdaAsStored;

    internal MonitorReading(long steps, long batchesSinceReset, int numLabels, int anchors, bool anchored, double[] last, double[] running,
        int columns, double[]? lambdas, double[]? biases, IReadOnlyList<MonitoredConstraint> constraints, double maxLambda,
        double[]? fscoreLevels, bool lambdasAreSingle = false)
    {
        Steps = steps;
        BatchesSinceReset = batchesSinceReset;
        NumLabels = numLabels;
        Anchors = anchors;
        _last = last;
        _running = running;
        _columns = columns;
        _anchored = anchored;
        Lambdas = lambdas;
        Biases = biases;
        Constraints = constraints;
        Targets = constraints.Count > 0 ? constraints[0].Targets : [];
        MaxLambda = maxLambda;
        // λ clipped at λ_max and stored in float32 reads back as λ_max rounded to float32 (1.05 as 1.0499999523).
        _maxLambdaAsStored = lambdasAreSingle ? (float)maxLambda : maxLambda;
        _fscoreLevels = fscoreLevels;
    }

    /// <summary>Training batches seen since the loss was built (or its state loaded).</summary>
    public long Steps { get; }

    /// <summary>Training batches summed into the running readings since the last reset.</summary>
    public long BatchesSinceReset { get; }

    /// <summary>L.</summary>
    public int NumLabels { get; }

    /// <summary>K, the number of anchors (anchored plans), or 1.</summary>
    public int Anchors { get; }

    /// <summary>λ, row-major: [L] (one constraint), [L, J] (J constraints) or [L, K] (anchors); null when the objective has none.</summary>
    public IReadOnlyList<double>? Lambdas { get; }

    /// <summary>The anchored plans' biases b, row-major [L, K]; null otherwise.</summary>
    public IReadOnlyList<double>? Biases { get; }

    /// <summary>The declared constraints in declaration order (an anchored plan: its one anchor constraint); empty for an Fβ objective without constraints.</summary>
    public IReadOnlyList<MonitoredConstraint> Constraints { get; }

    /// <summary>The targets of constraint 0: per label [L], or per anchor [K] for anchored plans; empty without constraints.</summary>
    public IReadOnlyList<double> Targets { get; }

    /// <summary>λ_max of the projected-ascent update (infinity with gradient reversal).</summary>
    public double MaxLambda { get; }

    /// <summary>Whether the objective maximizes Fβ and so has a level q (<see cref="FScoreLevel"/>).</summary>
    public bool HasFScoreLevel => _fscoreLevels is not null;

    /// <summary>The confusion counts at logit 0 (anchored plans: at x + b_k) on the last training batch.</summary>
    public ConfusionCounts BatchCounts(int label, int anchor = 0) => Counts(_last, label, anchor);

    /// <summary>The confusion counts at logit 0 (anchored plans: at x + b_k) summed since the last reset.</summary>
    public ConfusionCounts RunningCounts(int label, int anchor = 0) => Counts(_running, label, anchor);

    /// <summary><paramref name="metric"/> (with <paramref name="beta"/> for FScore) at logit 0, on the last batch and since the last reset.</summary>
    public RateReading Rate(Metric metric, int label, int anchor = 0, double beta = 1.0)
        => new(Value(metric, BatchCounts(label, anchor), beta), Value(metric, RunningCounts(label, anchor), beta));

    /// <summary>
    /// The slack of "<paramref name="metric"/> <paramref name="direction"/> target" against constraint 0's target, signed
    /// so that ≥ 0 means satisfied: value − target for ≥, target − value for ≤.
    /// </summary>
    public RateReading Slack(Metric metric, ConstraintDirection direction, int label, int anchor = 0)
        => SlackOf(Rate(metric, label, anchor), direction, Target(label, anchor));

    /// <summary>The target of constraint 0 for a label (or, for anchored plans, of an anchor).</summary>
    public double Target(int label, int anchor = 0) => Anchors > 1 || Targets.Count != NumLabels ? Targets[anchor] : Targets[label];

    /// <summary>λ of constraint 0 for a label (and anchor); NaN when the objective has none.</summary>
    public double Lambda(int label, int anchor = 0)
    {
        if (Lambdas is not { } lambdas) return double.NaN;
        return !_anchored && Constraints.Count > 1 ? ConstraintLambda(0, label) : lambdas[Index(label, anchor)];
    }

    /// <summary>The anchored plans' bias of a label and anchor; NaN for other objectives.</summary>
    public double Bias(int label, int anchor) => Biases is { } b ? b[Index(label, anchor)] : double.NaN;

    /// <summary>Whether λ of constraint 0 for a label (and anchor) sits at λ_max: the constraint is likely infeasible there.</summary>
    public bool AtMaxLambda(int label, int anchor = 0) => Lambda(label, anchor) >= _maxLambdaAsStored;

    /// <summary>The value of constraint <paramref name="constraint"/>'s metric for a label at logit 0 (anchored plans: anchor 0).</summary>
    public RateReading ConstraintValue(int constraint, int label) => ConstraintValue(constraint, label, 0);

    /// <summary>The value of constraint <paramref name="constraint"/>'s metric for a label and anchor (anchored plans) at x + b_k.</summary>
    public RateReading ConstraintValue(int constraint, int label, int anchor)
    {
        var declared = Constraint(constraint);
        return Rate(declared.Metric, label, anchor, declared.Beta);
    }

    /// <summary>The slack of constraint <paramref name="constraint"/> for a label, ≥ 0 when satisfied (value − target for ≥, target − value for ≤).</summary>
    public RateReading ConstraintSlack(int constraint, int label) => ConstraintSlack(constraint, label, 0);

    /// <summary>The slack of constraint <paramref name="constraint"/> for a label and anchor (anchored plans).</summary>
    public RateReading ConstraintSlack(int constraint, int label, int anchor)
        => SlackOf(ConstraintValue(constraint, label, anchor), Constraint(constraint).Direction, ConstraintTarget(constraint, label, anchor));

    /// <summary>The resolved target of constraint <paramref name="constraint"/> for a label.</summary>
    public double ConstraintTarget(int constraint, int label) => ConstraintTarget(constraint, label, 0);

    /// <summary>The resolved target of constraint <paramref name="constraint"/> for a label, or for an anchor (anchored plans).</summary>
    public double ConstraintTarget(int constraint, int label, int anchor)
    {
        var declared = Constraint(constraint);
        int index = Index(label, anchor);
        return _anchored ? declared.Targets[index % Anchors] : declared.Targets[label];
    }

    /// <summary>λ of constraint <paramref name="constraint"/> for a label; NaN when the objective has none.</summary>
    public double ConstraintLambda(int constraint, int label) => ConstraintLambda(constraint, label, 0);

    /// <summary>λ of constraint <paramref name="constraint"/> for a label and anchor (anchored plans); NaN when the objective has none.</summary>
    public double ConstraintLambda(int constraint, int label, int anchor)
    {
        _ = Constraint(constraint);
        int index = Index(label, anchor);
        if (Lambdas is not { } lambdas) return double.NaN;
        return _anchored ? lambdas[index] : lambdas[label * Constraints.Count + constraint];
    }

    /// <summary>Whether λ of constraint <paramref name="constraint"/> for a label sits at λ_max: that constraint is likely infeasible.</summary>
    public bool ConstraintLambdaAtMax(int constraint, int label) => ConstraintLambda(constraint, label) >= _maxLambdaAsStored;

    /// <summary>Whether λ of constraint <paramref name="constraint"/> for a label and anchor sits at λ_max.</summary>
    public bool ConstraintLambdaAtMax(int constraint, int label, int anchor) => ConstraintLambda(constraint, label, anchor) >= _maxLambdaAsStored;

    /// <summary>An Fβ objective's level q for a label (the Fβ of its decayed counts at logit 0); NaN when the objective has none.</summary>
    public double FScoreLevel(int label)
    {
        _ = Index(label, 0);
        return _fscoreLevels is { } levels ? levels[label] : double.NaN;
    }

    /// <summary>
    /// The value of a confusion-matrix metric; NaN where undefined: no positives (recall, TPR, FNR), no negatives (FPR,
    /// TNR, specificity), nothing predicted positive (precision), nothing predicted negative (NPV), no weight (accuracy),
    /// β²·P + TP + FP = 0 (FScore).
    /// </summary>
    /// <param name="metric">A metric with a value at one threshold (not PrAuc or RocAuc).</param>
    /// <param name="counts">The confusion counts.</param>
    /// <param name="beta">β for <see cref="Metric.FScore"/>, positive and finite; ignored otherwise.</param>
    public static double Value(Metric metric, ConfusionCounts counts, double beta = 1.0) => metric switch
    {
        Metric.Recall or Metric.TruePositiveRate => counts.Recall,
        Metric.Precision => counts.TruePositives + counts.FalsePositives > 0 ? counts.Precision : double.NaN,
        Metric.FalsePositiveRate => counts.FalsePositiveRate,
        Metric.TrueNegativeRate or Metric.Specificity => counts.TrueNegativeRate,
        Metric.FalseNegativeRate => counts.FalseNegativeRate,
        Metric.NegativePredictiveValue => counts.TrueNegatives + counts.FalseNegatives > 0 ? counts.NegativePredictiveValue : double.NaN,
        Metric.Accuracy => counts.Accuracy,
        Metric.FScore => beta * beta * counts.Positives + counts.TruePositives + counts.FalsePositives > 0 || !MetricFacts.IsValidBeta(beta)
            ? counts.FScore(beta) : double.NaN,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric,
            "Only confusion-matrix metrics (Recall, TruePositiveRate, Precision, FalsePositiveRate, TrueNegativeRate, Specificity, FalseNegativeRate, NegativePredictiveValue, Accuracy, FScore) have a value at one threshold."),
    };

    private static RateReading SlackOf(RateReading rate, ConstraintDirection direction, double target)
        => direction == ConstraintDirection.AtLeast
            ? new(rate.Batch - target, rate.Running - target)
            : new(target - rate.Batch, target - rate.Running);

    private MonitoredConstraint Constraint(int constraint)
    {
        if ((uint)constraint >= (uint)Constraints.Count)
            throw new ArgumentOutOfRangeException(nameof(constraint), constraint,
                Constraints.Count == 0 ? "This objective declares no constraint." : $"constraint must be in [0, {Constraints.Count - 1}].");
        return Constraints[constraint];
    }

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
