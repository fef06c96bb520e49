using System.Globalization;
using System.Linq;
using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// The diagnostic catalog as data: ID, title and message format per <see cref="ProblemKind"/>. The analyzer builds its
/// <c>DiagnosticDescriptor</c>s from it (category "GlobalObjectives", help link docs/diagnostics/{ID}.md).
/// </summary>
public static class ProblemCatalog
{
    /// <summary>The largest anchor count accepted (the anchors are emitted as literals).</summary>
    public const int MaxAnchors = 1000;

    /// <summary>The diagnostic ID of <paramref name="kind"/>: GOBJ001 for the first kind, and so on.</summary>
    public static string Id(ProblemKind kind) => "GOBJ" + ((int)kind + 1).ToString("000", CultureInfo.InvariantCulture);

    /// <summary>A short title.</summary>
    public static string Title(ProblemKind kind) => kind switch
    {
        ProblemKind.NotPartial => "Objective class must be partial",
        ProblemKind.ContainingTypeNotPartial => "Containing type must be partial",
        ProblemKind.UnsupportedTypeShape => "Type cannot host a generated objective",
        ProblemKind.HasBaseClass => "Objective class must not declare a base class",
        ProblemKind.RuntimeNotReferenced => "GlobalObjectives runtime not referenced",
        ProblemKind.InvalidArgument => "Attribute argument is not a valid constant",
        ProblemKind.UndefinedEnumValue => "Undefined enum value",
        ProblemKind.InvalidComparison => "Invalid comparison operator",
        ProblemKind.TargetOutOfRange => "Constraint target out of range",
        ProblemKind.InvalidPrecisionRange => "Invalid precision range",
        ProblemKind.AnchorCountOutOfRange => "Anchor count out of range",
        ProblemKind.ConflictingObjectives => "Missing, conflicting or repeated objective attributes",
        ProblemKind.ComparisonDirectionMismatch => "Comparison points the wrong way for the metric",
        ProblemKind.UnsupportedCombination => "Unsupported objective",
        ProblemKind.NotApplicable => "Attribute does not apply to this objective",
        _ => "Internal generator error",
    };

    /// <summary>The message format ({0}, {1}… are <see cref="ParseProblem.MessageArguments"/>).</summary>
    public static string MessageFormat(ProblemKind kind) => kind switch
    {
        ProblemKind.NotPartial => "Objective class '{0}' must be declared partial so that the generated loss can complete it",
        ProblemKind.ContainingTypeNotPartial => "Type '{0}' contains objective class '{1}' and must be declared partial",
        ProblemKind.UnsupportedTypeShape => "'{0}' cannot host a generated objective: {1}",
        ProblemKind.HasBaseClass => "Objective class '{0}' derives from '{1}'; remove the base class, the generated part derives from GlobalObjectives.GlobalObjectiveLoss",
        ProblemKind.RuntimeNotReferenced => "Objective class '{0}' needs GlobalObjectives.GlobalObjectiveLoss; reference the GlobalObjectives.Runtime assembly",
        ProblemKind.InvalidArgument => "Argument '{1}' of [{0}] is missing or not a constant of the expected type ({2})",
        ProblemKind.UndefinedEnumValue => "Argument '{1}' of [{0}] is {2}, which is not a defined {3} value",
        ProblemKind.InvalidComparison => "Comparison '{0}' is not supported; expected \">=\" or \"<=\"",
        ProblemKind.TargetOutOfRange => "Target {0} of the {1} constraint is outside [0, 1]",
        ProblemKind.InvalidPrecisionRange => "Precision range ({0}, {1}) must satisfy 0 <= lower < upper <= 1",
        ProblemKind.AnchorCountOutOfRange => "Anchor count {0} must be between 1 and {1}",
        ProblemKind.ConflictingObjectives => "Objective class '{0}' {1}",
        ProblemKind.ComparisonDirectionMismatch => "Constraint {0} {1} {2} points the wrong way; {0} is constrained with \"{3}\"",
        ProblemKind.UnsupportedCombination => "{0} is not a supported objective; supported: Maximize(Recall) + Precision >= p, Maximize(Precision) + Recall >= r, Minimize(FalsePositiveRate) + TruePositiveRate >= t, Maximize(TruePositiveRate) + FalsePositiveRate <= f, Maximize(PrAuc), Maximize(RocAuc)",
        ProblemKind.NotApplicable => "[{0}] does not apply to {1}",
        _ => "The GlobalObjectives generator failed on '{0}': {1}",
    };

    /// <summary>Formats the message of <paramref name="kind"/> with <paramref name="arguments"/>.</summary>
    /// <remarks>Missing arguments are shown as "?" rather than failing: the catalog must never throw.</remarks>
    public static string Format(ProblemKind kind, EquatableArray<string> arguments)
    {
        var values = arguments.Cast<object>().ToList();
        while (values.Count < 4) values.Add("?");
        return string.Format(CultureInfo.InvariantCulture, MessageFormat(kind), values.ToArray());
    }
}
