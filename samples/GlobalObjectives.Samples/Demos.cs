using System.Globalization;
using GlobalObjectives.Metrics;

namespace GlobalObjectives.Samples;

/// <summary>How a model did on a data set by the demo's metric.</summary>
/// <param name="Metric">The demo's metric (precision at recall, recall at precision, or average precision).</param>
/// <param name="Threshold">The operating threshold on the logit (score ≥ threshold is positive); NaN when the metric has none.</param>
/// <param name="Precision">Precision at that threshold (NaN when there is none).</param>
/// <param name="Recall">Recall at that threshold (NaN when there is none).</param>
internal sealed record Evaluation(double Metric, double Threshold, double Precision, double Recall);

/// <summary>
/// One declared constraint of a several-constraint demo, judged by the exact rate of predicting <c>score ≥ threshold</c>.
/// </summary>
/// <param name="Name">The metric's short name for display ("precision", "FPR").</param>
/// <param name="Key">The metric's key in results.json and results-duals.csv ("precision", "false_positive_rate").</param>
/// <param name="AtLeast">True for <c>"&gt;="</c>, false for <c>"&lt;="</c>.</param>
/// <param name="Target">The declared target.</param>
/// <param name="Rate">The metric of the confusion counts.</param>
internal sealed record DemoConstraint(string Name, string Key, bool AtLeast, double Target, Func<ConfusionCounts, double> Rate)
{
    /// <summary>"≥" or "≤".</summary>
    public string Relation => AtLeast ? "≥" : "≤";

    /// <summary>"precision ≥ 0.9".</summary>
    public string Label => $"{Name} {Relation} {Target.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>How far inside the constraint the counts are: ≥ 0 when it holds.</summary>
    public double Slack(ConfusionCounts counts) => AtLeast ? Rate(counts) - Target : Target - Rate(counts);
}

/// <summary>The rate a several-constraint demo maximizes, as a function of the confusion counts.</summary>
/// <param name="Name">Its short name ("recall").</param>
/// <param name="Rate">The metric of the confusion counts.</param>
internal sealed record DemoObjective(string Name, Func<ConfusionCounts, double> Rate);

/// <summary>One objective the sample can train for, and the exact metric that judges it.</summary>
internal sealed class Demo
{
    /// <summary>The <c>--objective</c> value.</summary>
    public required string Name { get; init; }

    /// <summary>The attribute declaration of the generated loss, for display.</summary>
    public required string Declaration { get; init; }

    /// <summary>The metric's key in results.json.</summary>
    public required string MetricKey { get; init; }

    /// <summary>The metric's name in the table.</summary>
    public required string MetricLabel { get; init; }

    /// <summary>The key of the constraint target in results.json (null for PR-AUC).</summary>
    public string? TargetKey { get; init; }

    /// <summary>The constrained metric's name ("recall", "precision"), for display.</summary>
    public string TargetName => TargetKey?.Replace("target_", "", StringComparison.Ordinal) ?? "";

    /// <summary>The constraint target.</summary>
    public double TargetValue { get; init; }

    /// <summary>
    /// The declared constraints of a demo with several (in declaration order, as the loss's λ columns); empty for the
    /// single-constraint demos (<see cref="TargetKey"/>) and PR-AUC. With several, the report adds each model's rates at
    /// logit 0 and the trace holds λ and the slack of each constraint.
    /// </summary>
    public IReadOnlyList<DemoConstraint> Constraints { get; init; } = [];

    /// <summary>The maximized rate of a demo with <see cref="Constraints"/>; null otherwise.</summary>
    public DemoObjective? Objective { get; init; }

    /// <summary>Whether the metric is judged at one operating threshold (every demo but PR-AUC).</summary>
    public bool HasOperatingPoint => TargetKey is not null || Constraints.Count > 0;

