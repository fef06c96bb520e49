using System.Collections.Generic;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>A readable <c>[Maximize]</c> or <c>[Minimize]</c>: where it stands and what it says.</summary>
/// <param name="Index">Index in the type symbol's <c>GetAttributes()</c>.</param>
/// <param name="Direction">Maximize or minimize.</param>
/// <param name="Metric">The declared metric.</param>
/// <param name="Beta">β of an FScore objective (1 for any other metric, or when <c>Beta</c> was invalid).</param>
internal sealed record ObjectiveAttribute(int Index, ObjectiveDirection Direction, ObjectiveMetric Metric, double Beta)
{
    /// <summary>The attribute as written, e.g. <c>[Maximize(Recall)]</c> or <c>[Maximize(FScore, Beta = 2)]</c>.</summary>
    public string Text => $"[{Direction}({Metric}{ConstraintSpec.BetaText(Metric, Beta)})]";
}

/// <summary>A readable <c>[Constraint]</c>: where it stands and the spec it becomes.</summary>
/// <param name="Index">Index in the type symbol's <c>GetAttributes()</c>.</param>
/// <param name="Spec">The constraint as declared.</param>
internal sealed record ConstraintAttribute(int Index, ConstraintSpec Spec)
{
    /// <summary>The attribute as written.</summary>
    public string Text => Spec.DeclarationText;
}

/// <summary>Everything the GlobalObjectives attributes of one class declare, read but not yet judged as a whole.</summary>
internal sealed class DeclaredAttributes
{
    public List<ObjectiveAttribute> Objectives { get; } = new();

    /// <summary>The objective when exactly one readable objective attribute is declared.</summary>
    public ObjectiveAttribute? Objective => Objectives.Count == 1 ? Objectives[0] : null;

    /// <summary>Objective attributes whose arguments could not be read (they still count as objectives).</summary>
    public int UnreadableObjectives { get; set; }

    /// <summary>The readable constraints, in declaration order.</summary>
    public List<ConstraintAttribute> Constraints { get; } = new();

    /// <summary>Constraint attributes with an unreadable or invalid argument (already a problem each).</summary>
    public int UnreadableConstraints { get; set; }

    /// <summary>All constraint attributes, readable or not.</summary>
    public int ConstraintCount => Constraints.Count + UnreadableConstraints;

    /// <summary><c>[PrecisionRange]</c>: where it stands (-1 when absent) and its bounds (null when absent or invalid).</summary>
    public DeclaredRange PrecisionRange { get; set; } = DeclaredRange.Absent;

    /// <summary><c>[FprRange]</c>: where it stands (-1 when absent) and its bounds (null when absent or invalid).</summary>
    public DeclaredRange FprRange { get; set; } = DeclaredRange.Absent;

    /// <summary>A valid <c>[Anchors]</c> count; null when absent or invalid.</summary>
    public int? AnchorCount { get; set; }

    /// <summary>Where <c>[Anchors]</c> stands, valid or not; -1 when absent.</summary>
    public int AnchorsIndex { get; set; } = -1;

    /// <summary>A valid <c>[Surrogate]</c>; null when absent or invalid.</summary>
    public ObjectiveSurrogate? Surrogate { get; set; }
}

/// <summary>A range attribute: where it stands (-1 when absent) and its bounds when they are valid.</summary>
/// <param name="Index">Index in the type symbol's <c>GetAttributes()</c>; -1 when absent.</param>
/// <param name="IsValid">Whether <paramref name="Lower"/> and <paramref name="Upper"/> hold valid bounds.</param>
/// <param name="Lower">The lower bound when valid.</param>
/// <param name="Upper">The upper bound when valid.</param>
internal readonly record struct DeclaredRange(int Index, bool IsValid, double Lower, double Upper)
{
    public static DeclaredRange Absent => new(-1, false, 0, 0);

    /// <summary>A declared range whose bounds are invalid (already a problem).</summary>
    public static DeclaredRange Invalid(int index) => new(index, false, 0, 0);

    public bool IsDeclared => Index >= 0;

    /// <summary>The lower bound, or 0 (the default range's) when absent or invalid.</summary>
    public double LowerOrDefault => IsValid ? Lower : 0.0;

    /// <summary>The upper bound, or 1 (the default range's) when absent or invalid.</summary>
    public double UpperOrDefault => IsValid ? Upper : 1.0;
}
