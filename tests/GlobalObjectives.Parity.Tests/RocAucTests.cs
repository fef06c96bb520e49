using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Seed §8.2 ROCAUCLossTest.</summary>
public class RocAucTests
{
    /// <summary>testSimpleScores: one negative scored 0 and ten positives; sum(loss) = Σ max(1 − s, 0) / 11.</summary>
    [Fact]
    public void SimpleScores()
    {
        var positives = Randn(31, 10, 1) * 3;
        var logits = torch.cat(new List<Tensor> { torch.zeros(1, 1), positives }, 0);
        var labels = torch.cat(new List<Tensor> { torch.zeros(1, 1), torch.ones(10, 1) }, 0);
        var loss = new RocAucHingeLoss().Compute(logits, labels).Loss;
        Assert.Equal(new long[] { 11, 1 }, loss.shape);
        var expected = Values(positives).Sum(s => Math.Max(1 - s, 0)) / 11;
        AssertClose(expected, loss.sum().item<float>());
    }

    /// <summary>testRandomROCLoss: random 0/1 scores and labels [1000, 30]; mean(loss) ≈ 0.25 with rtol 1e-2.</summary>
    [Fact]
    public void RandomRocLoss()
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var scores = torch.randint(0, 2, new long[] { 1000, 30 }, dtype: ScalarType.Float32, generator: new torch.Generator(32));
        var labels = torch.randint(0, 2, new long[] { 1000, 30 }, dtype: ScalarType.Float32, generator: new torch.Generator(33));
        var loss = new RocAucHingeLoss(30).Compute(scores, labels).Loss;
        AssertClose(0.25, loss.mean().item<float>(), rtol: 1e-2);
    }

    public static TheoryData<string, SurrogateType, double[], double> ManualCases => new()
    {
        // Names as in the seed: "_zero_hinge" runs xent and "_zero_xent" runs hinge (seed §12 item 11).
        { "_zero_hinge", SurrogateType.Xent, new[] { -5.0, -7, -9, 8, 10, 14 }, 0.0 },
        { "_zero_xent", SurrogateType.Hinge, new[] { -0.2, 0, -0.1, 1.0, 1.1, 1.0 }, 0.0 },
        { "_xent", SurrogateType.Xent, new[] { 0.0, -17, -19, 1.0, 14, 14 }, Math.Log(1 + Math.Exp(-1)) / 6 },
        { "_hinge", SurrogateType.Hinge, new[] { -0.2, -0.05, 0.0, 0.95, 0.8, 1.0 }, 0.4 / 6 },
    };

    /// <summary>testManualROCLoss: 1-D labels [0,0,0,1,1,1] and fixed logits; sum(loss) against the hand value.</summary>
    [Theory]
    [MemberData(nameof(ManualCases))]
    public void ManualRocLoss(string name, SurrogateType surrogate, double[] logits, double expected)
    {
        Assert.NotEmpty(name);
        var labels = torch.tensor(new float[] { 0, 0, 0, 1, 1, 1 });
        var loss = new RocAucLoss(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Surrogate = surrogate })
            .Compute(torch.tensor(logits.Select(v => (float)v).ToArray()), labels).Loss;
        Assert.Equal(new long[] { 6 }, loss.shape);
        AssertClose(expected, loss.sum().item<float>());
    }

    /// <summary>testMultiLabelROCLoss: the two-label loss sums to the two single-label losses (float64).</summary>
    [Fact]
    public void MultiLabelRocLoss()
    {
        var targets = torch.tensor(new double[] { 0, 0, 1, 1, 0, 0, 1, 1 }, new long[] { 2, 4 });
        var scores = torch.tensor(new double[] { 0.1, 1.0, 1.1, 1.0, 1.0, 0.0, 1.3, 1.1 }, new long[] { 2, 4 });
        var multi = new RocAucLoss(2, Families.Seed).Compute(scores.t().contiguous(), targets.t().contiguous()).Loss;
        Assert.Equal(ScalarType.Float64, multi.dtype);
        var single0 = new RocAucLoss().Compute(scores[0], targets[0]).Loss;
        var single1 = new RocAucLoss().Compute(scores[1], targets[1]).Loss;
        AssertClose(single0.sum().item<double>() + single1.sum().item<double>(), multi.sum().item<double>());
    }

    /// <summary>testWeights: zero-weighting three negatives and doubling a permutation of them leaves the sum unchanged.</summary>
    [Fact]
    public void Weights()
    {
        var logits = torch.tensor(new float[] { 2.54321f, -0.26f, 3.334334f, -0.6f, 1, -1.3f, -1.3f, -0.6f, 1 }).reshape(9, 1);
        var labels = torch.tensor(new float[] { 1, 1, 1, 0, 0, 0, 0, 0, 0 }).reshape(9, 1);
        var weights = torch.tensor(new float[] { 1, 1, 1, 0, 0, 0, 2, 2, 2 }).reshape(9, 1);
        var loss = new RocAucLoss();
        var plain = loss.Compute(logits, labels).Loss.sum().item<float>();
        var weighted = loss.Compute(logits, labels, weights).Loss.sum().item<float>();
        AssertClose(plain, weighted);
    }
}
