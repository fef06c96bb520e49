using System.Globalization;
using GlobalObjectives.TrainingQuality.Evaluation;

namespace GlobalObjectives.TrainingQuality.Experiments;

public enum ObjectiveFamily
{
    RecallAtPrecision,
    PrecisionAtRecall,
    TprAtFpr,
    FprAtTpr,
    PrAuc,
    RocAuc,

    /// <summary>The normalized partial ROC-AUC over FPR ∈ [0, Target] (the mean TPR there); Target is the declared range's upper end.</summary>
    PartialRocAuc,
}

/// <summary>
/// One objective of the benchmark: a family and, for the rate families, the constraint's target (for partial ROC-AUC
/// the upper end of its FPR range). Knows how to judge a trained model's scores on it and which generated loss trains
/// for it.
/// </summary>
public sealed record BenchmarkObjective(ObjectiveFamily Family, double Target = double.NaN)
{
    public static BenchmarkObjective RecallAtPrecision(double precision) => new(ObjectiveFamily.RecallAtPrecision, precision);
    public static BenchmarkObjective PrecisionAtRecall(double recall) => new(ObjectiveFamily.PrecisionAtRecall, recall);
    public static BenchmarkObjective TprAtFpr(double fpr) => new(ObjectiveFamily.TprAtFpr, fpr);
    public static BenchmarkObjective FprAtTpr(double tpr) => new(ObjectiveFamily.FprAtTpr, tpr);
    public static BenchmarkObjective PrAuc { get; } = new(ObjectiveFamily.PrAuc);
    public static BenchmarkObjective RocAuc { get; } = new(ObjectiveFamily.RocAuc);

    /// <summary>
    /// The partial ROC-AUC over FPR ∈ [0, 0.1], normalized (the mean TPR over that range), trained by
    /// <see cref="PartialRocAucLoss"/>, whose declared range fixes the bounds.
    /// </summary>
    public static BenchmarkObjective PartialRocAuc { get; } = new(ObjectiveFamily.PartialRocAuc, PartialRocAucLoss.FprRangeUpper);

    /// <summary>The lower end of the partial ROC-AUC's FPR range (0 here: the low-FPR end of the curve).</summary>
    public const double PartialRocAucLower = PartialRocAucLoss.FprRangeLower;

    /// <summary>Whether the objective has a constraint at a threshold (false for the AUCs, which are threshold-free).</summary>
    public bool IsRateFamily => Family is not (ObjectiveFamily.PrAuc or ObjectiveFamily.RocAuc or ObjectiveFamily.PartialRocAuc);

    /// <summary>
    /// Whether the objective is an area under the ROC curve, full or partial. A model trained for one is also judged on
    /// the other objectives of this kind on its data set, so that the partial and the full ROC-AUC losses are compared on
    /// both metrics.
    /// </summary>
    public bool IsRocFamily => Family is ObjectiveFamily.RocAuc or ObjectiveFamily.PartialRocAuc;

    /// <summary>Whether a larger objective value is better (false only for FPR at TPR, which minimizes FPR).</summary>
    public bool HigherIsBetter => Family != ObjectiveFamily.FprAtTpr;

    public string Name => Family switch
    {
        ObjectiveFamily.RecallAtPrecision => $"recall @ precision ≥ {Format(Target)}",
        ObjectiveFamily.PrecisionAtRecall => $"precision @ recall ≥ {Format(Target)}",
        ObjectiveFamily.TprAtFpr => $"TPR @ FPR ≤ {Format(Target)}",
        ObjectiveFamily.FprAtTpr => $"FPR @ TPR ≥ {Format(Target)}",
        ObjectiveFamily.PrAuc => "PR-AUC",
        ObjectiveFamily.PartialRocAuc => $"partial ROC-AUC, FPR ≤ {Format(Target)}",
        _ => "ROC-AUC",
    };

    /// <summary>A file- and JSON-friendly key, e.g. <c>recall_at_precision_0.95</c>.</summary>
    public string Key => IsRateFamily
        ? $"{Family switch { ObjectiveFamily.RecallAtPrecision => "recall_at_precision", ObjectiveFamily.PrecisionAtRecall => "precision_at_recall", ObjectiveFamily.TprAtFpr => "tpr_at_fpr", _ => "fpr_at_tpr" }}_{Format(Target)}"
        : Family switch
        {
            ObjectiveFamily.PrAuc => "pr_auc",
            ObjectiveFamily.PartialRocAuc => $"partial_roc_auc_{Format(Target)}",
            _ => "roc_auc",
        };

    /// <summary>The name of the objective's metric (the number the user is judged on).</summary>
    public string MetricName => Family switch
    {
        ObjectiveFamily.RecallAtPrecision => "recall",
        ObjectiveFamily.PrecisionAtRecall => "precision",
        ObjectiveFamily.TprAtFpr => "TPR",
        ObjectiveFamily.FprAtTpr => "FPR",
        ObjectiveFamily.PrAuc => "PR-AUC",
        ObjectiveFamily.PartialRocAuc => $"pAUC@{Format(Target)}",
        _ => "ROC-AUC",
    };

    /// <summary>The name of the constrained rate (rate families only).</summary>
    public string ConstraintName => Family switch
    {
        ObjectiveFamily.RecallAtPrecision => "precision",
        ObjectiveFamily.PrecisionAtRecall => "recall",
        ObjectiveFamily.TprAtFpr => "FPR",
        ObjectiveFamily.FprAtTpr => "TPR",
        _ => throw NotARateFamily(),
    };

