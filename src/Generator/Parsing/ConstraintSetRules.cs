using System;
using System.Collections.Generic;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// A bound with aliases folded and complements mapped (FNR ≤ f is Recall ≥ 1 − f, TNR ≥ s is FPR ≤ 1 − s); F-scores
/// with different β are different metrics, so β is part of the metric.
/// </summary>
internal readonly record struct CanonicalBound(ObjectiveMetric Metric, ComparisonKind Comparison, double Target, double Beta)
{
    public static CanonicalBound Of(ConstraintSpec constraint)
    {
        var (metric, comparison, target) = constraint.Canonical;
        return new CanonicalBound(metric, comparison, target, metric == ObjectiveMetric.FScore ? constraint.Beta : 1.0);
    }

    /// <summary>Whether <paramref name="other"/> bounds the same canonical metric (and β).</summary>
    public bool SameMetric(CanonicalBound other) => Metric == other.Metric && Beta == other.Beta;
}

/// <summary>
/// The rules on a set of constraints, after canonicalization (docs/diagnostics.md): AUC metrics (GOBJ014), the
/// objective's own metric (GOBJ018), reversed directions and bands (GOBJ013), contradictions (GOBJ020), vacuous and
/// perfect targets (GOBJ017), redundant constraints and Fβ's implications (GOBJ019).
/// </summary>
internal static class ConstraintSetRules
{
    /// <summary>Tolerance of the comparisons of derived targets (1 − f, q/(1 + β²)): equal within it counts as equal.</summary>
    private const double Tolerance = 1e-12;

    private enum Status { Valid, Vacuous, Redundant, Rejected, Reversed }

    private sealed class Entry(ConstraintAttribute attribute)
    {
        public ConstraintAttribute Attribute { get; } = attribute;

        public CanonicalBound Bound { get; } = CanonicalBound.Of(attribute.Spec);

        public Status Status { get; set; }

        /// <summary>Valid or vacuous: its direction is the metric's own, and it takes part in the Lagrangian.</summary>
        public bool Active => Status is Status.Valid or Status.Vacuous;
    }

    /// <summary>
    /// The comparison a constraint on <paramref name="metric"/> must use: qualities are bounded from below, error rates
    /// (FalsePositiveRate, FalseNegativeRate) from above; null for an AUC.
    /// </summary>
    public static ComparisonKind? ExpectedComparison(ObjectiveMetric metric) => metric.Normalize() switch
    {
        ObjectiveMetric.FalsePositiveRate or ObjectiveMetric.FalseNegativeRate => ComparisonKind.AtMost,
        ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc => null,
        _ => ComparisonKind.AtLeast,
    };

    /// <summary>Checks the constraints of a rate objective whose canonical metric is <paramref name="objective"/>.</summary>
    public static void Check(ObjectiveAttribute declaredObjective, CanonicalBound objective, List<ConstraintAttribute> constraints, List<ParseProblem> problems)
    {
        var entries = constraints.ConvertAll(c => new Entry(c));
        foreach (var entry in entries)
            CheckOne(entry, declaredObjective, objective, problems);
        foreach (var entry in entries)
            if (entry.Status == Status.Reversed) CheckReversed(entry, entries, problems);
        CheckRedundant(entries, problems);
        CheckFScoreImplications(entries, problems);
    }

