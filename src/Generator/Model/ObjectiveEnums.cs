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

    /// <summary>Area under the ROC curve.</summary>
    RocAuc = 5,
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
}

/// <summary>Helpers over the mirror enums.</summary>
public static class ObjectiveEnumExtensions
{
    /// <summary>The metric with <see cref="ObjectiveMetric.TruePositiveRate"/> folded into <see cref="ObjectiveMetric.Recall"/>.</summary>
    public static ObjectiveMetric Normalize(this ObjectiveMetric metric)
        => metric == ObjectiveMetric.TruePositiveRate ? ObjectiveMetric.Recall : metric;

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
        _ => "roc_auc",
    };

    /// <summary>Lower-case words for documentation ("precision", "true-positive rate").</summary>
    public static string Words(this ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Recall => "recall",
        ObjectiveMetric.Precision => "precision",
        ObjectiveMetric.TruePositiveRate => "true-positive rate",
        ObjectiveMetric.FalsePositiveRate => "false-positive rate",
        ObjectiveMetric.PrAuc => "the area under the precision-recall curve",
        _ => "the area under the ROC curve",
    };

    /// <summary>The one-letter symbol of the metric's target in formulas (p, r, t, f).</summary>
    public static string Symbol(this ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Precision => "p",
        ObjectiveMetric.Recall => "r",
        ObjectiveMetric.TruePositiveRate => "t",
        ObjectiveMetric.FalsePositiveRate => "f",
        _ => "q",
    };
}
