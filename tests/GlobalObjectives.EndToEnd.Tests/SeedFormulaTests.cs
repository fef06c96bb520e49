using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// The generated losses reproduce the seed's element-wise formulas (seed spec §4.1-4.6), checked against an
/// independent scalar implementation in doubles, with soft labels, example weights, given priors and λ ≠ 1.
/// </summary>
public sealed class SeedFormulaTests
{
    private static readonly double[] X = [1.3, -0.4, 0.1, 2.2, -1.7, 0.6, -0.05];
    private static readonly double[] Y = [1.0, 0.0, 0.3, 1.0, 0.0, 0.8, 1.0];
    private static readonly double[] W = [1.0, 0.5, 2.0, 1.0, 1.5, 1.0, 0.25];
    private const double Prior = 0.4;
    private const double Lambda = 1.25; // exact in float32, the dtype of the stored duals
    private static readonly double Ln2 = Math.Log(2.0);

    private static ObjectiveOptions Options => new()
    {
        LabelPriors = torch.tensor(new[] { Prior }),
        LambdasInitialValue = Lambda,
    };

    private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    /// <summary>S(y, x; c, d) of seed §2.2 (xent) and §2.3 (hinge).</summary>
    private static double S(bool hinge, double y, double x, double c, double d)
        => hinge
            ? c * y * Math.Max(0, 1 - x) + d * (1 - y) * Math.Max(0, 1 + x)
            : d * (x - y * x) + (d + (c - d) * y) * Softplus(-x);

