using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Planning;

namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// Every constraint term the planner writes is its constraint in counts, g = α·FN + β·FP + γ·P + δ·N, checked against the
/// metric's own definition on random confusion matrices: g equals (target − metric) times the metric's denominator for
/// a lower bound, (metric − target) times it for an upper bound, so g ≤ 0 exactly when the constraint holds. With
/// α, β ≥ 0 the relaxation that replaces FN and FP by their surrogate upper bounds is then conservative (objective-math §2).
/// </summary>
public sealed class ConstraintTermTests
{
    private static readonly TypeDeclarationModel Type = new("Demo", EquatableArray<ContainingTypeModel>.Empty, "C", "C");

    private readonly record struct Counts(double TP, double FP, double TN, double FN)
    {
        public double P => TP + FN;
        public double N => FP + TN;
    }

    /// <summary>(metric value, its denominator) from the definitions, independent of the planner.</summary>
    private static (double Value, double Denominator) Metric(ObjectiveMetric metric, Counts k, double beta) => metric switch
    {
        ObjectiveMetric.Precision => (k.TP / (k.TP + k.FP), k.TP + k.FP),
        ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate => (k.TP / k.P, k.P),
        ObjectiveMetric.FalseNegativeRate => (k.FN / k.P, k.P),
        ObjectiveMetric.FalsePositiveRate => (k.FP / k.N, k.N),
        ObjectiveMetric.TrueNegativeRate or ObjectiveMetric.Specificity => (k.TN / k.N, k.N),
        ObjectiveMetric.NegativePredictiveValue => (k.TN / (k.TN + k.FN), k.TN + k.FN),
        ObjectiveMetric.Accuracy => ((k.TP + k.TN) / (k.P + k.N), k.P + k.N),
        ObjectiveMetric.FScore => ((1 + beta * beta) * k.TP / (beta * beta * k.P + k.TP + k.FP), beta * beta * k.P + k.TP + k.FP),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public static TheoryData<ObjectiveMetric, ComparisonKind, double> Supported => new()
    {
        { ObjectiveMetric.Precision, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.Recall, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.TruePositiveRate, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.FalseNegativeRate, ComparisonKind.AtMost, 1 },
        { ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost, 1 },
        { ObjectiveMetric.TrueNegativeRate, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.Specificity, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.NegativePredictiveValue, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.Accuracy, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.FScore, ComparisonKind.AtLeast, 1 },
        { ObjectiveMetric.FScore, ComparisonKind.AtLeast, 0.5 },
        { ObjectiveMetric.FScore, ComparisonKind.AtLeast, 2 },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void TermIsTheConstraintInCounts(ObjectiveMetric metric, ComparisonKind comparison, double beta)
    {
        var random = new Random(17 + (int)metric);
        foreach (double target in new[] { 0.0, 0.05, 0.3, 0.77, 0.95, 1.0 })
        {
            var term = LagrangianPlanner.Term(new ConstraintSpec(metric, comparison, target, beta), TargetSource.DeclaredPerLabel);
            Assert.NotNull(term);
            double a = term!.Alpha.At(target), b = term.Beta.At(target), u = term.Gamma.At(target), v = term.Delta.At(target);
            Assert.True(a >= 0 && b >= 0, $"{metric} {comparison} {target}: α = {a}, β = {b} must be ≥ 0 for a convex, conservative relaxation");
            for (int draw = 0; draw < 200; draw++)
            {
                var k = new Counts(random.NextDouble() * 50 + 0.1, random.NextDouble() * 50 + 0.1, random.NextDouble() * 50 + 0.1, random.NextDouble() * 50 + 0.1);
                double g = a * k.FN + b * k.FP + u * k.P + v * k.N;
                var (value, denominator) = Metric(metric, k, beta);
                double expected = comparison == ComparisonKind.AtLeast ? (target - value) * denominator : (value - target) * denominator;
                Assert.Equal(expected, g, 1e-9 * Math.Max(1, Math.Abs(expected)));
            }
        }
    }

    public static TheoryData<ObjectiveMetric, ComparisonKind> Reversed => new()
    {
        { ObjectiveMetric.Precision, ComparisonKind.AtMost },
        { ObjectiveMetric.Recall, ComparisonKind.AtMost },
        { ObjectiveMetric.FalseNegativeRate, ComparisonKind.AtLeast },
        { ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtLeast },
        { ObjectiveMetric.TrueNegativeRate, ComparisonKind.AtMost },
        { ObjectiveMetric.NegativePredictiveValue, ComparisonKind.AtMost },
        { ObjectiveMetric.Accuracy, ComparisonKind.AtMost },
        { ObjectiveMetric.FScore, ComparisonKind.AtMost },
        { ObjectiveMetric.PrAuc, ComparisonKind.AtLeast },
    };

    [Theory]
    [MemberData(nameof(Reversed))]
    public void DirectionsThatNeedTheMirrorBoundsHaveNoTerm(ObjectiveMetric metric, ComparisonKind comparison)
        => Assert.Null(LagrangianPlanner.Term(new ConstraintSpec(metric, comparison, 0.5), TargetSource.DeclaredPerLabel));

    /// <summary>The objective's (c0, d0) minimize c0·FN + d0·FP, which must move opposite to the metric at a fixed P and N.</summary>
    [Theory]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.Recall, 1, 0)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.TruePositiveRate, 1, 0)]
    [InlineData(ObjectiveDirection.Minimize, ObjectiveMetric.FalseNegativeRate, 1, 0)]
    [InlineData(ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate, 0, 1)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.TrueNegativeRate, 0, 1)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.Specificity, 0, 1)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.Precision, 0, 1)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.Accuracy, 1, 1)]
    public void ObjectiveWeightsMinimizeTheMetricsErrors(ObjectiveDirection direction, ObjectiveMetric metric, double c0, double d0)
    {
        Assert.Equal((c0, d0), LagrangianPlanner.ObjectiveWeights(direction, metric));
        var plan = LagrangianPlanner.Plan(Spec(direction, metric, 1.0))!;
        Assert.Equal((c0, d0), (plan.PositiveWeightBase, plan.NegativeWeightBase));
        Assert.Null(plan.FScoreBeta);
    }

    [Theory]
    [InlineData(ObjectiveDirection.Minimize, ObjectiveMetric.Recall)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.FalsePositiveRate)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.FalseNegativeRate)]
    [InlineData(ObjectiveDirection.Maximize, ObjectiveMetric.NegativePredictiveValue)]
    [InlineData(ObjectiveDirection.Minimize, ObjectiveMetric.Accuracy)]
    [InlineData(ObjectiveDirection.Minimize, ObjectiveMetric.FScore)]
    public void DegenerateObjectivesHaveNoPlan(ObjectiveDirection direction, ObjectiveMetric metric)
        => Assert.Null(LagrangianPlanner.Plan(Spec(direction, metric, 1.0)));

    /// <summary>
    /// Maximizing Fβ is a Dinkelbach step: c = 1 + β² − q, d = q. Its Bayes rule (flag iff η·c ≥ (1 − η)·d) is the
    /// threshold q/(1 + β²), which at q = F* is the F-optimal threshold F*/(1 + β²) (F1*/2 for β = 1).
    /// </summary>
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void FScoreObjectiveIsADinkelbachStep(double beta)
    {
        var plan = LagrangianPlanner.Plan(Spec(ObjectiveDirection.Maximize, ObjectiveMetric.FScore, beta))!;
        Assert.Equal(beta, plan.FScoreBeta);
        Assert.Equal(1 + beta * beta, plan.PositiveWeightBase, 12);
        Assert.Equal(0, plan.NegativeWeightBase);
        foreach (double q in new[] { 0.2, 0.6, 0.9 })
        {
            double c = plan.PositiveWeightBase - q, d = plan.NegativeWeightBase + q;
            double threshold = d / (c + d);                        // η at which η·c = (1 − η)·d
            Assert.Equal(q / (1 + beta * beta), threshold, 12);
        }
    }

    [Fact]
    public void SeveralConstraintsGiveOneTermEachInDeclarationOrder()
    {
        var plan = LagrangianPlanner.Plan(Spec(ObjectiveDirection.Maximize, ObjectiveMetric.Recall, 1.0,
            new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.9),
            new ConstraintSpec(ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost, 0.02),
            new ConstraintSpec(ObjectiveMetric.Accuracy, ComparisonKind.AtLeast, 0.95)))!;
        Assert.Equal(PlanKind.RateConstraints, plan.Kind);
        Assert.Equal(new[] { ObjectiveMetric.Precision, ObjectiveMetric.FalsePositiveRate, ObjectiveMetric.Accuracy },
            plan.Terms.Select(t => t.Constraint.Metric).ToArray());
    }

    [Fact]
    public void PartialRocAucIsRecallAtFprPerAnchor()
    {
        var spec = new ObjectiveSpec(Type, ObjectiveFamily.PartialRocAuc, ObjectiveDirection.Maximize, ObjectiveMetric.RocAuc,
            EquatableArray<ConstraintSpec>.Empty, 0.0, 0.1, 4, ObjectiveSurrogate.Xent);
        var plan = LagrangianPlanner.Plan(spec)!;
        Assert.Equal(PlanKind.AnchoredPartialRocAuc, plan.Kind);
        Assert.Equal((1.0, 0.0), (plan.PositiveWeightBase, plan.NegativeWeightBase));
        var term = Assert.Single(plan.Terms);
        Assert.Equal((ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost), (term.Constraint.Metric, term.Constraint.Comparison));
        Assert.Equal(new[] { 0.02, 0.04, 0.06, 0.08 }, plan.AnchorPrecisions.Select(f => Math.Round(f, 12)).ToArray());
        // Per anchor: FPR ≤ f_k is (α, β, γ, δ) = (0, 1, 0, −f_k).
        Assert.Equal((0.0, 1.0, 0.0, -0.04), (term.Alpha.At(0.04), term.Beta.At(0.04), term.Gamma.At(0.04), term.Delta.At(0.04)));
    }

    private static ObjectiveSpec Spec(ObjectiveDirection direction, ObjectiveMetric metric, double beta, params ConstraintSpec[] constraints)
        => new(Type, ObjectiveFamily.RateConstraints, direction, metric, EquatableArray.Create(constraints), 0, 0, 0, ObjectiveSurrogate.Xent, beta);
}
