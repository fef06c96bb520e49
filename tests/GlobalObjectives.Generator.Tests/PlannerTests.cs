using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Planning;

namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// The planner's coefficients reproduce the seed formulas (spec §4.1-4.6): substituting λ, π, t into
/// c = c0 + λα(t), d = d0 + λβ(t) and the constant λ·m2·(γ(t)·π + δ(t)·(1 − π)) gives the seed's weights and constant.
/// </summary>
public sealed class PlannerTests
{
    private static readonly TypeDeclarationModel Type = new("Demo", EquatableArray<ContainingTypeModel>.Empty, "C", "C");

    private static ObjectivePlan PlanOf(ObjectiveFamily family, ObjectiveDirection direction, ObjectiveMetric metric, params ConstraintSpec[] constraints)
        => LagrangianPlanner.Plan(new ObjectiveSpec(Type, family, direction, metric, EquatableArray.Create(constraints), 0, 0, 0, ObjectiveSurrogate.Xent))!;

    /// <summary>(c, d, constant) of a single-constraint plan at λ, π, m2.</summary>
    private static (double C, double D, double Constant) Evaluate(ObjectivePlan plan, double lambda, double prior, double m2)
    {
        var term = Assert.Single(plan.Terms);
        double t = term.Constraint.Target;
        return (plan.PositiveWeightBase + lambda * term.Alpha.At(t),
                plan.NegativeWeightBase + lambda * term.Beta.At(t),
                lambda * m2 * (term.Gamma.At(t) * prior + term.Delta.At(t) * (1 - prior)));
    }

    public static TheoryData<double, double, double> Points => new()
    {
        { 1.0, 0.5, Math.Log(2) },
        { 0.37, 0.12, 1.0 },
        { 2.5, 0.81, Math.Log(2) },
        { 0.0, 0.3, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void RecallAtPrecisionMatchesSeed(double lambda, double prior, double m2)
    {
        const double p = 0.8;
        var plan = PlanOf(ObjectiveFamily.RecallAtPrecision, ObjectiveDirection.Maximize, ObjectiveMetric.Recall,
            new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, p));
        var (c, d, constant) = Evaluate(plan, lambda, prior, m2);
        // seed §4.3: c = 1 + λ(1 − p), d = λp, constant −λ(1 − p)·π·m2.
        Assert.Equal(1 + lambda * (1 - p), c, 12);
        Assert.Equal(lambda * p, d, 12);
        Assert.Equal(-lambda * (1 - p) * prior * m2, constant, 12);
        Assert.Equal(PlanKind.RateConstraints, plan.Kind);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void PrecisionAtRecallMatchesSeed(double lambda, double prior, double m2)
    {
        const double r = 0.7;
        var plan = PlanOf(ObjectiveFamily.PrecisionAtRecall, ObjectiveDirection.Maximize, ObjectiveMetric.Precision,
            new ConstraintSpec(ObjectiveMetric.Recall, ComparisonKind.AtLeast, r));
        var (c, d, constant) = Evaluate(plan, lambda, prior, m2);
        // seed §4.4: c = λ, d = 1, constant +λ·π·(r − 1)·m2.
        Assert.Equal(lambda, c, 12);
        Assert.Equal(1, d, 12);
        Assert.Equal(lambda * prior * (r - 1) * m2, constant, 12);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void FprAtTprIsPrecisionAtRecall(double lambda, double prior, double m2)
    {
        const double t = 0.46;
        var fpr = PlanOf(ObjectiveFamily.FalsePositiveRateAtTruePositiveRate, ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate,
            new ConstraintSpec(ObjectiveMetric.TruePositiveRate, ComparisonKind.AtLeast, t));
        var par = PlanOf(ObjectiveFamily.PrecisionAtRecall, ObjectiveDirection.Maximize, ObjectiveMetric.Precision,
            new ConstraintSpec(ObjectiveMetric.Recall, ComparisonKind.AtLeast, t));
        // seed §4.5: a pure alias of precision_at_recall.
        Assert.Equal(Evaluate(par, lambda, prior, m2), Evaluate(fpr, lambda, prior, m2));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void TprAtFprMatchesSeed(double lambda, double prior, double m2)
    {
        const double f = 0.1;
        var plan = PlanOf(ObjectiveFamily.TruePositiveRateAtFalsePositiveRate, ObjectiveDirection.Maximize, ObjectiveMetric.TruePositiveRate,
            new ConstraintSpec(ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost, f));
        var (c, d, constant) = Evaluate(plan, lambda, prior, m2);
        // seed §4.6: c = 1, d = λ, constant −λ·f·(1 − π)·m2.
        Assert.Equal(1, c, 12);
        Assert.Equal(lambda, d, 12);
        Assert.Equal(-lambda * f * (1 - prior) * m2, constant, 12);
    }

    [Fact]
    public void PrAucIsRecallAtPrecisionAtEachAnchor()
    {
        var spec = new ObjectiveSpec(Type, ObjectiveFamily.PrecisionRecallAuc, ObjectiveDirection.Maximize, ObjectiveMetric.PrAuc,
            EquatableArray<ConstraintSpec>.Empty, 0, 1, 20, ObjectiveSurrogate.Xent);
        var plan = LagrangianPlanner.Plan(spec)!;

        Assert.Equal(PlanKind.AnchoredPrecisionRecallAuc, plan.Kind);
        Assert.Equal((1.0, 0.0), (plan.PositiveWeightBase, plan.NegativeWeightBase));
        var term = Assert.Single(plan.Terms);
        Assert.Equal(TargetSource.Anchors, term.Source);
        // Same coefficients as recall_at_precision at P_k (seed §4.1 step 6).
        var rap = LagrangianPlanner.Term(new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.5), TargetSource.DeclaredPerLabel)!;
        Assert.Equal((rap.Alpha, rap.Beta, rap.Gamma, rap.Delta), (term.Alpha, term.Beta, term.Gamma, term.Delta));
        // Default (0, 1), K = 20: P_k = k/21 (seed §3.2).
        Assert.Equal(20, plan.AnchorPrecisions.Count);
        for (int k = 0; k < 20; k++) Assert.Equal((k + 1) / 21.0, plan.AnchorPrecisions[k], 15);
    }

    [Fact]
    public void AnchorGridIsTheInteriorOfLinspace()
    {
        var anchors = LagrangianPlanner.AnchorGrid(0.5, 1.0, 4);
        Assert.Equal([0.6, 0.7, 0.8, 0.9], anchors.Select(a => Math.Round(a, 12)));
        var single = LagrangianPlanner.AnchorGrid(0.79, 0.81, 1);
        Assert.Equal(0.8, Assert.Single(single), 12);
    }

    [Fact]
    public void RocAucHasNoTerms()
    {
        var spec = new ObjectiveSpec(Type, ObjectiveFamily.RocAuc, ObjectiveDirection.Maximize, ObjectiveMetric.RocAuc,
            EquatableArray<ConstraintSpec>.Empty, 0, 0, 0, ObjectiveSurrogate.Hinge);
        var plan = LagrangianPlanner.Plan(spec)!;
        Assert.Equal(PlanKind.PairwiseRocAuc, plan.Kind);
        Assert.Empty(plan.Terms);
    }

    [Fact]
    public void SpecsAndPlansHaveValueEquality()
    {
        ObjectivePlan Make() => PlanOf(ObjectiveFamily.RecallAtPrecision, ObjectiveDirection.Maximize, ObjectiveMetric.Recall,
            new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.8));
        var a = Make();
        var b = Make();
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