    /// <summary>The operating point for display: "recall 0.98", "precision ≥ 0.9, FPR ≤ 0.02", or "" (PR-AUC).</summary>
    public string OperatingPointText => Constraints.Count > 0
        ? string.Join(", ", Constraints.Select(c => c.Label))
        : TargetKey is null ? "" : $"{TargetName} {TargetText}";

    /// <summary>The dual rate factor of the seed-exact run (<see cref="DualUpdate.GradientReversal"/> only).</summary>
    public required double DualRateFactor { get; init; }

    /// <summary>Creates the generated loss, paired with the reader of its typed training monitor.</summary>
    public required Func<ObjectiveOptions, MonitoredLoss> CreateLoss { get; init; }

    /// <summary>Evaluates scores against labels with the exact (non-surrogate) metric.</summary>
    public required Func<double[], double[], Evaluation> Evaluate { get; init; }

    // Declared before All, which uses it: static initializers run in textual order.
    private static readonly IReadOnlyList<DemoConstraint> RecallAtPrecisionAndFprConstraints =
    [
        new("precision", "precision", AtLeast: true, RecallAtPrecision90AndFpr2.DeclaredPrecisionTarget, c => c.Precision),
        new("FPR", "false_positive_rate", AtLeast: false, RecallAtPrecision90AndFpr2.DeclaredFalsePositiveRateTarget, c => c.FalsePositiveRate),
    ];

    /// <summary>precision-at-recall (the default), recall-at-precision, pr-auc, recall-at-precision-and-fpr.</summary>
    public static IReadOnlyList<Demo> All { get; } =
    [
        new Demo
        {
            Name = "precision-at-recall",
            Declaration = "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.98)]",
            MetricKey = "precision_at_recall",
            MetricLabel = "precision at recall 0.98",
            TargetKey = "target_recall",
            TargetValue = 0.98,
            DualRateFactor = 15.0, // the seed's GO_DUAL_RATE_FACTOR
            CreateLoss = options => MonitoredLoss.Create(new PrecisionAtRecall98(numLabels: 1, options), (loss, reset) =>
            {
                var monitor = loss.ReadMonitor(reset);
                return new DualReading(monitor[0].Lambda, monitor[0].RecallSlack.Batch, monitor);
            }),
            // The seed's metric: threshold = 2nd percentile of the positives' scores, then precision.
            Evaluate = (scores, labels) =>
            {
                var point = BinaryMetrics.PrecisionAtRecallByPercentile(scores, labels, 0.98);
                return new Evaluation(point.Precision, point.Threshold, point.Precision, point.Recall);
            },
        },
        new Demo
        {
            Name = "recall-at-precision",
            Declaration = "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.95)]",
            MetricKey = "recall_at_precision",
            MetricLabel = "recall at precision 0.95",
            TargetKey = "target_precision",
            TargetValue = 0.95,
            DualRateFactor = 15.0,
            CreateLoss = options => MonitoredLoss.Create(new RecallAtPrecision95(numLabels: 1, options), (loss, reset) =>
            {
                var monitor = loss.ReadMonitor(reset);
                return new DualReading(monitor[0].Lambda, monitor[0].PrecisionSlack.Batch, monitor);
            }),
            Evaluate = (scores, labels) =>
            {
                var point = BinaryMetrics.RecallAtPrecision(scores, labels, 0.95);
                return new Evaluation(point.Recall, point.Threshold, point.Precision, point.Recall);
            },
        },
        new Demo
        {
            Name = "pr-auc",
            Declaration = "[Maximize(PrAuc)]",
            MetricKey = "average_precision",
            MetricLabel = "average precision",
            DualRateFactor = 15.0,
            // One constraint per anchor: the trace keeps the mean λ and the mean slack over the anchors.
            CreateLoss = options => MonitoredLoss.Create(new PrecisionRecallAuc(numLabels: 1, options), (loss, reset) =>
            {
                var monitor = loss.ReadMonitor(reset);
                var anchors = Enumerable.Range(0, PrecisionRecallAuc.AnchorCount).Select(k => monitor[0].Anchor(k)).ToArray();
                return new DualReading(
                    anchors.Average(a => a.Lambda),
                    MonitoredLoss.MeanOfDefined(anchors.Select(a => a.PrecisionSlack.Batch)),
                    monitor);
            }),
            Evaluate = (scores, labels) =>
                new Evaluation(BinaryMetrics.AveragePrecision(scores, labels), double.NaN, double.NaN, double.NaN),
        },
        new Demo
        {
            Name = "recall-at-precision-and-fpr",
            Declaration = "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 0.02)]",
            MetricKey = "recall_at_precision_and_fpr",
            MetricLabel = "recall at precision 0.9, FPR 0.02",
            Constraints = RecallAtPrecisionAndFprConstraints,
            Objective = new DemoObjective("recall", c => c.Recall),
            DualRateFactor = 15.0,
            CreateLoss = options => MonitoredLoss.Create(new RecallAtPrecision90AndFpr2(numLabels: 1, options), (loss, reset) =>
            {
                var monitor = loss.ReadMonitor(reset);
                return new DualReading(
                    [
                        new ConstraintDual(monitor[0].PrecisionLambda, monitor[0].PrecisionSlack.Batch),
                        new ConstraintDual(monitor[0].FalsePositiveRateLambda, monitor[0].FalsePositiveRateSlack.Batch),
                    ],
                    monitor);
            }),
            // The best recall over the thresholds where both constraints hold on these data.
            Evaluate = (scores, labels) => Thresholds.Best(scores, labels, RecallAtPrecisionAndFprConstraints, c => c.Recall),
        },
    ];


