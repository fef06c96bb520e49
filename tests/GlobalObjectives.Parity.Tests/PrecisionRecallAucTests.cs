using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Seed §8.1 PrecisionRecallAUCLossTest.</summary>
public class PrecisionRecallAucTests
{
    public static TheoryData<string, SurrogateType, double> SinglePointCases => new()
    {
        { "_xent", SurrogateType.Xent, 0.7 },
        { "_hinge", SurrogateType.Hinge, 0.7 },
        { "_hinge_2", SurrogateType.Hinge, 0.5 },
    };

    /// <summary>testSinglePointAUC: PR-AUC over (p ± 0.01) with one anchor equals recall@precision p, element-wise.</summary>
    [Theory]
    [MemberData(nameof(SinglePointCases))]
    public void SinglePointAuc(string name, SurrogateType surrogate, double precision)
    {
        var logits = Randn(11 + name.Length, 10, 2);
        var labels = Targets(12 + name.Length, 0.4, 10, 2);
        var options = new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Surrogate = surrogate };
        GlobalObjectiveLoss auc = precision == 0.7 ? new PrAucAt07(2, options) : new PrAucAt05(2, options);
        var recall = new RecallAtPrecision75(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Surrogate = surrogate, Targets = SeedData.Repeat(precision, 2) });

        var aucLoss = auc.Compute(logits, labels).Loss;
        var recallLoss = recall.Compute(logits, labels).Loss;
        AssertClose(recallLoss, aucLoss);
    }

    /// <summary>
    /// testThreePointAUC: PR-AUC over (0, 1) with one anchor (0.5, delta 0.5) equals the mean of recall@precision at
    /// 0.25, 0.5 and 0.75 (the loss is affine in p at fixed λ = 1).
    /// </summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void ThreePointAuc(SurrogateType surrogate)
    {
        var logits = Randn(21, 11, 3);
        var labels = Targets(22, 0.4, 11, 3);
        var auc = new PrAucOneAnchor(3, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Surrogate = surrogate });
        var aucLoss = auc.Compute(logits, labels).Loss;

        var sum = torch.zeros(11, 3);
        foreach (var p in new[] { 0.25, 0.5, 0.75 })
        {
            var recall = new RecallAtPrecision75(3, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Surrogate = surrogate, Targets = SeedData.Repeat(p, 3) });
            sum = sum + recall.Compute(logits, labels).Loss;
        }
        AssertClose(sum / 3, aucLoss);
    }
}
