using System.Collections.Generic;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// The rules on the objective as a whole: exactly one objective attribute (GOBJ012), a supported objective (GOBJ014),
/// the constraints a rate objective needs (GOBJ014, GOBJ023), AUC objectives (GOBJ021), attributes that do not apply
/// (GOBJ015); and the family of a valid declaration.
/// </summary>
internal static class ObjectiveRules
{
    /// <summary>The family of the declaration, or null when it is invalid (with its problems added).</summary>
    public static ObjectiveFamily? SelectFamily(string typeName, DeclaredAttributes declared, List<ParseProblem> problems)
    {
        int objectiveCount = declared.Objectives.Count + declared.UnreadableObjectives;
        if (objectiveCount == 0)
        {
            problems.Add(ParseProblem.OnType(ProblemKind.ConflictingObjectives, typeName, "has no [Maximize] or [Minimize] attribute; declare exactly one"));
            return null;
        }
        if (objectiveCount > 1)
        {
            int second = declared.Objectives.Count > 1 ? declared.Objectives[1].Index : -1;
            problems.Add(ParseProblem.OnAttribute(ProblemKind.ConflictingObjectives, second, -1, typeName,
                $"declares {objectiveCount} objectives; declare exactly one [Maximize] or [Minimize]"));
            return null;
        }
        if (declared.Objective is not { } objective) return null;          // its argument was unreadable (already a problem)

        int errorsBefore = ObjectiveParser.ErrorCount(problems);
        if (UnsupportedReason(objective.Direction, objective.Metric) is { } reason)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, objective.Index, 0, objective.Text, reason));
            return null;
        }

        if (objective.Metric.IsAuc())
        {
            foreach (var constraint in declared.Constraints)
                problems.Add(ParseProblem.OnAttribute(ProblemKind.ConstraintOnAuc, constraint.Index, -1, objective.Text.Substring(1, objective.Text.Length - 2)));
            bool partial = objective.Metric == ObjectiveMetric.RocAuc && declared.FprRange.IsDeclared;
            AddNotApplicable(declared, objective, problems);
            if (ObjectiveParser.ErrorCount(problems) > errorsBefore || declared.UnreadableConstraints > 0) return null;
            return objective.Metric == ObjectiveMetric.PrAuc ? ObjectiveFamily.PrecisionRecallAuc
                : partial ? ObjectiveFamily.PartialRocAuc : ObjectiveFamily.RocAuc;
        }

        AddNotApplicable(declared, objective, problems);
        var canonical = Canonical(objective);
        ConstraintSetRules.Check(objective, canonical, declared.Constraints, problems);
        if (declared.ConstraintCount == 0 && NeedsConstraint(objective, canonical.Metric) is { } need)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, objective.Index, -1, objective.Text + " without a [Constraint]", need));
        if (canonical.Metric == ObjectiveMetric.Precision && declared.UnreadableConstraints == 0 && !HasTruePositiveFloor(declared.Constraints))
            problems.Add(ParseProblem.OnAttribute(ProblemKind.PrecisionWithoutTruePositiveFloor, objective.Index, -1, objective.Text));

        if (ObjectiveParser.ErrorCount(problems) > errorsBefore || declared.UnreadableConstraints > 0) return null;
        return SeedFamily(objective, declared.Constraints) ?? ObjectiveFamily.RateConstraints;
    }

    /// <summary>The objective as a canonical bound: Minimize FNR is Maximize Recall, Maximize TNR is Minimize FPR.</summary>
    public static CanonicalBound Canonical(ObjectiveAttribute objective)
    {
        var (metric, _, _) = objective.Metric.Canonicalize(ComparisonKind.AtLeast, 0.0);
        return new CanonicalBound(metric, ComparisonKind.AtLeast, 0.0, metric == ObjectiveMetric.FScore ? objective.Beta : 1.0);
    }

    /// <summary>Why (direction, metric) is not an objective the Lagrangian supports, or null when it is one.</summary>
    public static string? UnsupportedReason(ObjectiveDirection direction, ObjectiveMetric metric)
    {
        bool maximize = direction == ObjectiveDirection.Maximize;
        string verb = maximize ? "maximizing" : "minimizing";
        string named = ParserMessages.Named(metric);
        return (metric.Normalize(), maximize) switch
        {
            (ObjectiveMetric.Recall, true) or (ObjectiveMetric.FalseNegativeRate, false) => null,
            (ObjectiveMetric.FalsePositiveRate, false) or (ObjectiveMetric.TrueNegativeRate, true) => null,
            (ObjectiveMetric.Precision, true) or (ObjectiveMetric.Accuracy, true) or (ObjectiveMetric.FScore, true) => null,
            (ObjectiveMetric.PrAuc, true) or (ObjectiveMetric.RocAuc, true) => null,
            (ObjectiveMetric.Recall, false) or (ObjectiveMetric.FalseNegativeRate, true) or (ObjectiveMetric.FScore, false) => $"{verb} {named} is won by flagging nothing",
            (ObjectiveMetric.FalsePositiveRate, true) or (ObjectiveMetric.TrueNegativeRate, false) => $"{verb} {named} is won by flagging everything",
            (ObjectiveMetric.Precision, false) => "minimizing precision rewards flagging negatives rather than positives, which no useful classifier wants",
            (ObjectiveMetric.NegativePredictiveValue, true) => "maximizing NPV needs a true-negative floor and is not supported",
            (ObjectiveMetric.NegativePredictiveValue, false) => "minimizing NPV rewards passing positives rather than negatives, which no useful classifier wants",
            (ObjectiveMetric.Accuracy, false) => "minimizing accuracy is won by the inverted classifier",
            _ => $"minimizing {named} is won by ranking negatives above positives",   // PrAuc, RocAuc
        };
    }

    /// <summary>Why a rate objective cannot stand without a constraint, or null when it can (accuracy, F-score; precision is GOBJ023).</summary>
    private static string? NeedsConstraint(ObjectiveAttribute objective, ObjectiveMetric canonical)
    {
        string verb = objective.Direction == ObjectiveDirection.Maximize ? "maximizing" : "minimizing";
        string named = ParserMessages.Named(objective.Metric);
        return canonical switch
        {
            ObjectiveMetric.Recall => $"{verb} {named} alone flags everything; add a constraint such as {ParserMessages.PartnerConstraint(canonical)}",
            ObjectiveMetric.FalsePositiveRate => $"{verb} {named} alone flags nothing; add a constraint such as {ParserMessages.PartnerConstraint(canonical)}",
            _ => null,
        };
    }

    /// <summary>Whether a constraint holds true positives up: Recall/TPR ≥, FalseNegativeRate ≤ or FScore ≥ (a wrong direction is its own error).</summary>
    private static bool HasTruePositiveFloor(List<ConstraintAttribute> constraints)
    {
        foreach (var constraint in constraints)
            if (CanonicalBound.Of(constraint.Spec).Metric is ObjectiveMetric.Recall or ObjectiveMetric.FScore) return true;
        return false;
    }

    /// <summary>One of the seed's four rate-at-rate families: exactly one constraint, declared metrics as in the seed (no complements).</summary>
    private static ObjectiveFamily? SeedFamily(ObjectiveAttribute objective, List<ConstraintAttribute> constraints)
    {
        if (constraints.Count != 1) return null;
        var single = constraints[0].Spec;
        return (objective.Direction, objective.Metric.Normalize(), single.Metric.Normalize(), single.Comparison) switch
        {
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall, ObjectiveMetric.Precision, ComparisonKind.AtLeast) => ObjectiveFamily.RecallAtPrecision,
            (ObjectiveDirection.Maximize, ObjectiveMetric.Precision, ObjectiveMetric.Recall, ComparisonKind.AtLeast) => ObjectiveFamily.PrecisionAtRecall,
            (ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate, ObjectiveMetric.Recall, ComparisonKind.AtLeast) => ObjectiveFamily.FalsePositiveRateAtTruePositiveRate,
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall, ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost) => ObjectiveFamily.TruePositiveRateAtFalsePositiveRate,
            _ => null,
        };
    }

    /// <summary>GOBJ015 for <c>[PrecisionRange]</c>, <c>[FprRange]</c> and <c>[Anchors]</c> where they do not apply.</summary>
    private static void AddNotApplicable(DeclaredAttributes declared, ObjectiveAttribute objective, List<ParseProblem> problems)
    {
        bool prAuc = objective.Metric == ObjectiveMetric.PrAuc;
        bool rocAuc = objective.Metric == ObjectiveMetric.RocAuc;
        if (declared.PrecisionRange.IsDeclared && !prAuc)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, declared.PrecisionRange.Index, -1, "[PrecisionRange]", "[Maximize(PrAuc)]", objective.Text));
        if (declared.FprRange.IsDeclared && !rocAuc)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, declared.FprRange.Index, -1, "[FprRange]", "[Maximize(RocAuc)]", objective.Text));
        if (declared.AnchorsIndex >= 0 && !prAuc && !(rocAuc && declared.FprRange.IsDeclared))
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, declared.AnchorsIndex, -1, "[Anchors]",
                "[Maximize(PrAuc)] and [Maximize(RocAuc)] with [FprRange]", rocAuc ? objective.Text + " without [FprRange]" : objective.Text));
    }
}