    /// <summary>The constrained metric and its direction, as the library's training monitor names them (rate families only).</summary>
    public (Metric Metric, ConstraintDirection Direction) Constraint => Family switch
    {
        ObjectiveFamily.RecallAtPrecision => (Metric.Precision, ConstraintDirection.AtLeast),
        ObjectiveFamily.PrecisionAtRecall => (Metric.Recall, ConstraintDirection.AtLeast),
        ObjectiveFamily.TprAtFpr => (Metric.FalsePositiveRate, ConstraintDirection.AtMost),
        ObjectiveFamily.FprAtTpr => (Metric.TruePositiveRate, ConstraintDirection.AtLeast),
        _ => throw NotARateFamily(),
    };

    /// <summary>The objective's value at an operating point.</summary>
    public double ObjectiveValue(Confusion counts) => Family switch
    {
        ObjectiveFamily.RecallAtPrecision or ObjectiveFamily.TprAtFpr => counts.Recall,
        // Precision of "predict nothing" is vacuous; as an objective it counts as 0 (it flags nothing).
        ObjectiveFamily.PrecisionAtRecall => counts.TruePositives + counts.FalsePositives == 0 ? 0.0 : counts.Precision,
        ObjectiveFamily.FprAtTpr => counts.FalsePositiveRate,
        _ => throw NotARateFamily(),
    };

    /// <summary>The constrained rate at an operating point.</summary>
    public double ConstraintValue(Confusion counts) => Family switch
    {
        ObjectiveFamily.RecallAtPrecision => counts.Precision,
        ObjectiveFamily.PrecisionAtRecall or ObjectiveFamily.FprAtTpr => counts.Recall,
        ObjectiveFamily.TprAtFpr => counts.FalsePositiveRate,
        _ => throw NotARateFamily(),
    };

    /// <summary>How far the constraint is met, signed so that ≥ 0 means satisfied (a "≤" constraint is mirrored).</summary>
    public double ConstraintSlack(Confusion counts) => Constraint.Direction == ConstraintDirection.AtMost
        ? Target - ConstraintValue(counts)
        : ConstraintValue(counts) - Target;

    /// <summary>
    /// The threshold-free metric of an AUC family (partial ROC-AUC normalized by the width of its range), or the
    /// objective at logit 0 of a rate family.
    /// </summary>
    public double MetricAtLogitZero(Scores scores) => Family switch
    {
        ObjectiveFamily.PrAuc => scores.AveragePrecision(),
        ObjectiveFamily.RocAuc => scores.RocAuc(),
        ObjectiveFamily.PartialRocAuc => scores.NormalizedPartialRocAuc(PartialRocAucLower, Target),
        _ => ObjectiveValue(scores.At(0.0)),
    };

    /// <summary>
    /// The best objective the scores reach at a threshold whose operating point meets the constraint exactly (slack ≥ 0),
    /// and that threshold. Rate families only. "Predict nothing" counts where it is feasible (recall at precision).
    /// </summary>
    public (double Value, double Threshold) BestFeasible(Scores scores)
    {
        if (!IsRateFamily) throw NotARateFamily();
        double best = HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        double bestThreshold = double.NaN;
        foreach (var (counts, threshold) in scores.OperatingPoints())
        {
            if (ConstraintSlack(counts) < 0) continue;
            double value = ObjectiveValue(counts);
            if (HigherIsBetter ? value > best : value < best)
            {
                best = value;
                bestThreshold = threshold;
            }
        }
        return (best, bestThreshold);
    }

    /// <summary>How much better <paramref name="ours"/> is than <paramref name="theirs"/> on this objective (positive = ours better).</summary>
    public double Advantage(double ours, double theirs) => HigherIsBetter ? ours - theirs : theirs - ours;

    /// <summary>
    /// The generated loss that trains for this objective with the row's target (a run-time override, as a user would
    /// set it). <paramref name="dualUpdate"/> picks the default mode or the seed-compatible one; every other option
    /// keeps its default, which is what the benchmark measures.
    /// </summary>
    public GlobalObjectiveLoss CreateLoss(DualUpdate dualUpdate, double? dualLearningRate = null, double? dualWarmupPositives = null,
                                          double? initialLambda = null)
    {
        // The overrides are for comparing defaults; they apply to the default mode only (the seed mode stays the seed's).
        bool overridable = dualUpdate == DualUpdate.ProjectedAscent && Family != ObjectiveFamily.RocAuc;
        var options = new ObjectiveOptions
        {
            DualUpdate = dualUpdate,
            Targets = IsRateFamily ? [Target] : null,
            DualLearningRate = overridable ? dualLearningRate : null,
            DualWarmupPositives = overridable ? dualWarmupPositives : null,
            LambdasInitialValue = overridable && initialLambda is double lambda ? lambda : 1.0,
        };
        return Family switch
        {
            ObjectiveFamily.RecallAtPrecision => new RecallAtPrecisionLoss(1, options),
            ObjectiveFamily.PrecisionAtRecall => new PrecisionAtRecallLoss(1, options),
            ObjectiveFamily.TprAtFpr => new TprAtFprLoss(1, options),
            ObjectiveFamily.FprAtTpr => new FprAtTprLoss(1, options),
            ObjectiveFamily.PrAuc => new PrAucLoss(1, options),
            ObjectiveFamily.PartialRocAuc => new PartialRocAucLoss(1, options),
            _ => new RocAucLoss(1, options),
        };
    }

    public override string ToString() => Name;

    private InvalidOperationException NotARateFamily() => new($"{Name} has no constraint at a threshold.");

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
