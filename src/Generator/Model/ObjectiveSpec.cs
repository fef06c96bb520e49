using System.Globalization;
using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Model;

/// <summary>A declared <c>[Constraint(metric, comparison, target)]</c>.</summary>
/// <param name="Metric">The constrained metric as declared (Recall and TruePositiveRate are kept apart for documentation).</param>
/// <param name="Comparison">The comparison.</param>
/// <param name="Target">The target, in [0, 1].</param>
public sealed record ConstraintSpec(ObjectiveMetric Metric, ComparisonKind Comparison, double Target)
{
    /// <summary>The attribute as the user wrote it, e.g. <c>[Constraint(Precision, "&gt;=", 0.8)]</c>.</summary>
    public string DeclarationText
        => $"[Constraint({Metric}, \"{Comparison.ToOperator()}\", {Target.ToString("R", CultureInfo.InvariantCulture)})]";
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
/// <param name="PrecisionRangeLower">PR-AUC: lower end of the precision range (default 0).</param>
/// <param name="PrecisionRangeUpper">PR-AUC: upper end of the precision range (default 1).</param>
/// <param name="Anchors">PR-AUC: the number of anchors K (default 20); 0 for other families.</param>
/// <param name="Surrogate">The declared surrogate (default Xent).</param>
public sealed record ObjectiveSpec(
    TypeDeclarationModel Type,
    ObjectiveFamily Family,
    ObjectiveDirection Direction,
    ObjectiveMetric Metric,
    EquatableArray<ConstraintSpec> Constraints,
    double PrecisionRangeLower,
    double PrecisionRangeUpper,
    int Anchors,
    ObjectiveSurrogate Surrogate)
{
    /// <summary>The objective attribute as written, e.g. <c>[Maximize(Recall)]</c>.</summary>
    public string ObjectiveText => $"[{Direction}({Metric})]";
}