    /// <summary>This demo with another dual rate factor.</summary>
    public Demo WithDualRateFactor(double dualRateFactor) => new()
    {
        Name = Name,
        Declaration = Declaration,
        MetricKey = MetricKey,
        MetricLabel = MetricLabel,
        TargetKey = TargetKey,
        TargetValue = TargetValue,
        Constraints = Constraints,
        Objective = Objective,
        DualRateFactor = dualRateFactor,
        CreateLoss = CreateLoss,
        Evaluate = Evaluate,
    };

    /// <summary>The demo named <paramref name="name"/>, or null.</summary>
    public static Demo? Find(string name)
        => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The target formatted for display.</summary>
    public string TargetText => TargetKey is null ? "" : TargetValue.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The best operating threshold under several constraints, by the exact counts.</summary>
internal static class Thresholds
{
    /// <summary>
    /// The highest <paramref name="objective"/> over the thresholds "score ≥ t", t each distinct score, where every
    /// constraint holds; NaN everywhere when none does. Precision and recall are those at that threshold.
    /// </summary>
    public static Evaluation Best(double[] scores, double[] labels, IReadOnlyList<DemoConstraint> constraints, Func<ConfusionCounts, double> objective)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var descending = scores.Select(s => -s).ToArray();
        Array.Sort(descending, order);
        double positives = labels.Sum(), negatives = labels.Length - positives, truePositives = 0, falsePositives = 0;
        var best = new Evaluation(double.NaN, double.NaN, double.NaN, double.NaN);
        for (int rank = 0; rank < order.Length; rank++)
        {
            int i = order[rank];
            if (labels[i] == 1) truePositives++;
            else falsePositives++;
            if (rank + 1 < order.Length && scores[order[rank + 1]] == scores[i]) continue; // tied scores move together
            var counts = new ConfusionCounts(truePositives, falsePositives, negatives - falsePositives, positives - truePositives);
            if (constraints.Any(c => c.Slack(counts) < 0)) continue;
            double value = objective(counts);
            if (double.IsNaN(best.Metric) || value > best.Metric) best = new Evaluation(value, scores[i], counts.Precision, counts.Recall);
        }
        return best;
    }
}
