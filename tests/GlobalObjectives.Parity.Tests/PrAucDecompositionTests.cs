using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Not in the seed: PR-AUC is the mean over its anchors of recall@precision P_k at logits + b_k with λ_k.</summary>
public class PrAucDecompositionTests
{
    [Theory]
    [InlineData(SurrogateType.Xent, false)]
    [InlineData(SurrogateType.Hinge, false)]
    [InlineData(SurrogateType.Xent, true)]
    public void EqualsTheMeanOfRecallAtPrecisionWithPerAnchorBiases(SurrogateType surrogate, bool weighted)
    {
        var anchors = new[] { 0.35, 0.5, 0.65 }; // (0.2, 0.8) with K = 3
        var priors = torch.tensor(new[] { 0.3, 0.6 });
        var logits = Randn(131, 9, 2).to_type(ScalarType.Float64);
        var labels = Targets(132, 0.5, 9, 2);
        Tensor? weights = weighted ? (Rand(133, 9, 1) * 2).to_type(ScalarType.Float64) : null;
        var lambdas = (Rand(134, 1, 2, 3) * 2).to_type(ScalarType.Float64);
        var biases = (Randn(135, 1, 2, 3) * 0.7).to_type(ScalarType.Float64);

        var auc = new PrAucThreeAnchors(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = priors, Surrogate = surrogate });
        auc.to(ScalarType.Float64);
        Families.Assign(auc.Lambdas!, lambdas);
        Families.Assign(auc.Biases!, biases);
        var aucLoss = auc.Compute(logits, labels, weights).Loss;

        var sum = torch.zeros(9, 2, dtype: ScalarType.Float64);
        for (int k = 0; k < anchors.Length; k++)
        {
            var recall = new RecallAtPrecision75(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = new[] { anchors[k], anchors[k] }, LabelPriors = priors, Surrogate = surrogate });
            recall.to(ScalarType.Float64);
            Families.Assign(recall.Lambdas!, lambdas[0, .., k]);
            sum = sum + recall.Compute(logits + biases[0, .., k], labels, weights).Loss;
        }
        AssertClose(sum / anchors.Length, aucLoss, rtol: 1e-9, atol: 1e-12);
    }
}