    private static double[] Generated(GlobalObjectiveLoss loss)
    {
        var output = loss.Compute(torch.tensor(X), torch.tensor(Y), torch.tensor(W));
        Assert.Equal(ScalarType.Float64, output.Loss.dtype);
        return output.Loss.data<double>().ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecallAtPrecision(bool hinge)
    {
        double p = hinge ? 0.95 : 0.8, m2 = hinge ? 1 : Ln2;
        GlobalObjectiveLoss loss = hinge ? new RecallAtPrecision95Hinge(1, Options) : new RecallAtPrecision80(1, Options);
        // §4.3: w·S(y, x; 1 + λ(1 − p), λp) − λ(1 − p)·π·m2
        var expected = X.Select((x, i) => W[i] * S(hinge, Y[i], x, 1 + Lambda * (1 - p), Lambda * p) - Lambda * (1 - p) * Prior * m2).ToArray();
        AssertClose(expected, Generated(loss));
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(0.9)]
    public void PrecisionAtRecallAndItsFprAtTprAlias(double r)
    {
        GlobalObjectiveLoss loss = r == 0.7 ? new PrecisionAtRecall70(1, Options) : new FprAtTpr90(1, Options);
        // §4.4: w·S(y, x; λ, 1) + λ·π·(r − 1)·m2
        var expected = X.Select((x, i) => W[i] * S(false, Y[i], x, Lambda, 1) + Lambda * Prior * (r - 1) * Ln2).ToArray();
        AssertClose(expected, Generated(loss));
    }

    [Fact]
    public void TprAtFpr()
    {
        const double f = 0.1;
        // §4.6: w·S(y, x; 1, λ) − λ·f·(1 − π)·m2
        var expected = X.Select((x, i) => W[i] * S(false, Y[i], x, 1, Lambda) - Lambda * f * (1 - Prior) * Ln2).ToArray();
        AssertClose(expected, Generated(new TprAtFpr10(1, Options)));
    }

    [Fact]
    public void PrecisionRecallAucIsTheSeedsNormalizedRiemannSum()
    {
        double r0 = 0.2, r1 = 0.9;
        const int K = 5;
        var anchors = Enumerable.Range(1, K).Select(k => r0 + k * (r1 - r0) / (K + 1)).ToArray();
        double delta = anchors[0] - r0;
        // §4.1: A_k = w·S(y, x + b_k; 1 + λ(1 − P_k), λP_k) − λ(1 − P_k)·π·m2 with b = 0; loss = delta·Σ_k A_k / (r1 − r0 − delta).
        var expected = X.Select((x, i) =>
            delta * anchors.Sum(p => W[i] * S(false, Y[i], x, 1 + Lambda * (1 - p), Lambda * p) - Lambda * (1 - p) * Prior * Ln2) / (r1 - r0 - delta)).ToArray();
        var loss = new PrAucFiveAnchors(1, Options);
        AssertClose(expected, Generated(loss));

        var output = loss.Compute(torch.tensor(X), torch.tensor(Y), torch.tensor(W));
        Assert.Equal(new long[] { 1, 1, K }, output.Lambdas!.shape);
        Assert.Equal(new long[] { 1, 1, K }, output.Biases!.shape);
        Assert.Equal(new long[] { 1, 1, 1 }, output.LabelPriors!.shape);
        Assert.Equal(new long[] { 1, 1 }, output.TruePositivesLowerBound!.shape);
        Assert.Equal(new long[] { 1, 1 }, output.FalsePositivesUpperBound!.shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RocAucIsThePairwiseSurrogateNormalizedByTheBatchSize(bool hinge)
    {
        int b = X.Length;
        // §4.2: loss_j = 0.5·(1/B)·Σ_i |y_j − y_i|·w_i·w_j·S(1, (y_j − y_i)(x_j − x_i))
        var expected = Enumerable.Range(0, b).Select(j => 0.5 / b * Enumerable.Range(0, b).Sum(i =>
        {
            double dy = Y[j] - Y[i], dx = X[j] - X[i];
            return Math.Abs(dy) * W[i] * W[j] * S(hinge, 1, dy * dx, 1, 1);
        })).ToArray();
        var loss = hinge ? NestedLosses.CreatePairwiseHinge() : new RocAucLoss();
        AssertClose(expected, Generated(loss));
    }

    [Fact]
    public void PerLabelTargetsOverrideTheDeclaredTarget()
    {
        var targets = new[] { 0.5, 0.9 };
        var priors = new[] { 0.3, 0.6 };
        var loss = new RecallAtPrecision80(2, new ObjectiveOptions { Targets = targets, LabelPriors = torch.tensor(priors) });
        var logits = torch.tensor(new[] { 0.2, -1.0, 1.5, 0.4 }, [2, 2]);
        var labels = torch.tensor(new[] { 1.0, 0.0, 0.0, 1.0 }, [2, 2]);
        var actual = loss.Compute(logits, labels).Loss.data<double>().ToArray();
        var x = logits.data<double>().ToArray();
        var y = labels.data<double>().ToArray();
        for (int i = 0; i < 2; i++)
            for (int l = 0; l < 2; l++)
            {
                double p = targets[l];
                double expected = S(false, y[i * 2 + l], x[i * 2 + l], 1 + (1 - p), p) - (1 - p) * priors[l] * Ln2;
                Assert.Equal(expected, actual[i * 2 + l], 10);
            }
    }

    [Fact]
    public void SummedLambdaGradientIsTheConstraintViolation()
    {
        // §4.3: with π equal to the batch's weighted positive fraction, ∂Σloss/∂λ = m2·[p·FP_ub − (1 − p)·TP_lb].
        double[] labels = [1, 0, 0, 1, 0, 1, 0, 0];
        double[] logits = [0.3, -0.2, 1.1, -0.7, 0.4, 2.0, -1.5, 0.9];
        double prior = labels.Average();
        // DualRateFactor = 1: the reversed gradient reaching v = +1 is exactly −∂Σloss/∂λ.
        var loss = new RecallAtPrecision80(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.tensor(new[] { prior }), DualRateFactor = 1.0 });
        var output = loss.Compute(torch.tensor(logits), torch.tensor(labels));
        output.Loss.sum().backward();
        double gradient = -loss.Lambdas!.grad!.to_type(ScalarType.Float64).item<double>();
        double tp = output.TruePositivesLowerBound!.item<double>(), fp = output.FalsePositivesUpperBound!.item<double>();
        Assert.Equal(Ln2 * (0.8 * fp - 0.2 * tp), gradient, 5);
    }
}
