using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Module state survives a dispose scope that is open while the loss is built (a common training-loop layout).</summary>
public class DisposeScopeTests
{
    [Theory]
    [MemberData(nameof(Families.WithState), MemberType = typeof(Families))]
    public void StateBuiltInsideAScopeOutlivesIt(string family)
    {
        GlobalObjectiveLoss loss;
        using (torch.NewDisposeScope())
            loss = Families.Create(family);

        var logits = Randn(501, 8, 2).requires_grad_(true);
        var labels = Targets(502, 0.5, 8, 2);
        loss.Compute(logits, labels).Loss.sum().backward();
        foreach (var (name, parameter) in loss.named_parameters())
            Assert.True(parameter.grad is not null, $"{family}: parameter '{name}' has no gradient after backward");
        Assert.Equal(loss.state_dict().Count, loss.state_dict().Values.Count(t => t.numel() > 0));
    }
}
