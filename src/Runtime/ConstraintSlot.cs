using System.Globalization;

namespace GlobalObjectives;

/// <summary>
/// The identity of one declared constraint, <c>[Constraint(Metric, "&gt;=" or "&lt;=", DeclaredTarget, Beta = β)]</c>, in
/// declaration order (see <see cref="ObjectiveState.RateConstraints"/>). Its position in that order is the constraint's
/// index everywhere: the column of <c>lambdas</c> (when there are two or more), <see cref="TargetOverride.ForConstraint"/>,
/// <c>ResolveTargets(int)</c> and the monitor's <c>Constraint…</c> members.
/// </summary>
/// <param name="Metric">The constrained metric as declared (complements such as FalseNegativeRate are not folded).</param>
/// <param name="Direction">≥ or ≤.</param>
/// <param name="DeclaredTarget">The target written in the attribute, in [0, 1], in <paramref name="Metric"/>'s terms.</param>
/// <param name="Beta">β of an <see cref="GlobalObjectives.Metric.FScore"/> constraint (positive, finite); 1 for other metrics.</param>
public sealed record ConstraintSlot(Metric Metric, ConstraintDirection Direction, double DeclaredTarget, double Beta = 1.0)
{
    /// <summary>The declaration as written in source: <c>[Constraint(Precision, "&gt;=", 0.9)]</c> (with <c>, Beta = β</c> for an Fβ other than F1).</summary>
    public override string ToString() => MetricFacts.Declaration(Metric, Direction, DeclaredTarget, Beta);
}

/// <summary>What the runtime knows about each <see cref="Metric"/>: aliases, display names, and the declaration text of messages.</summary>
internal static class MetricFacts
{
    /// <summary>Folds aliases (TruePositiveRate → Recall, Specificity → TrueNegativeRate); complements are not folded.</summary>
    public static Metric Fold(Metric metric) => metric switch
    {
        Metric.TruePositiveRate => Metric.Recall,
        Metric.Specificity => Metric.TrueNegativeRate,
        _ => metric,
    };

    /// <summary>Whether <paramref name="metric"/> has a value at one threshold (every metric but PrAuc and RocAuc).</summary>
    public static bool IsRate(Metric metric) => metric is Metric.Recall or Metric.Precision or Metric.TruePositiveRate
        or Metric.FalsePositiveRate or Metric.TrueNegativeRate or Metric.Specificity or Metric.FalseNegativeRate
        or Metric.NegativePredictiveValue or Metric.Accuracy or Metric.FScore;

    /// <summary>The monitor's name: "recall", "precision", "TPR", "FPR", "TNR", "specificity", "FNR", "NPV", "accuracy", "F1", "F2", "F0.5".</summary>
    public static string Name(Metric metric, double beta) => metric switch
    {
        Metric.Recall => "recall",
        Metric.Precision => "precision",
        Metric.TruePositiveRate => "TPR",
        Metric.FalsePositiveRate => "FPR",
        Metric.TrueNegativeRate => "TNR",
        Metric.Specificity => "specificity",
        Metric.FalseNegativeRate => "FNR",
        Metric.NegativePredictiveValue => "NPV",
        Metric.Accuracy => "accuracy",
        Metric.FScore => "F" + beta.ToString("0.###", CultureInfo.InvariantCulture),
        _ => metric.ToString(),
    };

    /// <summary><c>[Constraint(Precision, "&gt;=", 0.9)]</c>, or <c>[Constraint(FScore, "&gt;=", 0.8, Beta = 2)]</c>.</summary>
    public static string Declaration(Metric metric, ConstraintDirection direction, double target, double beta)
    {
        string comparison = direction == ConstraintDirection.AtLeast ? "\">=\"" : "\"<=\"";
        string text = $"[Constraint({metric}, {comparison}, {MessageText.Number(target)}";
        if (metric == Metric.FScore && beta != 1.0) text += $", Beta = {MessageText.Number(beta)}";
        return text + ")]";
    }

    /// <summary>Whether β is a valid Fβ parameter: positive, with β² finite (it enters the coefficients).</summary>
    public static bool IsValidBeta(double beta) => beta > 0 && double.IsFinite(beta * beta);
}
