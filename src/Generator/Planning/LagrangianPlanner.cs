using System.Collections.Generic;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Planning;

/// <summary>
/// Compiles an <see cref="ObjectiveSpec"/> into an <see cref="ObjectivePlan"/>: the objective's own surrogate weights
/// (c0, d0) plus one Lagrangian term per constraint. Every rate-at-rate family is the single element-wise form
/// <code>
/// loss = w·S(y, x; c = c0 + Σ_j λ_j·α_j(t_j), d = d0 + Σ_j λ_j·β_j(t_j)) + Σ_j λ_j·m2·(γ_j(t_j)·π + δ_j(t_j)·(1 − π))
/// </code>
/// PR-AUC is recall-at-precision at each anchor P_k and partial ROC-AUC is recall-at-FPR at each anchor f_k, averaged
/// over the anchors, and an Fβ objective takes Dinkelbach steps (c0 = 1 + β² − q, d0 = q with q the runtime's level).
/// </summary>
public static class LagrangianPlanner
{
    /// <summary>The plan of <paramref name="spec"/>, or null when the spec has no plan (never for parser output).</summary>
    public static ObjectivePlan? Plan(ObjectiveSpec spec)
    {
        switch (spec.Family)
        {
            case ObjectiveFamily.RocAuc:
                return new ObjectivePlan(spec, PlanKind.PairwiseRocAuc, 1, 1, EquatableArray<ConstraintTerm>.Empty, EquatableArray<double>.Empty);

            case ObjectiveFamily.PrecisionRecallAuc:
                return Anchored(spec, PlanKind.AnchoredPrecisionRecallAuc, ObjectiveMetric.Precision, ComparisonKind.AtLeast);

            case ObjectiveFamily.PartialRocAuc:
                return Anchored(spec, PlanKind.AnchoredPartialRocAuc, ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost);

            default:
            {
                if (ObjectiveWeights(spec.Direction, spec.Metric) is not { } weights) return null;
                var terms = new List<ConstraintTerm>();
                foreach (var constraint in spec.Constraints)
                {
                    if (Term(constraint, TargetSource.DeclaredPerLabel) is not { } term) return null;
                    terms.Add(term);
                }
                if (spec.Metric != ObjectiveMetric.FScore)
                    return new ObjectivePlan(spec, PlanKind.RateConstraints, weights.C0, weights.D0, terms.ToEquatableArray(), EquatableArray<double>.Empty);
                double beta = spec.ObjectiveBeta;
                if (!(beta > 0) || double.IsInfinity(beta * beta)) return null;
                return new ObjectivePlan(spec, PlanKind.RateConstraints, 1 + beta * beta, 0, terms.ToEquatableArray(), EquatableArray<double>.Empty, beta);
            }
        }
    }

    /// <summary>
    /// PR-AUC and partial ROC-AUC: "maximize recall subject to <paramref name="anchorMetric"/> at the anchor" at each of
    /// the K anchors of the range, with per-anchor λ_k and bias b_k, averaged over the anchors (objective-math §8 A).
    /// </summary>
    private static ObjectivePlan? Anchored(ObjectiveSpec spec, PlanKind kind, ObjectiveMetric anchorMetric, ComparisonKind comparison)
    {
        if (spec.Anchors < 1 || !(spec.RangeLower < spec.RangeUpper)) return null;
        var term = Term(new ConstraintSpec(anchorMetric, comparison, double.NaN), TargetSource.Anchors);
        var (c0, d0) = ObjectiveWeights(ObjectiveDirection.Maximize, ObjectiveMetric.Recall)!.Value;
        return new ObjectivePlan(spec, kind, c0, d0, EquatableArray.Create(term!), AnchorGrid(spec.RangeLower, spec.RangeUpper, spec.Anchors));
    }

