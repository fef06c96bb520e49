using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// On libtorch's ops (the path of every device but the CPU, whose float32 and float64 take the managed pass,
/// <see cref="HostSurrogateTests"/>), <see cref="FusedSurrogate.ApplyCore"/> with only the logits requiring grad takes the
/// logits-only node; with the constant k also requiring grad it takes the general node. Both give the same loss and the
/// same logits' gradient bit for bit.
/// </summary>
public class FusedLogitsNodeTests
{
    public static TheoryData<SurrogateType, bool, bool, bool, bool, bool> Cases()
    {
        var data = new TheoryData<SurrogateType, bool, bool, bool, bool, bool>();
        foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
            foreach (bool anchored in new[] { false, true })
                foreach (bool weights in new[] { false, true })
                    foreach (bool positive in new[] { false, true })
                        foreach (bool negative in new[] { false, true })
                            data.Add(surrogate, anchored, weights, positive, negative, true);
        data.Add(SurrogateType.Xent, false, true, true, true, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogitsOnlyNodeEqualsGeneralNodeBitForBit(SurrogateType surrogate, bool anchored, bool weights, bool positive, bool negative, bool softLabels)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5);
        long[] shape = anchored ? [64, 3, 4] : [64, 3];
        var logitsData = torch.randn(shape, generator: generator).mul_(3.0);
        var labels = softLabels ? torch.rand(new long[] { 64, 3 }, generator: generator) : torch.rand(new long[] { 64, 3 }, generator: generator).gt(0.6).to_type(ScalarType.Float32);
        var w = weights ? torch.rand(anchored ? new long[] { 64, 1, 1 } : new long[] { 64, 1 }, generator: generator).add_(0.5) : null;
        var c = positive ? torch.rand(anchored ? new long[] { 1, 3, 4 } : new long[] { 3 }, generator: generator).mul_(2.0) : null;
        var d = negative ? torch.rand(anchored ? new long[] { 1, 3, 4 } : new long[] { 3 }, generator: generator).mul_(2.0) : null;
        var kData = torch.randn(anchored ? new long[] { 1, 3, 4 } : new long[] { 3 }, generator: generator);
        var upstream = torch.rand(shape, generator: generator);

        (Tensor Loss, Tensor Grad) Run(bool constantNeedsGrad)
        {
            var x = logitsData.clone().requires_grad_(true);
            var k = kData.clone().requires_grad_(constantNeedsGrad);
            var loss = FusedSurrogate.ApplyCore(surrogate, x, labels, w, c, d, k, hostPass: false);
            loss.backward([upstream]);
            return (loss.detach(), x.grad!);
        }

        var (fastLoss, fastGrad) = Run(constantNeedsGrad: false);
        var (generalLoss, generalGrad) = Run(constantNeedsGrad: true);
        AssertBitwise(generalLoss, fastLoss);
        AssertBitwise(generalGrad, fastGrad);
    }

    private static void AssertBitwise(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var a = expected.data<float>().ToArray();
        var b = actual.data<float>().ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(a[i]), BitConverter.SingleToInt32Bits(b[i]));
    }
}
