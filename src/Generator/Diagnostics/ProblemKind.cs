namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// Why a declaration produces no code. Each kind maps to one diagnostic ID (<see cref="ProblemCatalog"/>) that the
/// analyzer of a later issue reports; the generator itself reports nothing and just skips the declaration.
/// </summary>
public enum ProblemKind
{
    /// <summary>GOBJ001: the class is not declared <c>partial</c> (on every part).</summary>
    NotPartial,

    /// <summary>GOBJ002: a containing type is not <c>partial</c>.</summary>
    ContainingTypeNotPartial,

    /// <summary>GOBJ003: the type cannot host a generated loss (static, abstract, generic, not a class, record, file-local, generic or unsupported container).</summary>
    UnsupportedTypeShape,

    /// <summary>GOBJ004: the class declares a base class; the generated part derives from GlobalObjectiveLoss.</summary>
    HasBaseClass,

    /// <summary>GOBJ005: GlobalObjectives.GlobalObjectiveLoss is not available (the Runtime assembly is not referenced).</summary>
    RuntimeNotReferenced,

    /// <summary>GOBJ006: an attribute argument is missing or not a readable constant.</summary>
    InvalidArgument,

    /// <summary>GOBJ007: a Metric or SurrogateType argument is not a defined value.</summary>
    UndefinedEnumValue,

    /// <summary>GOBJ008: the comparison is not <c>"&gt;="</c> or <c>"&lt;="</c>.</summary>
    InvalidComparison,

    /// <summary>GOBJ009: a constraint target is NaN or outside [0, 1].</summary>
    TargetOutOfRange,

    /// <summary>GOBJ010: the precision range is not 0 &lt;= lower &lt; upper &lt;= 1.</summary>
    InvalidPrecisionRange,

    /// <summary>GOBJ011: the anchor count is outside [1, <see cref="ProblemCatalog.MaxAnchors"/>].</summary>
    AnchorCountOutOfRange,

    /// <summary>GOBJ012: no objective, both <c>[Maximize]</c> and <c>[Minimize]</c>, or an attribute repeated.</summary>
    ConflictingObjectives,

    /// <summary>GOBJ013: the comparison points the wrong way for the metric (e.g. <c>Precision &lt;= p</c>).</summary>
    ComparisonDirectionMismatch,

    /// <summary>GOBJ014: the objective and constraints do not form one of the supported families.</summary>
    UnsupportedCombination,

    /// <summary>GOBJ015: an attribute does not apply to this objective (PrecisionRange/Anchors without PR-AUC, a constraint on an AUC).</summary>
    NotApplicable,

    /// <summary>GOBJ016: the parser failed unexpectedly; the message carries the exception.</summary>
    InternalError,
}
