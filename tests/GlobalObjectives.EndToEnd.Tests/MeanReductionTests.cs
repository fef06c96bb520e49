using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// The mean reduction is computed as the sum divided by the count (its backward then expands one number instead of
/// dividing every element): it must give libtorch's <c>mean</c> of the element-wise loss, value and gradient, bit for bit.
/// </summary>
public sealed class MeanReductionTests
{
    public static TheoryData<string, int, int, ScalarType> Cases()
    {
        var data = new TheoryData<string, int, int, ScalarType>();
        foreach (var name in new[] { "RecallAtPrecision80", "PrAucFiveAnchors", "RocAucLoss" })
            foreach (var (batch, labels) in new[] { (512, 1), (300, 7), (4096, 16) })
                foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                    if (!(name == "RocAucLoss" && batch > 512))   // the pairwise loss's cost grows with B²; its reduction is the same code
                        data.Add(name, batch, labels, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_mean_is_libtorchs_mean_of_the_elementwise_loss_bit_for_bit(string name, int batch, int labels, ScalarType dtype)
    {
        GlobalObjectiveLoss Create(nn.Reduction reduction)
        {
            var options = new ObjectiveOptions { Reduction = reduction };
            GlobalObjectiveLoss loss = name switch
            {
                "RecallAtPrecision80" => new RecallAtPrecision80(labels, options),
                "PrAucFiveAnchors" => new PrAucFiveAnchors(labels, options),
                _ => new RocAucLoss(labels, options),
            };
            loss.eval();                                  // no state update: both instances see the same state
            if (dtype == ScalarType.Float64) loss.to(ScalarType.Float64);
            return loss;
        }
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(17);
        var logits = torch.randn([batch, labels], dtype: dtype, generator: generator).mul_(3.0);
        var targets = torch.rand([batch, labels], generator: generator).lt(0.3).to_type(dtype);
        var x1 = logits.detach().clone().requires_grad_(true);
        var x2 = logits.detach().clone().requires_grad_(true);
        var reduced = Create(nn.Reduction.Mean).call(x1, targets);
        var expected = Create(nn.Reduction.None).call(x2, targets).mean();
        reduced.backward();
        expected.backward();
        Assert.Equal(expected.to_type(ScalarType.Float64).item<double>(), reduced.to_type(ScalarType.Float64).item<double>());
        Assert.True(x2.grad!.eq(x1.grad!).all().item<bool>(), $"{name} [{batch}, {labels}] {dtype}: gradients differ");
    }
}
