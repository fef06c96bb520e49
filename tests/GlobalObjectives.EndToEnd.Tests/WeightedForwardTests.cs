using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// <c>forward(logits, labels, weights)</c>, the training call for weighted data, is <c>Compute</c>'s weighted element-wise
/// loss reduced by <see cref="ObjectiveOptions.Reduction"/>, with the same gradient and training state, and it takes the
/// unweighted forward's path (no monitoring outputs; the host form of the coefficients on the CPU).
/// </summary>
public sealed class WeightedForwardTests
{
    private static readonly (string Name, Func<int, ObjectiveOptions, GlobalObjectiveLoss> Create)[] Objectives =
    [
        ("RecallAtPrecision80", (l, o) => new RecallAtPrecision80(l, o)),
        ("FprAtTpr90", (l, o) => new FprAtTpr90(l, o)),
        ("RecallAtPrecision90AndFpr2", (l, o) => new RecallAtPrecision90AndFpr2(l, o)),
        ("F2AtPrecision50", (l, o) => new F2AtPrecision50(l, o)),
        ("PrAucFiveAnchors", (l, o) => new PrAucFiveAnchors(l, o)),
        ("PartialRocAuc10", (l, o) => new PartialRocAuc10(l, o)),
    ];

    public static TheoryData<string, string, nn.Reduction> Cases()
    {
        var data = new TheoryData<string, string, nn.Reduction>();
        foreach (var (name, _) in Objectives)
            foreach (var shape in new[] { "scalar", "[B]", "[B, 1]", "[1, L]", "[B, L]" })
                data.Add(name, shape, shape == "[B, L]" ? nn.Reduction.Sum : nn.Reduction.Mean);
        data.Add("RecallAtPrecision80", "[B, L]", nn.Reduction.None);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weighted_forward_is_Computes_loss_reduced_with_the_same_gradient_and_state(string name, string shape, nn.Reduction reduction)
    {
        const int numLabels = 16, batch = 96;
        var create = Objectives.Single(o => o.Name == name).Create;
        ObjectiveOptions Options() => new() { Reduction = reduction, DualWarmupPositives = 0, DualLearningRate = 0.3 };
        var viaForward = create(numLabels, Options());
        var viaCompute = create(numLabels, Options());
        var generator = new torch.Generator(11);
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.randn([batch, numLabels], generator: generator);
            var labels = torch.rand([batch, numLabels], generator: generator).lt(0.3).to_type(ScalarType.Float32);
            var weights = shape switch
            {
                "scalar" => torch.tensor(0.7f),
                "[B]" => torch.rand([batch], generator: generator) * 2.0,
                "[B, 1]" => torch.rand([batch, 1], generator: generator) * 2.0,
                "[1, L]" => torch.rand([1, numLabels], generator: generator) * 2.0,
                _ => torch.rand([batch, numLabels], generator: generator),
            };

            var x1 = logits.clone().requires_grad_(true);
            var reduced = viaForward.forward(x1, labels, weights);
            var x2 = logits.clone().requires_grad_(true);
            var elementwise = viaCompute.Compute(x2, labels, weights).Loss;
            var expected = reduction switch
            {
                nn.Reduction.Mean => elementwise.mean(),
                nn.Reduction.Sum => elementwise.sum(),
                _ => elementwise,
            };
            Assert.Equal(expected.shape, reduced.shape);
            // The same loss by different passes (the managed pass against libtorch's ops): equal to float32 rounding.
            Assert.True(torch.allclose(expected, reduced, rtol: 1e-5, atol: 1e-6), $"{name}, {shape}, step {step}: loss");
            // A non-uniform upstream gradient for the unreduced loss, so every element's gradient counts.
            var upstream = reduction == nn.Reduction.None ? torch.rand(reduced.shape, generator: generator) : torch.ones_like(reduced);
            reduced.backward([upstream]);
            expected.backward([upstream]);
            Assert.True(torch.allclose(x2.grad!, x1.grad!, rtol: 1e-5, atol: 1e-6), $"{name}, {shape}, step {step}: gradient");
            var state = viaForward.state_dict();
            foreach (var (key, value) in viaCompute.state_dict())
                Assert.True(torch.allclose(value.to_type(ScalarType.Float64), state[key].to_type(ScalarType.Float64), rtol: 1e-6, atol: 1e-9),
                    $"{name}, {shape}, step {step}: '{key}'");
            if (viaForward.Biases is { } biases)
                Assert.True(torch.allclose(viaCompute.Biases!.grad!, biases.grad!, rtol: 1e-5, atol: 1e-6), $"{name}, {shape}, step {step}: biases' gradient");
        }
        // Compute builds its outputs with the tensor code; the weighted forward takes the host form (every objective here has one).
        Assert.Equal(0, viaCompute.HostLagrangianCalls);
        Assert.Equal(3, viaForward.HostLagrangianCalls);
    }

    [Fact]
    public void Weighted_forward_rejects_weights_that_do_not_broadcast_and_changes_no_state()
    {
        var loss = new RecallAtPrecision80(2, new ObjectiveOptions());
        var before = loss.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var error = Assert.Throws<ArgumentException>(() => loss.forward(torch.randn(8, 2), torch.ones(8, 2), torch.ones(8, 3)));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("[8, 3]", error.Message, StringComparison.Ordinal);
        foreach (var (key, value) in loss.state_dict())
            Assert.True(value.allclose(before[key], rtol: 0, atol: 0), $"'{key}' changed");
    }
}