    private static void CheckOne(Entry entry, ObjectiveAttribute declaredObjective, CanonicalBound objective, List<ParseProblem> problems)
    {
        var spec = entry.Attribute.Spec;
        int index = entry.Attribute.Index;
        if (spec.Metric.IsAuc())
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, index, 0, entry.Attribute.Text,
                "an area under the curve is not a rate at one threshold, so no Lagrangian constraint bounds it; constrain a rate "
                + "such as Precision or Recall, or maximize PrAuc or RocAuc instead"));
            entry.Status = Status.Rejected;
            return;
        }
        if (entry.Bound.SameMetric(objective))
        {
            string words = ParserMessages.Words(objective.Metric, objective.Beta);
            if (spec.Metric.Normalize() != objective.Metric)
                words += $" ({spec.Metric} {spec.Comparison.ToOperator()} {ParserMessages.Format(spec.Target)} is {ParserMessages.Bound(entry.Bound)})";
            problems.Add(ParseProblem.OnAttribute(ProblemKind.OwnMetricConstrained, index, 0, entry.Attribute.Text, words,
                declaredObjective.Text, ParserMessages.PartnerConstraint(objective.Metric)));
            entry.Status = Status.Rejected;
            return;
        }
        if (spec.Comparison != ExpectedComparison(spec.Metric))
        {
            entry.Status = Status.Reversed;
            return;
        }
        var bound = entry.Bound;
        bool vacuous = bound.Comparison == ComparisonKind.AtLeast ? bound.Target == 0.0 : bound.Target == 1.0;
        bool perfect = bound.Comparison == ComparisonKind.AtLeast ? bound.Target == 1.0 : bound.Target == 0.0;
        if (vacuous)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.DegenerateTarget, index, 2, entry.Attribute.Text, ParserMessages.Vacuous(spec, bound.Metric))
                with { RemoveAttribute = true });
            entry.Status = Status.Vacuous;
            return;
        }
        if (perfect)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.DegenerateTarget, index, 2, entry.Attribute.Text, ParserMessages.Perfect(bound.Metric)));
        entry.Status = Status.Valid;
    }

    /// <summary>A reversed constraint: contradictory with a partner (GOBJ020), a band with one (GOBJ013), or reversed alone (GOBJ013).</summary>
    private static void CheckReversed(Entry reversed, List<Entry> entries, List<ParseProblem> problems)
    {
        Entry? band = null;
        foreach (var partner in entries)
        {
            if (!partner.Active || !partner.Bound.SameMetric(reversed.Bound)) continue;
            var (lower, upper) = reversed.Bound.Comparison == ComparisonKind.AtLeast ? (reversed.Bound, partner.Bound) : (partner.Bound, reversed.Bound);
            if (lower.Target > upper.Target + Tolerance)
            {
                var (later, earlier) = partner.Attribute.Index > reversed.Attribute.Index ? (partner, reversed) : (reversed, partner);
                problems.Add(ParseProblem.OnAttribute(ProblemKind.ContradictoryConstraints, later.Attribute.Index, -1, later.Attribute.Text, earlier.Attribute.Text,
                    $"together they require {ParserMessages.Bound(lower)} and {ParserMessages.Bound(upper)}, which no classifier satisfies"));
                reversed.Status = Status.Rejected;
                return;
            }
            band ??= partner;
        }

        var spec = reversed.Attribute.Spec;
        var expected = ExpectedComparison(spec.Metric) ?? ComparisonKind.AtLeast;
        string reason = ParserMessages.ReversedReason(spec.Metric, expected, reversed.Bound.Metric);
        if (band is not null)
        {
            var (lower, upper) = reversed.Bound.Comparison == ComparisonKind.AtLeast ? (reversed.Bound, band.Bound) : (band.Bound, reversed.Bound);
            reason += ParserMessages.BandReason(band.Attribute.Text, lower, upper);
        }
        problems.Add(ParseProblem.OnAttribute(ProblemKind.ComparisonDirectionMismatch, reversed.Attribute.Index, 1, reversed.Attribute.Text, reason, expected.ToOperator())
            with { Replacement = expected.ToOperator() });
        reversed.Status = Status.Rejected;
    }

    /// <summary>Same canonical metric and direction: every bound but the tightest (the earliest among equals) is redundant.</summary>
    private static void CheckRedundant(List<Entry> entries, List<ParseProblem> problems)
    {
        foreach (var entry in entries)
        {
            if (entry.Status != Status.Valid) continue;
            var keeper = entry;
            foreach (var other in entries)
            {
                if (other == keeper || other.Status != Status.Valid || !other.Bound.SameMetric(keeper.Bound)) continue;
                double gain = other.Bound.Comparison == ComparisonKind.AtLeast ? other.Bound.Target - keeper.Bound.Target : keeper.Bound.Target - other.Bound.Target;
                bool earlierOfEquals = Math.Abs(gain) <= Tolerance && other.Attribute.Index < keeper.Attribute.Index;
                if (gain > Tolerance || earlierOfEquals) keeper = other;
            }
            if (keeper == entry) continue;
            entry.Status = Status.Redundant;
            problems.Add(Redundant(entry, keeper.Attribute.Text, ParserMessages.Bound(keeper.Bound)));
        }
    }

    /// <summary>
    /// Fβ ≥ q implies Precision ≥ q/(1 + β²) and Recall ≥ qβ²/(1 + β²); Precision ≥ p and Recall ≥ r imply
    /// Fβ ≥ (1 + β²)pr/(r + β²p) (objective-math §7.6).
    /// </summary>
    private static void CheckFScoreImplications(List<Entry> entries, List<ParseProblem> problems)
    {
        foreach (var f in entries)
        {
            if (f.Status != Status.Valid || f.Bound.Metric != ObjectiveMetric.FScore) continue;
            double b2 = f.Bound.Beta * f.Bound.Beta;
            double precision = f.Bound.Target / (1 + b2), recall = f.Bound.Target * b2 / (1 + b2);
            foreach (var other in entries)
            {
                if (other.Status != Status.Valid) continue;
                double implied = other.Bound.Metric switch
                {
                    ObjectiveMetric.Precision => precision,
                    ObjectiveMetric.Recall => recall,
                    _ => double.NaN,
                };
                if (!(other.Bound.Target <= implied + Tolerance)) continue;
                other.Status = Status.Redundant;
                problems.Add(Redundant(other, f.Attribute.Text,
                    $"{ParserMessages.Bound(f.Bound)} implies {other.Bound.Metric} >= {ParserMessages.FormatDerived(implied)}"));
            }
        }

        foreach (var f in entries)
        {
            if (f.Status != Status.Valid || f.Bound.Metric != ObjectiveMetric.FScore) continue;
            double b2 = f.Bound.Beta * f.Bound.Beta;
            foreach (var p in entries)
            {
                if (p.Status != Status.Valid || p.Bound.Metric != ObjectiveMetric.Precision) continue;
                foreach (var r in entries)
                {
                    if (r.Status != Status.Valid || r.Bound.Metric != ObjectiveMetric.Recall) continue;
                    double denominator = r.Bound.Target + b2 * p.Bound.Target;
                    if (!(denominator > 0)) continue;
                    double implied = (1 + b2) * p.Bound.Target * r.Bound.Target / denominator;
                    if (!(f.Bound.Target <= implied + Tolerance)) continue;
                    f.Status = Status.Redundant;
                    var (first, second) = p.Attribute.Index < r.Attribute.Index ? (p, r) : (r, p);
                    problems.Add(Redundant(f, $"{first.Attribute.Text} and {second.Attribute.Text}",
                        $"{ParserMessages.Bound(p.Bound)} and {ParserMessages.Bound(r.Bound)} imply {ParserMessages.MetricName(ObjectiveMetric.FScore, f.Bound.Beta)} >= {ParserMessages.FormatDerived(implied)}"));
                    break;
                }
                if (f.Status == Status.Redundant) break;
            }
        }
    }

    private static ParseProblem Redundant(Entry entry, string impliedBy, string why)
        => ParseProblem.OnAttribute(ProblemKind.DuplicateConstraint, entry.Attribute.Index, -1, entry.Attribute.Text, impliedBy, why) with { RemoveAttribute = true };
}
