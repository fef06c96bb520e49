using System.Globalization;
using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Model;

/// <summary>A declared <c>[Constraint(metric, comparison, target)]</c>.</summary>
/// <param name="Metric">The constrained metric as declared (Recall and TruePositiveRate are kept apart for documentation).</param>
/// <param name="Comparison">The comparison.</param>
/// <param name="Target">The target, in [0, 1].</param>
/// <param name="Beta">β of an FScore constraint (1 for every other metric).</param>
public sealed record ConstraintSpec(ObjectiveMetric Metric, ComparisonKind Comparison, double Target, double Beta = 1.0)
{
    /// <summary>The attribute as the user wrote it, e.g. <c>[Constraint(Precision, "&gt;=", 0.8)]</c> or <c>[Constraint(FScore, "&gt;=", 0.7, Beta = 2)]</c>.</summary>
    public string DeclarationText
        => $"[Constraint({Metric}, \"{Comparison.ToOperator()}\", {Target.ToString("R", CultureInfo.InvariantCulture)}{BetaText(Metric, Beta)})]";

    /// <summary>The bound with aliases folded and complements mapped (FNR ≤ f is Recall ≥ 1 − f, TNR ≥ s is FPR ≤ 1 − s).</summary>
    public (ObjectiveMetric Metric, ComparisonKind Comparison, double Target) Canonical => Metric.Canonicalize(Comparison, Target);

    /// <summary>", Beta = 2" for an FScore with β ≠ 1, "" otherwise.</summary>
    public static string BetaText(ObjectiveMetric metric, double beta)
        => metric == ObjectiveMetric.FScore && beta != 1.0 ? ", Beta = " + beta.ToString("R", CultureInfo.InvariantCulture) : "";
}

/// <summary>
/// A valid objective declaration: the value-equatable model the pipeline caches. Holds only strings, enums, numbers
/// and <see cref="EquatableArray{T}"/>: no symbols, syntax, locations or compilations.
/// </summary>
/// <param name="Type">Where the class lives.</param>
/// <param name="Family">The seed family the declaration reduces to.</param>
/// <param name="Direction">Maximize or minimize.</param>
/// <param name="Metric">The objective metric as declared.</param>
/// <param name="Constraints">The constraints, in declaration order.</param>
/// <param name="RangeLower">PR-AUC: lower end of the precision range (default 0); partial ROC-AUC: of the FPR range.</param>
/// <param name="RangeUpper">PR-AUC: upper end of the precision range (default 1); partial ROC-AUC: of the FPR range.</param>
/// <param name="Anchors">PR-AUC and partial ROC-AUC: the number of anchors K (default 20); 0 for other families.</param>
/// <param name="Surrogate">The declared surrogate (default Xent).</param>
/// <param name="ObjectiveBeta">β of an FScore objective (1 otherwise).</param>
public sealed record ObjectiveSpec(
    TypeDeclarationModel Type,
    ObjectiveFamily Family,
    ObjectiveDirection Direction,
    ObjectiveMetric Metric,
    EquatableArray<ConstraintSpec> Constraints,
    double RangeLower,
    double RangeUpper,
    int Anchors,
    ObjectiveSurrogate Surrogate,
    double ObjectiveBeta = 1.0)
{
    /// <summary>The objective attribute as written, e.g. <c>[Maximize(Recall)]</c> or <c>[Maximize(FScore, Beta = 2)]</c>.</summary>
    public string ObjectiveText => $"[{Direction}({Metric}{ConstraintSpec.BetaText(Metric, ObjectiveBeta)})]";
}
