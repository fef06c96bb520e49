namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// What is wrong with (or doubtful about) an objective declaration. Each kind maps to one diagnostic ID and one
/// <see cref="Microsoft.CodeAnalysis.DiagnosticDescriptor"/> in <see cref="DiagnosticDescriptors"/>; the numeric value plus
/// one is the ID number, so new kinds are only ever appended (a removed ID is never reused). Errors stop code
/// generation; warnings do not. The analyzer reports them; the generator itself reports nothing.
/// </summary>
public enum ProblemKind
{
    /// <summary>GOBJ001 (error): the class is not declared <c>partial</c> (on every part).</summary>
    NotPartial,

    /// <summary>GOBJ002 (error): a containing type is not <c>partial</c>.</summary>
    ContainingTypeNotPartial,

    /// <summary>GOBJ003 (error): the type cannot host a generated loss (static, abstract, generic, not a class, record, file-local, or an unsupported container).</summary>
    UnsupportedTypeShape,

    /// <summary>GOBJ004 (error): the class declares a base class; the generated part derives from GlobalObjectiveLoss.</summary>
    HasBaseClass,

    /// <summary>GOBJ005 (error): GlobalObjectives.GlobalObjectiveLoss is not available (the Runtime assembly is not referenced).</summary>
    RuntimeNotReferenced,

    /// <summary>GOBJ006 (error): an attribute argument is missing or not a readable constant.</summary>
    InvalidArgument,

    /// <summary>GOBJ007 (error): a Metric or SurrogateType argument is not a defined value.</summary>
    UndefinedEnumValue,

    /// <summary>GOBJ008 (error): the comparison is not <c>"&gt;="</c> or <c>"&lt;="</c>; the message suggests the intended one.</summary>
    InvalidComparison,

    /// <summary>GOBJ009 (error): a constraint target is NaN, infinite or outside [0, 1].</summary>
    TargetOutOfRange,

    /// <summary>GOBJ010 (error): a <c>[PrecisionRange]</c> or <c>[FprRange]</c> is not 0 &lt;= lower &lt; upper &lt;= 1.</summary>
    InvalidPrecisionRange,

    /// <summary>GOBJ011 (error): the anchor count is below 1 or above <see cref="ProblemCatalog.MaxAnchors"/>.</summary>
    AnchorCountOutOfRange,

    /// <summary>GOBJ012 (error): no objective, both <c>[Maximize]</c> and <c>[Minimize]</c>, or an attribute repeated.</summary>
    ConflictingObjectives,

    /// <summary>
    /// GOBJ013 (error): the comparison points the wrong way for the metric (e.g. <c>Precision &lt;= p</c>): bounding a
    /// quality from above, or an error rate from below, needs the mirror surrogate bounds; also a band with a bound the
    /// other way on the same metric.
    /// </summary>
    ComparisonDirectionMismatch,

    /// <summary>GOBJ014 (error): an unsupported objective (minimize recall, maximize NPV, …), a rate objective that needs a constraint and has none, or a constraint on an AUC metric.</summary>
    UnsupportedCombination,

    /// <summary>GOBJ015 (warning): <c>[PrecisionRange]</c>, <c>[FprRange]</c>, <c>[Anchors]</c> or <c>Beta</c> where it does not apply; ignored.</summary>
    NotApplicable,

    /// <summary>GOBJ016 (error): the parser or analyzer failed unexpectedly; the message carries the exception.</summary>
    InternalError,

    /// <summary>GOBJ017 (warning): a target of exactly 0 or 1 makes the constraint vacuous (yet its relaxation still trains) or demands a perfect classifier on one side.</summary>
    DegenerateTarget,

    /// <summary>GOBJ018 (error): the objective's own metric (after canonicalization: FNR is 1 − recall, TNR is 1 − FPR) is also constrained.</summary>
    OwnMetricConstrained,

    /// <summary>GOBJ019 (warning): a constraint implied by another (same canonical metric and direction, looser) or by Fβ's implications.</summary>
    DuplicateConstraint,

    /// <summary>GOBJ020 (error): two constraints on one canonical metric, in opposite directions, that no value satisfies together.</summary>
    ContradictoryConstraints,

    /// <summary>GOBJ021 (error): a <c>[Constraint]</c> on a PR-AUC or ROC-AUC objective.</summary>
    ConstraintOnAuc,

    /// <summary>GOBJ022 (warning): more than <see cref="ProblemCatalog.RecommendedMaxAnchors"/> anchors; the code is still generated.</summary>
    LargeAnchorCount,

    /// <summary>GOBJ023 (error): <c>[Maximize(Precision)]</c> without a true-positive floor (Recall ≥, FalseNegativeRate ≤ or FScore ≥) among its constraints.</summary>
    PrecisionWithoutTruePositiveFloor,
}
