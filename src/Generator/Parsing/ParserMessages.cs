using System.Globalization;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// The words of the parser's problems: how metrics, bounds and attributes are shown, and why a declaration is
/// rejected (the reasons come from docs/diagnostics.md and objective-math §2–§4, §7).
/// </summary>
internal static class ParserMessages
{
    /// <summary>A declared number, round-trip exact ("0.8", "1E-300", "NaN").</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A derived number (1 − f, q/(1 + β²), …): at most 12 decimals, so that 1 − 0.05 reads 0.95.</summary>
    public static string FormatDerived(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>The metric name with its β when it is an F-score with β ≠ 1, e.g. "FScore (Beta = 2)".</summary>
    public static string MetricName(ObjectiveMetric metric, double beta)
        => metric == ObjectiveMetric.FScore && beta != 1.0 ? $"FScore (Beta = {Format(beta)})" : metric.ToString();

    /// <summary>A canonical bound such as "Recall >= 0.95".</summary>
    public static string Bound(CanonicalBound bound)
        => $"{MetricName(bound.Metric, bound.Beta)} {bound.Comparison.ToOperator()} {FormatDerived(bound.Target)}";

    /// <summary>A lower-case description of a canonical objective or constraint metric ("recall", "the F-score with Beta = 2").</summary>
    public static string Words(ObjectiveMetric metric, double beta)
        => metric == ObjectiveMetric.FScore && beta != 1.0 ? $"the F-score with Beta = {Format(beta)}" : Named(metric);

    /// <summary>The metric in a sentence: "recall", "specificity", "the false-positive rate", "the area under the ROC curve".</summary>
    public static string Named(ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Recall or ObjectiveMetric.Precision or ObjectiveMetric.Specificity or ObjectiveMetric.Accuracy => metric.Words(),
        ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc => metric.Words(),
        _ => "the " + metric.Words(),
    };

    /// <summary>
    /// Why a constraint on <paramref name="metric"/> is bounded one way: "a higher precision is better, so Precision is
    /// bounded from below".
    /// </summary>
    public static string Sense(ObjectiveMetric metric, ComparisonKind expected)
    {
        if (metric.IsAuc())
            return $"a larger {metric.Words().Substring("the ".Length)} is better, so {metric} is bounded from below";
        string words = metric == ObjectiveMetric.FScore ? "F-score" : metric.Words();
        return expected == ComparisonKind.AtLeast
            ? $"a higher {words} is better, so {metric} is bounded from below"
            : $"a lower {words} is better, so {metric} is bounded from above";
    }

    /// <summary>
    /// The supported comparison closest to the unsupported text <paramref name="written"/>: the metric's sense when the
    /// metric is known (a quality is bounded with "&gt;=", an error rate with "&lt;="), otherwise the direction the text points.
    /// </summary>
    public static (ComparisonKind Suggestion, string Reason) SuggestComparison(ObjectiveMetric? metric, string written)
    {
        if (metric is { } m)
        {
            var expected = ConstraintSetRules.ExpectedComparison(m) ?? ComparisonKind.AtLeast;   // an AUC is a quality too
            return (expected, Sense(m, expected));
        }
        bool less = written.IndexOf('<') >= 0 && written.IndexOf('>') < 0;
        return (less ? ComparisonKind.AtMost : ComparisonKind.AtLeast, "the supported comparison closest to the one written");
    }

    /// <summary>
    /// GOBJ013's reason for a constraint bounded the other way: the mirror bounds it would need and how far they sit from
    /// the seed's bounds (objective-math §1 gap fact, §2 "wrong direction").
    /// </summary>
    public static string ReversedReason(ObjectiveMetric declared, ComparisonKind expected, ObjectiveMetric canonical)
    {
        const string tpUpper = "TP ≤ Σ y·ℓ⁻/m2";
        const string fpLower = "FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2";
        const string tnUpper = "TN ≤ Σ (1−y)·ℓ⁺/m2";
        var (bounds, gap) = canonical switch
        {
            ObjectiveMetric.Recall => (tpUpper, "P"),
            ObjectiveMetric.FalsePositiveRate => (fpLower, "N_neg"),
            ObjectiveMetric.NegativePredictiveValue => ($"{tnUpper} and {tpUpper}", "P or N_neg"),
            ObjectiveMetric.Accuracy => ($"{tpUpper} and {tnUpper}", "P or N_neg"),
            _ => ($"{tpUpper} and {fpLower}", "P or N_neg"),   // Precision, FScore
        };
        string other = expected == ComparisonKind.AtLeast ? "above" : "below";
        return $"{Sense(declared, expected)}; bounding it from {other} needs the mirror bounds ({bounds}), which sit at least {gap} "
            + "away from the bounds the rest of the Lagrangian uses, so the relaxation could hold while the true constraint fails, "
            + "or be infeasible; not supported";
    }

    /// <summary>GOBJ013's addition when the reversed constraint and another one form a band (objective-math §7.3).</summary>
    public static string BandReason(string partnerText, CanonicalBound lower, CanonicalBound upper)
        => $"; with {partnerText} it forms the band {FormatDerived(lower.Target)} <= {MetricName(lower.Metric, lower.Beta)} <= {FormatDerived(upper.Target)}, "
            + "whose relaxation is infeasible unless the band is at least 1 wide (the mirror bound sits at least P or N_neg from the seed bound)";

    /// <summary>GOBJ017's text for a vacuous bound (it always holds, yet its relaxation trains).</summary>
    public static string Vacuous(ConstraintSpec constraint, ObjectiveMetric canonical)
    {
        string relaxation = canonical switch
        {
            ObjectiveMetric.FalsePositiveRate or ObjectiveMetric.NegativePredictiveValue => "FP_ub ≤ N_neg, which bites whenever negatives average ℓ⁻ > m2",
            ObjectiveMetric.Accuracy => "FN_ub + FP_ub ≤ N, which bites whenever examples average a surrogate loss above m2",
            _ => "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2",   // Recall, Precision, FScore
        };
        string op = constraint.Comparison == ComparisonKind.AtLeast ? "≥" : "≤";
        return $"is vacuous: it always holds, yet its relaxation still trains ({constraint.Metric} {op} {Format(constraint.Target)} becomes {relaxation}); remove it";
    }

    /// <summary>GOBJ017's text for a perfect target (it demands no error at all on one side).</summary>
    public static string Perfect(ObjectiveMetric canonical)
    {
        string requirement = canonical switch
        {
            ObjectiveMetric.Recall or ObjectiveMetric.NegativePredictiveValue => "no false negative at all",
            ObjectiveMetric.Accuracy or ObjectiveMetric.FScore => "no false positive and no false negative at all",
            _ => "no false positive at all",   // Precision, FalsePositiveRate
        };
        return $"demands {requirement}: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier "
            + "(plain cross-entropy at λ = 1); use a target strictly between 0 and 1";
    }

    /// <summary>A constraint that would go well with an objective on <paramref name="canonical"/> (GOBJ014, GOBJ018).</summary>
    public static string PartnerConstraint(ObjectiveMetric canonical) => canonical switch
    {
        ObjectiveMetric.Recall => "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]",
        ObjectiveMetric.FalsePositiveRate => "[Constraint(Recall, \">=\", r)]",
        ObjectiveMetric.Precision or ObjectiveMetric.Accuracy => "[Constraint(Recall, \">=\", r)]",
        _ => "[Constraint(Precision, \">=\", p)] or [Constraint(Recall, \">=\", r)]",
    };
}
