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
/// and PR-AUC is recall-at-precision at each anchor P_k, averaged over the anchors.
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
            {
                if (spec.Anchors < 1 || !(spec.RangeLower < spec.RangeUpper)) return null;
                var anchorConstraint = new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, double.NaN);
                var term = Term(anchorConstraint, TargetSource.Anchors);
                var (c0, d0) = ObjectiveWeights(ObjectiveDirection.Maximize, ObjectiveMetric.Recall)!.Value;
                return new ObjectivePlan(spec, PlanKind.AnchoredPrecisionRecallAuc, c0, d0, EquatableArray.Create(term!),
                    AnchorGrid(spec.RangeLower, spec.RangeUpper, spec.Anchors));
            }

            default:
            {
                // Module state holds one dual per label today (ObjectiveState.SingleConstraint); the model allows more.
                if (spec.Constraints.Count != 1) return null;
                if (ObjectiveWeights(spec.Direction, spec.Metric) is not { } weights) return null;
                var terms = new List<ConstraintTerm>();
                foreach (var constraint in spec.Constraints)
                {
                    if (Term(constraint, TargetSource.DeclaredPerLabel) is not { } term) return null;
                    terms.Add(term);
                }
                return new ObjectivePlan(spec, PlanKind.RateConstraints, weights.C0, weights.D0, terms.ToEquatableArray(), EquatableArray<double>.Empty);
            }
        }
    }

    /// <summary>
    /// The objective's own weights (c0, d0): maximizing recall/TPR minimizes the false-negative surrogate (1, 0);
    /// maximizing precision at a fixed recall, or minimizing the FPR, minimizes the false-positive surrogate (0, 1).
    /// </summary>
    public static (double C0, double D0)? ObjectiveWeights(ObjectiveDirection direction, ObjectiveMetric metric)
        => (direction, metric.Normalize()) switch
        {
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall) => (1.0, 0.0),
            (ObjectiveDirection.Maximize, ObjectiveMetric.Precision) => (0.0, 1.0),
            (ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate) => (0.0, 1.0),
            _ => null,
        };

    /// <summary>
    /// The Lagrangian term of a constraint, from the bounds TP ≥ TP_lb = P − Σyℓ⁺/m2 and FP ≤ FP_ub = Σ(1−y)ℓ⁻/m2,
    /// with the constraint multiplied by m2 and the constant P = N·π spread over the N elements:
    /// <list type="bullet">
    /// <item>Precision ≥ p: λ·[p·FP_ub − (1 − p)·TP_lb] gives α = 1 − p, β = p, γ = −(1 − p), δ = 0.</item>
    /// <item>Recall ≥ r: λ·[r·P − TP_lb] gives α = 1, β = 0, γ = r − 1, δ = 0.</item>
    /// <item>FPR ≤ f: λ·[FP_ub − f·N_neg] gives α = 0, β = 1, γ = 0, δ = −f.</item>
    /// </list>
    /// </summary>
    public static ConstraintTerm? Term(ConstraintSpec constraint, TargetSource source)
        => (constraint.Metric.Normalize(), constraint.Comparison) switch
        {
            (ObjectiveMetric.Precision, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.OneMinusTarget, Affine.Target, Affine.OneMinusTarget.Negate(), Affine.Zero),
            (ObjectiveMetric.Recall, ComparisonKind.AtLeast) =>
                new ConstraintTerm(constraint, source, Affine.One, Affine.Zero, Affine.OneMinusTarget.Negate(), Affine.Zero),
            (ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost) =>
                new ConstraintTerm(constraint, source, Affine.Zero, Affine.One, Affine.Zero, Affine.Target.Negate()),
            _ => null,
        };

    /// <summary>The K anchors P_k: the interior points of linspace(lower, upper, K + 2) (seed spec §3.2).</summary>
    public static EquatableArray<double> AnchorGrid(double lower, double upper, int count)
    {
        var anchors = new double[count];
        double step = (upper - lower) / (count + 1);
        for (int k = 0; k < count; k++) anchors[k] = lower + (k + 1) * step;
        return EquatableArray.Create(anchors);
    }
}
