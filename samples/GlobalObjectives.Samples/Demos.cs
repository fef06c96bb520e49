using System.Globalization;
using GlobalObjectives.Metrics;

namespace GlobalObjectives.Samples;

/// <summary>How a model did on a data set by the demo's metric.</summary>
/// <param name="Metric">The demo's metric (precision at recall, recall at precision, or average precision).</param>
/// <param name="Threshold">The operating threshold on the logit (score ≥ threshold is positive); NaN when the metric has none.</param>
/// <param name="Precision">Precision at that threshold (NaN when there is none).</param>
/// <param name="Recall">Recall at that threshold (NaN when there is none).</param>
internal sealed record Evaluation(double Metric, double Threshold, double Precision, double Recall);

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

    /// <summary>The dual rate factor of the seed-exact run (<see cref="DualUpdate.GradientReversal"/> only).</summary>
    public required double DualRateFactor { get; init; }

    /// <summary>Creates the generated loss, paired with the reader of its typed training monitor.</summary>
    public required Func<ObjectiveOptions, MonitoredLoss> CreateLoss { get; init; }

    /// <summary>Evaluates scores against labels with the exact (non-surrogate) metric.</summary>
    public required Func<double[], double[], Evaluation> Evaluate { get; init; }

    /// <summary>precision-at-recall (the default), recall-at-precision, pr-auc.</summary>
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