    /// <summary>
    /// The objective's own weights (c0, d0), the bound it minimizes (objective-math §4): maximizing recall/TPR or
    /// minimizing the FNR minimizes FN_ub (1, 0); minimizing the FPR, maximizing the TNR, or maximizing precision (with a
    /// true-positive floor among the constraints) minimizes FP_ub (0, 1); maximizing accuracy minimizes FN_ub + FP_ub
    /// (1, 1). Maximizing Fβ is the Dinkelbach step (1 + β² − q, q) with q the runtime's level: (1 + β², 0) here, and
    /// the emitter subtracts q from c and adds it to d.
    /// </summary>
    public static (double C0, double D0)? ObjectiveWeights(ObjectiveDirection direction, ObjectiveMetric metric)
        => (direction, metric.Normalize()) switch
        {
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall) => (1.0, 0.0),
            (ObjectiveDirection.Minimize, ObjectiveMetric.FalseNegativeRate) => (1.0, 0.0),
            (ObjectiveDirection.Maximize, ObjectiveMetric.Precision) => (0.0, 1.0),
            (ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate) => (0.0, 1.0),
            (ObjectiveDirection.Maximize, ObjectiveMetric.TrueNegativeRate) => (0.0, 1.0),
            (ObjectiveDirection.Maximize, ObjectiveMetric.Accuracy) => (1.0, 1.0),
            (ObjectiveDirection.Maximize, ObjectiveMetric.FScore) => (1.0, 0.0), // β = 1 here; Plan uses (1 + β², 0) and the level q
            _ => null,
        };

    /// <summary>
    /// The Lagrangian term of a constraint (objective-math §2–§3). Each constraint is written in counts as
    /// g = a·FN + b·FP + u·P + v·N ≤ 0 with a, b ≥ 0 in every supported direction, so replacing FN by its upper bound
    /// Σyℓ⁺/m2 and FP by Σ(1−y)ℓ⁻/m2 gives a convex, conservative relaxation; multiplied by m2, with P = B·π and
    /// N = B·(1 − π) spread over the B elements, the term adds λ·α to c, λ·β to d and λ·m2·(γ·π + δ·(1 − π)) to every
    /// element. With t the declared target:
    /// <list type="bullet">
    /// <item>Precision ≥ p: p·FP − (1 − p)·TP gives (α, β, γ, δ) = (1 − p, p, −(1 − p), 0).</item>
    /// <item>Recall ≥ r: r·P − TP gives (1, 0, r − 1, 0); FNR ≤ f (Recall ≥ 1 − f) gives (1, 0, −f, 0).</item>
    /// <item>FPR ≤ f: FP − f·N gives (0, 1, 0, −f); TNR ≥ s (FPR ≤ 1 − s) gives (0, 1, 0, s − 1).</item>
    /// <item>NPV ≥ v: v·FN − (1 − v)·TN gives (v, 1 − v, 0, −(1 − v)).</item>
    /// <item>Accuracy ≥ a: FN + FP − (1 − a)·(P + N) gives (1, 1, a − 1, a − 1).</item>
    /// <item>Fβ ≥ q: q·(β²P + TP + FP) − (1 + β²)·TP gives (1 + β² − q, q, −(1 + β²)(1 − q), 0).</item>
    /// </list>
    /// The reversed directions need the mirror bounds and have no term (the parser rejects them).
    /// </summary>
    public static ConstraintTerm? Term(ConstraintSpec constraint, TargetSource source)
    {
        double scale = 1 + constraint.Beta * constraint.Beta;
        return (constraint.Metric.Normalize(), constraint.Comparison) switch
        {
            (ObjectiveMetric.Precision, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.OneMinusTarget, Affine.Target, Affine.OneMinusTarget.Negate(), Affine.Zero),
            (ObjectiveMetric.Recall, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.One, Affine.Zero, Affine.OneMinusTarget.Negate(), Affine.Zero),
            (ObjectiveMetric.FalseNegativeRate, ComparisonKind.AtMost) =>
                new ConstraintTerm(constraint, source, Affine.One, Affine.Zero, Affine.Target.Negate(), Affine.Zero),
            (ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost) =>
                new ConstraintTerm(constraint, source, Affine.Zero, Affine.One, Affine.Zero, Affine.Target.Negate()),
            (ObjectiveMetric.TrueNegativeRate, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.Zero, Affine.One, Affine.Zero, Affine.OneMinusTarget.Negate()),
            (ObjectiveMetric.NegativePredictiveValue, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.Target, Affine.OneMinusTarget, Affine.Zero, Affine.OneMinusTarget.Negate()),
            (ObjectiveMetric.Accuracy, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.One, Affine.One, Affine.OneMinusTarget.Negate(), Affine.OneMinusTarget.Negate()),
            (ObjectiveMetric.FScore, ComparisonKind.AtLeast) when constraint.Beta > 0 && !double.IsInfinity(scale) =>
                new ConstraintTerm(constraint, source, new Affine(scale, -1), Affine.Target, new Affine(-scale, scale), Affine.Zero),
            _ => null,
        };
    }

    /// <summary>The K anchors P_k: the interior points of linspace(lower, upper, K + 2) (seed spec §3.2).</summary>
    public static EquatableArray<double> AnchorGrid(double lower, double upper, int count)
    {
        var anchors = new double[count];
        double step = (upper - lower) / (count + 1);
        for (int k = 0; k < count; k++) anchors[k] = lower + (k + 1) * step;
        return EquatableArray.Create(anchors);
    }
}
