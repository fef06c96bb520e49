using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Not in the seed: save, then load into a fresh instance, gives identical outputs and identical next-step updates.</summary>
public class SaveLoadTests
{
    [Theory]
    [MemberData(nameof(Families.WithState), MemberType = typeof(Families))]
    public void RoundTripGivesIdenticalOutputsAndNextStep(string family)
    {
        var trained = Families.Create(family);
        var optimizer = torch.optim.SGD(trained.parameters(), learningRate: 0.5);
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            trained.Compute(Randn(140 + step, 8, 2), Targets(150 + step, 0.5, 8, 2), Rand(160 + step, 8, 1)).Loss.sum().backward();
            optimizer.step();
        }

        var expectedKeys = new List<string> { GlobalObjectiveLoss.LambdasName, LabelPriors.WeightedLabelCountsName, LabelPriors.WeightSumName };
        if (trained.Biases is not null) expectedKeys.Add(GlobalObjectiveLoss.BiasesName);
        expectedKeys.AddRange(GlobalObjectiveLoss.DualStateNames);
        Assert.Equal(expectedKeys.OrderBy(k => k, StringComparer.Ordinal), trained.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));

        var stream = new MemoryStream();
        trained.save(stream);
        var restored = Families.Create(family);
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertStateEquals(Snapshot(trained), restored));
        restored.load(new MemoryStream(stream.ToArray()));
        AssertStateEquals(Snapshot(trained), restored);

        var logits = Randn(170, 8, 2);
        var labels = Targets(171, 0.5, 8, 2);
        var a = NextStep(trained, logits, labels);
        var b = NextStep(restored, logits, labels);
        Assert.Equal(Values(a.Loss), Values(b.Loss));
        Assert.Equal(Values(a.Lambdas!), Values(b.Lambdas!));
        Assert.Equal(Values(a.LabelPriors!), Values(b.LabelPriors!));
        AssertStateEquals(Snapshot(trained), restored);
    }

    private static ObjectiveOutput NextStep(GlobalObjectiveLoss loss, Tensor logits, Tensor labels)
    {
        loss.zero_grad();
        var optimizer = torch.optim.SGD(loss.parameters(), learningRate: 0.5);
        var output = loss.Compute(logits, labels);
        output.Loss.sum().backward();
        optimizer.step();
        return output;
    }
}
