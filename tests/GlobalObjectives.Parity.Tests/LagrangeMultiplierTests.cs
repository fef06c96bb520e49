using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// Seed §8.8 run_lagrange_multiplier_test for every loss of §8.1 and §8.3-8.6: one SGD step (lr 0.1) on the dual
/// variables only, after summing the element-wise loss; label 0 satisfies its constraint, so its multiplier falls,
/// and label 1 violates it, so its multiplier rises. Both surrogates and both data builders.
/// </summary>
public class LagrangeMultiplierTests
{
    public enum Loss { PrAuc, RecallAtPrecision, PrecisionAtRecall, FprAtTpr, TprAtFpr }

    /// <summary>The seed's cases: targets per loss (a scalar is given as one value per label, a pair as per-label targets).</summary>
    public static IEnumerable<object[]> Cases()
    {
        var targets = new (Loss Loss, double[] Targets)[]
        {
            (Loss.PrAuc, new[] { 0.35 }), (Loss.PrAuc, new[] { 0.65 }),
            (Loss.RecallAtPrecision, new[] { 0.35 }), (Loss.RecallAtPrecision, new[] { 0.65 }), (Loss.RecallAtPrecision, new[] { 0.65, 0.35 }),
            (Loss.PrecisionAtRecall, new[] { 0.34 }), (Loss.PrecisionAtRecall, new[] { 0.66 }), (Loss.PrecisionAtRecall, new[] { 0.34, 0.66 }),
            (Loss.FprAtTpr, new[] { 0.35 }), (Loss.FprAtTpr, new[] { 0.65 }), (Loss.FprAtTpr, new[] { 0.35, 0.65 }),
            (Loss.TprAtFpr, new[] { 0.35 }), (Loss.TprAtFpr, new[] { 0.65 }), (Loss.TprAtFpr, new[] { 0.35, 0.65 }),
        };
        foreach (var (loss, target) in targets)
            foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
                foreach (var builder in new[] { SeedData.Builder.Multilabel, SeedData.Builder.OtherMultilabel })
                    yield return new object[] { loss, target, surrogate, builder };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UpdateDirection(Loss loss, double[] targets, SurrogateType surrogate, SeedData.Builder builder)
    {
        var (labels, logits, priors) = SeedData.Build(builder, surrogate);
        var objective = Create(loss, targets, surrogate, priors);
        var variable = (TorchSharp.Modules.Parameter)objective.Lambdas!;
        var before = Values(variable.squeeze());
        Assert.Equal(2, before.Length);

        var optimizer = torch.optim.SGD(new[] { variable }, learningRate: 0.1);
        objective.Compute(logits, labels).Loss.sum().backward();
        optimizer.step();

        var after = Values(variable.squeeze());
        Assert.True(after[0] < before[0], $"label 0 satisfies its constraint, so λ should fall: {before[0]} -> {after[0]}");
        Assert.True(after[1] > before[1], $"label 1 violates its constraint, so λ should rise: {before[1]} -> {after[1]}");
    }

    /// <summary>
    /// The summed-batch dual gradient is m2 × the constraint violation (seed §4.3): for recall@precision at 0.35 on
    /// _multilabel_data with xent it is (−0.6585, +0.0347), so one step moves λ by lr·r·that.
    /// </summary>
    [Fact]
    public void RecallAtPrecisionStepMatchesTheViolation()
    {
        var (labels, logits, priors) = SeedData.Multilabel();
        var objective = Create(Loss.RecallAtPrecision, new[] { 0.35 }, SurrogateType.Xent, priors);
        objective.to(ScalarType.Float64);
        var output = objective.Compute(logits.to_type(ScalarType.Float64), labels);
        output.Loss.sum().backward();
        var tp = Values(output.TruePositivesLowerBound!);
        var fp = Values(output.FalsePositivesUpperBound!);
        var ln2 = Math.Log(2);
        var violation = Enumerable.Range(0, 2).Select(l => ln2 * (0.35 * fp[l] - 0.65 * tp[l])).ToArray();
        AssertClose(new[] { -0.6585, 0.0347 }, violation, rtol: 0, atol: 1e-4);
        // The reversed gradient reaching v: −r·sign(v)·∂L/∂λ with r = 0.1 and v = 1.
        AssertClose(violation.Select(g => -0.1 * g).ToArray(), Values(objective.Lambdas!.grad!), rtol: 1e-6, atol: 1e-9);
    }

    private static GlobalObjectiveLoss Create(Loss loss, double[] targets, SurrogateType surrogate, Tensor priors)
    {
        var perLabel = targets.Length == 1 ? SeedData.Repeat(targets[0], 2) : targets;
        var options = new ObjectiveOptions
        {
            DualUpdate = DualUpdate.GradientReversal,
            Surrogate = surrogate,
            LabelPriors = priors,
            Targets = loss == Loss.PrAuc ? null : perLabel,
            DualRateFactor = loss == Loss.PrecisionAtRecall ? 1.0 : 0.1,
        };
        return loss switch
        {
            Loss.PrAuc => targets[0] == 0.35 ? new PrAucAt035(2, options) : new PrAucAt065(2, options),
            Loss.RecallAtPrecision => new RecallAtPrecision75(2, options),
            Loss.PrecisionAtRecall => new PrecisionAtRecall75(2, options),
            Loss.FprAtTpr => new FprAtTpr75(2, options),
            _ => new TprAtFpr75(2, options),
        };
    }
}
