using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// Not in the seed: batches with no positives or no negatives, and extreme finite logits. The documented behaviour
/// (README, "Deviations from the seed"): every family gives a finite loss and finite gradients; a batch without
/// positives only pushes logits down (∂L/∂x ≥ 0), one without negatives only pushes them up (∂L/∂x ≤ 0); ROC-AUC has
/// no positive-negative pair and is exactly 0 with zero gradient; the streaming priors stay inside (0, 1).
/// </summary>
public class DegenerateBatchTests
{
    [Theory]
    [MemberData(nameof(Families.All), MemberType = typeof(Families))]
    public void NoPositivesGivesAFiniteLossThatOnlyPushesLogitsDown(string family)
        => CheckOneClassBatch(family, positive: false);

    [Theory]
    [MemberData(nameof(Families.All), MemberType = typeof(Families))]
    public void NoNegativesGivesAFiniteLossThatOnlyPushesLogitsUp(string family)
        => CheckOneClassBatch(family, positive: true);

    private static void CheckOneClassBatch(string family, bool positive)
    {
        var loss = Families.Create(family);
        var logits = Randn(181, 6, 2).requires_grad_(true);
        var labels = positive ? torch.ones(6, 2) : torch.zeros(6, 2);
        var output = loss.Compute(logits, labels);
        output.Loss.sum().backward();

        var values = Values(output.Loss);
        var gradient = Values(logits.grad!);
        Assert.All(values, v => Assert.True(double.IsFinite(v)));
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        Assert.All(gradient, g => Assert.True(positive ? g <= 0 : g >= 0, $"gradient {g} has the wrong sign"));
        foreach (var parameter in loss.parameters())
            Assert.All(Values(parameter.grad!), g => Assert.True(double.IsFinite(g)));

        if (output.LabelPriors is { } priors)
        {
            // Streaming priors after one one-class batch of 6: (1 + 6)/(2 + 6) or 1/(2 + 6), strictly inside (0, 1).
            Assert.All(Values(priors), p => Assert.Equal(positive ? 7.0 / 8 : 1.0 / 8, p, 6));
        }
        if (family.StartsWith("RocAuc", StringComparison.Ordinal))
        {
            Assert.All(values, v => Assert.Equal(0.0, v));
            Assert.All(gradient, g => Assert.Equal(0.0, g));
        }
        else
        {
            Assert.Contains(gradient, g => g != 0);
        }
    }

    [Theory]
    [MemberData(nameof(Families.All), MemberType = typeof(Families))]
    public void ExtremeFiniteLogitsGiveFiniteLossesAndGradients(string family)
    {
        var loss = Families.Create(family);
        // Every combination of label and ±1e4, so both correctly and badly classified examples are extreme.
        var logits = torch.tensor(new float[] { 1e4f, -1e4f, -1e4f, 1e4f, 1e4f, 1e4f, -1e4f, -1e4f, 0.5f, -0.5f }, new long[] { 5, 2 }).requires_grad_(true);
        var labels = torch.tensor(new float[] { 1, 1, 1, 0, 0, 1, 0, 0, 1, 0 }, new long[] { 5, 2 });
        var output = loss.Compute(logits, labels, torch.full(5, 1, 2.0f));
        output.Loss.sum().backward();
        Assert.All(Values(output.Loss), v => Assert.True(double.IsFinite(v), $"loss {v}"));
        Assert.All(Values(logits.grad!), g => Assert.True(double.IsFinite(g), $"gradient {g}"));
        foreach (var parameter in loss.parameters())
            Assert.All(Values(parameter.grad!), g => Assert.True(double.IsFinite(g), $"parameter gradient {g}"));
        Assert.True(Values(output.Loss).Max() > 1e3, "a badly classified ±1e4 logit should cost about 1e4");
    }
}
