using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// The one catalog of GlobalObjectives diagnostics: a <see cref="DiagnosticDescriptor"/> per <see cref="ProblemKind"/>,
/// with IDs GOBJ001, GOBJ002, … in the order of the enum. Every descriptor links to its documentation page
/// <c>docs/diagnostics/GOBJnnn.md</c>, a path relative to the repository root (the repository has no published
/// documentation site; the path stays valid wherever the repository is hosted). Release tracking:
/// AnalyzerReleases.Shipped.md / AnalyzerReleases.Unshipped.md next to the project.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>The category of every GlobalObjectives diagnostic.</summary>
    public const string Category = "GlobalObjectives";

    /// <summary>Where the documentation pages live, relative to the repository root.</summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    /// <summary>The ID of <see cref="ProblemKind.NotPartial"/>.</summary>
    public const string NotPartialId = "GOBJ001";

    /// <summary>The ID of <see cref="ProblemKind.ContainingTypeNotPartial"/>.</summary>
    public const string ContainingTypeNotPartialId = "GOBJ002";

    /// <summary>The ID of <see cref="ProblemKind.InvalidComparison"/>.</summary>
    public const string InvalidComparisonId = "GOBJ008";

    /// <summary>The ID of <see cref="ProblemKind.ComparisonDirectionMismatch"/>.</summary>
    public const string ComparisonDirectionMismatchId = "GOBJ013";

    /// <summary>The ID of <see cref="ProblemKind.DegenerateTarget"/>.</summary>
    public const string DegenerateTargetId = "GOBJ017";

    /// <summary>The ID of <see cref="ProblemKind.DuplicateConstraint"/> (a redundant constraint).</summary>
    public const string RedundantConstraintId = "GOBJ019";

    /// <summary>
    /// The key of <see cref="Diagnostic.Properties"/> marking a diagnostic whose fix is to delete the attribute it is
    /// reported in (a redundant constraint, a vacuous one); its value is "true".
    /// </summary>
    public const string RemoveAttributeProperty = "RemoveAttribute";

    /// <summary>
    /// The key of <see cref="Diagnostic.Properties"/> holding the replacement text of the flagged comparison
    /// (">=" or "&lt;=") on <see cref="InvalidComparisonId"/> and <see cref="ComparisonDirectionMismatchId"/>.
    /// </summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>GOBJ001.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        NotPartialId, "Objective class must be partial",
        "Objective class '{0}' must be declared partial so that the generated loss can complete it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ001.md");

    /// <summary>GOBJ002.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
        ContainingTypeNotPartialId, "Containing type must be partial",
        "Type '{0}' contains objective class '{1}' and must be declared partial",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ002.md");

    /// <summary>GOBJ003.</summary>
    public static readonly DiagnosticDescriptor UnsupportedTypeShape = new(
        "GOBJ003", "Type cannot host a generated objective",
        "'{0}' cannot host a generated objective: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ003.md");

    /// <summary>GOBJ004.</summary>
    public static readonly DiagnosticDescriptor HasBaseClass = new(
        "GOBJ004", "Objective class must not declare a base class",
        "Objective class '{0}' derives from '{1}'; remove the base class, the generated part derives from GlobalObjectives.GlobalObjectiveLoss",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ004.md");

    /// <summary>GOBJ005.</summary>
    public static readonly DiagnosticDescriptor RuntimeNotReferenced = new(
        "GOBJ005", "GlobalObjectives runtime not referenced",
        "Objective class '{0}' needs GlobalObjectives.GlobalObjectiveLoss; reference the GlobalObjectives.Runtime assembly",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ005.md");

    /// <summary>GOBJ006.</summary>
    public static readonly DiagnosticDescriptor InvalidArgument = new(
        "GOBJ006", "Attribute argument is not a valid constant",
        "Argument '{1}' of [{0}] is missing or not a constant of the expected type ({2})",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ006.md");

    /// <summary>GOBJ007.</summary>
    public static readonly DiagnosticDescriptor UndefinedEnumValue = new(
        "GOBJ007", "Undefined enum value",
        "Argument '{1}' of [{0}] is {2}, which is not a defined {3} value",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ007.md");

    /// <summary>GOBJ008.</summary>
    public static readonly DiagnosticDescriptor InvalidComparison = new(
        InvalidComparisonId, "Invalid comparison operator",
        "Comparison \"{0}\" is not supported, only \">=\" and \"<=\" are; use \"{1}\" ({2})",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ008.md");

    /// <summary>GOBJ009.</summary>
    public static readonly DiagnosticDescriptor TargetOutOfRange = new(
        "GOBJ009", "Constraint target out of range",
        "Target {0} of the {1} constraint is {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ009.md");

    /// <summary>GOBJ010.</summary>
    public static readonly DiagnosticDescriptor InvalidPrecisionRange = new(
        "GOBJ010", "Invalid precision or FPR range",
        "[{0}({1}, {2})] is not a valid range: it must satisfy 0 <= lower < upper <= 1",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ010.md");

    /// <summary>GOBJ011.</summary>
    public static readonly DiagnosticDescriptor AnchorCountOutOfRange = new(
        "GOBJ011", "Anchor count out of range",
        "Anchor count {0} must be between 1 and {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ011.md");

    /// <summary>GOBJ012.</summary>
    public static readonly DiagnosticDescriptor ConflictingObjectives = new(
        "GOBJ012", "Missing, conflicting or repeated objective attributes",
        "Objective class '{0}' {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ012.md");

    /// <summary>GOBJ013.</summary>
    public static readonly DiagnosticDescriptor ComparisonDirectionMismatch = new(
        ComparisonDirectionMismatchId, "Comparison points the wrong way for the metric",
        "{0} points the wrong way: {1}; use \"{2}\"",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ013.md");

    /// <summary>GOBJ014.</summary>
    public static readonly DiagnosticDescriptor UnsupportedCombination = new(
        "GOBJ014", "Unsupported objective",
        "{0} is not supported: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ014.md");

    /// <summary>GOBJ015.</summary>
    public static readonly DiagnosticDescriptor NotApplicable = new(
        "GOBJ015", "Attribute does not apply to this objective",
        "{0} only configures {1}; it is ignored on {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ015.md");

    /// <summary>GOBJ016.</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "GOBJ016", "Internal generator error",
        "The GlobalObjectives generator failed on '{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ016.md");

    /// <summary>GOBJ017.</summary>
    public static readonly DiagnosticDescriptor DegenerateTarget = new(
        DegenerateTargetId, "Constraint target at the edge of [0, 1]",
        "{0} {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ017.md");

    /// <summary>GOBJ018.</summary>
    public static readonly DiagnosticDescriptor OwnMetricConstrained = new(
        "GOBJ018", "The objective's own metric is constrained",
        "{0} constrains {1}, the metric that {2} optimizes; constrain another metric, for example {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ018.md");

    /// <summary>GOBJ019.</summary>
    public static readonly DiagnosticDescriptor DuplicateConstraint = new(
        RedundantConstraintId, "Redundant constraint",
        "{0} is implied by {1} ({2}); remove it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ019.md");

    /// <summary>GOBJ020.</summary>
    public static readonly DiagnosticDescriptor ContradictoryConstraints = new(
        "GOBJ020", "Contradictory constraints",
        "{0} contradicts {1}: {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ020.md");

    /// <summary>GOBJ021.</summary>
    public static readonly DiagnosticDescriptor ConstraintOnAuc = new(
        "GOBJ021", "Constraint on an AUC objective",
        "[{0}] takes no [Constraint]: the area under the curve already covers every operating point; remove the constraint, or restrict the area with [PrecisionRange] (PR-AUC) or [FprRange] (ROC-AUC)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ021.md");

    /// <summary>GOBJ022.</summary>
    public static readonly DiagnosticDescriptor LargeAnchorCount = new(
        "GOBJ022", "Very large anchor count",
        "Anchor count {0} is above {1}: every anchor adds a Lagrange multiplier and a bias per label and a loss term per example, which slows training for a negligible gain in the Riemann sum",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ022.md");

    /// <summary>GOBJ023.</summary>
    public static readonly DiagnosticDescriptor PrecisionWithoutTruePositiveFloor = new(
        "GOBJ023", "Maximizing precision needs a true-positive floor",
        "{0} has no true-positive floor among its constraints: maximizing precision alone flags nothing; add a constraint such as [Constraint(Recall, \">=\", r)], [Constraint(FalseNegativeRate, \"<=\", f)] or [Constraint(FScore, \">=\", q)]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "GOBJ023.md");

    /// <summary>Every descriptor, in ID order (index = <see cref="ProblemKind"/> value).</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        NotPartial, ContainingTypeNotPartial, UnsupportedTypeShape, HasBaseClass, RuntimeNotReferenced, InvalidArgument,
        UndefinedEnumValue, InvalidComparison, TargetOutOfRange, InvalidPrecisionRange, AnchorCountOutOfRange,
        ConflictingObjectives, ComparisonDirectionMismatch, UnsupportedCombination, NotApplicable, InternalError,
        DegenerateTarget, OwnMetricConstrained, DuplicateConstraint, ContradictoryConstraints, ConstraintOnAuc, LargeAnchorCount,
        PrecisionWithoutTruePositiveFloor);

    /// <summary>The descriptor of <paramref name="kind"/>; <see cref="InternalError"/> for a value outside the enum.</summary>
    public static DiagnosticDescriptor For(ProblemKind kind)
        => (int)kind >= 0 && (int)kind < All.Length ? All[(int)kind] : InternalError;
}
