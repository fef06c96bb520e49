namespace GlobalObjectives.Generator.Model;

/// <summary>Mirror of <c>GlobalObjectives.Metric</c> (same integer values); the generator does not reference the Attributes assembly.</summary>
public enum ObjectiveMetric
{
    /// <summary>Recall, TP / (TP + FN). Same metric as <see cref="TruePositiveRate"/>.</summary>
    Recall = 0,

    /// <summary>Precision, TP / (TP + FP).</summary>
    Precision = 1,

    /// <summary>True-positive rate. Same metric as <see cref="Recall"/>.</summary>
    TruePositiveRate = 2,

    /// <summary>False-positive rate, FP / (FP + TN).</summary>
    FalsePositiveRate = 3,

    /// <summary>Area under the precision-recall curve.</summary>
    PrAuc = 4,

    /// <summary>Area under the ROC curve (partial with an FPR range).</summary>
    RocAuc = 5,

    /// <summary>TN / (TN + FP). Same metric as <see cref="Specificity"/>.</summary>
    TrueNegativeRate = 6,

    /// <summary>Specificity. Same metric as <see cref="TrueNegativeRate"/>.</summary>
    Specificity = 7,

    /// <summary>FN / (FN + TP), 1 − recall.</summary>
    FalseNegativeRate = 8,

    /// <summary>TN / (TN + FN).</summary>
    NegativePredictiveValue = 9,

    /// <summary>(TP + TN) / N.</summary>
    Accuracy = 10,

    /// <summary>Fβ.</summary>
    FScore = 11,
}

/// <summary>Mirror of <c>GlobalObjectives.SurrogateType</c> (same integer values).</summary>
public enum ObjectiveSurrogate
{
    /// <summary>Sigmoid cross-entropy.</summary>
    Xent = 0,

    /// <summary>Hinge.</summary>
    Hinge = 1,
}

/// <summary>Whether the objective metric is maximized or minimized.</summary>
public enum ObjectiveDirection
{
    /// <summary><c>[Maximize]</c>.</summary>
    Maximize,

    /// <summary><c>[Minimize]</c>.</summary>
    Minimize,
}

/// <summary>The comparison of a <c>[Constraint]</c>.</summary>
public enum ComparisonKind
{
    /// <summary><c>"&gt;="</c>.</summary>
    AtLeast,

    /// <summary><c>"&lt;="</c>.</summary>
    AtMost,
}

/// <summary>The seed family a valid declaration reduces to (seed spec §4).</summary>
public enum ObjectiveFamily
{
    /// <summary>recall_at_precision (§4.3).</summary>
    RecallAtPrecision,

    /// <summary>precision_at_recall (§4.4).</summary>
    PrecisionAtRecall,

    /// <summary>false_positive_rate_at_true_positive_rate (§4.5, an alias of precision_at_recall).</summary>
    FalsePositiveRateAtTruePositiveRate,

    /// <summary>true_positive_rate_at_false_positive_rate (§4.6).</summary>
    TruePositiveRateAtFalsePositiveRate,

    /// <summary>precision_recall_auc (§4.1).</summary>
    PrecisionRecallAuc,

    /// <summary>roc_auc (§4.2).</summary>
    RocAuc,

    /// <summary>Any other rate objective with zero or more constraints (not a seed function): one Lagrangian term per constraint.</summary>
    RateConstraints,

    /// <summary>Partial ROC-AUC over an FPR range: TPR at FPR ≤ f_k per anchor, averaged (not a seed function).</summary>
    PartialRocAuc,
}

/// <summary>Helpers over the mirror enums.</summary>
public static class ObjectiveEnumExtensions
{
    /// <summary>
    /// The metric with aliases folded: <see cref="ObjectiveMetric.TruePositiveRate"/> into <see cref="ObjectiveMetric.Recall"/>,
    /// <see cref="ObjectiveMetric.Specificity"/> into <see cref="ObjectiveMetric.TrueNegativeRate"/>. Complements are not folded
    /// (see <see cref="Canonicalize"/>).
    /// </summary>
    public static ObjectiveMetric Normalize(this ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.TruePositiveRate => ObjectiveMetric.Recall,
        ObjectiveMetric.Specificity => ObjectiveMetric.TrueNegativeRate,
        _ => metric,
    };

    /// <summary>
    /// The bound "metric comparison target" with aliases folded and complements mapped onto their partner: FNR ≤ f is
    /// Recall ≥ 1 − f, TNR ≥ s is FPR ≤ 1 − s (and the reversed comparisons likewise).
    /// </summary>
    public static (ObjectiveMetric Metric, ComparisonKind Comparison, double Target) Canonicalize(this ObjectiveMetric metric, ComparisonKind comparison, double target)
        => metric.Normalize() switch
        {
            ObjectiveMetric.FalseNegativeRate => (ObjectiveMetric.Recall, comparison.Flip(), 1.0 - target),
            ObjectiveMetric.TrueNegativeRate => (ObjectiveMetric.FalsePositiveRate, comparison.Flip(), 1.0 - target),
            var normalized => (normalized, comparison, target),
        };

    /// <summary>The other comparison.</summary>
    public static ComparisonKind Flip(this ComparisonKind comparison)
        => comparison == ComparisonKind.AtLeast ? ComparisonKind.AtMost : ComparisonKind.AtLeast;

    /// <summary>Whether the metric is the area under a curve (not a rate at one threshold).</summary>
    public static bool IsAuc(this ObjectiveMetric metric) => metric is ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc;

    /// <summary>The operator text as written in the attribute.</summary>
    public static string ToOperator(this ComparisonKind comparison) => comparison == ComparisonKind.AtLeast ? ">=" : "<=";

    /// <summary>The seed's function name of the family.</summary>
    public static string SeedName(this ObjectiveFamily family) => family switch
    {
        ObjectiveFamily.RecallAtPrecision => "recall_at_precision",
        ObjectiveFamily.PrecisionAtRecall => "precision_at_recall",
        ObjectiveFamily.FalsePositiveRateAtTruePositiveRate => "false_positive_rate_at_true_positive_rate",
        ObjectiveFamily.TruePositiveRateAtFalsePositiveRate => "true_positive_rate_at_false_positive_rate",
        ObjectiveFamily.PrecisionRecallAuc => "precision_recall_auc",
        ObjectiveFamily.RocAuc => "roc_auc",
        _ => "",
    };

    /// <summary>Whether the family is one of the seed's functions (its generated documentation names it).</summary>
    public static bool IsSeedFunction(this ObjectiveFamily family) => family is not (ObjectiveFamily.RateConstraints or ObjectiveFamily.PartialRocAuc);

    /// <summary>Lower-case words for documentation ("precision", "true-positive rate").</summary>
    public static string Words(this ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Recall => "recall",
        ObjectiveMetric.Precision => "precision",
        ObjectiveMetric.TruePositiveRate => "true-positive rate",
        ObjectiveMetric.FalsePositiveRate => "false-positive rate",
        ObjectiveMetric.PrAuc => "the area under the precision-recall curve",
        ObjectiveMetric.RocAuc => "the area under the ROC curve",
        ObjectiveMetric.TrueNegativeRate => "true-negative rate",
        ObjectiveMetric.Specificity => "specificity",
        ObjectiveMetric.FalseNegativeRate => "false-negative rate",
        ObjectiveMetric.NegativePredictiveValue => "negative predictive value",
        ObjectiveMetric.Accuracy => "accuracy",
        _ => "F-score",
    };

    /// <summary>The symbol of the metric's target in formulas (p, r, t, f, s, fn, v, a, q).</summary>
    public static string Symbol(this ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Precision => "p",
        ObjectiveMetric.Recall => "r",
        ObjectiveMetric.TruePositiveRate => "t",
        ObjectiveMetric.FalsePositiveRate => "f",
        ObjectiveMetric.TrueNegativeRate or ObjectiveMetric.Specificity => "s",
        ObjectiveMetric.FalseNegativeRate => "fn",
        ObjectiveMetric.NegativePredictiveValue => "v",
        ObjectiveMetric.Accuracy => "a",
        _ => "q",
    };
}
