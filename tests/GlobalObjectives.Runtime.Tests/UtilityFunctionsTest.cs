using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of loss_layers_test.py's <c>UtilityFunctionsTest</c>: dual-variable mechanics (seed spec §8.7).</summary>
public class UtilityFunctionsTest
{
    [Fact]
    public void TestTrainableDualVariable()
    {
        var x = new TorchSharp.Modules.Parameter(torch.tensor(2.0f));
        var y = DualVariables.Create(Array.Empty<long>(), 1.0, trainable: true);
        var optimizer = torch.optim.SGD(new[] { x, y }, learningRate: 1.0);
        using (torch.NewDisposeScope())
        {
            var lambda = DualVariables.Value(y, 0.3, trainable: true);
            var loss = 0.5 * (x - lambda).square();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        // ∂loss/∂|y| = −(2 − 1) = −1; reversed and scaled by r = 0.3: +0.3; one step of lr 1 gives 1 − 0.3.
        Assert.Empty(y.shape);
        TensorAssert.Close(y.ToDouble(), 0.7, what: "trainable dual variable after one step");
        TensorAssert.Close(x.ToDouble(), 1.0, what: "primal variable after one step");
    }

    [Fact]
    public void TestUntrainableDualVariable()
    {
        var x = new TorchSharp.Modules.Parameter(torch.tensor(-2.0f));
        var y = DualVariables.Create(Array.Empty<long>(), 1.0, trainable: false);
        var trainable = new[] { x, y }.Where(p => p.requires_grad).ToArray();
        var optimizer = torch.optim.SGD(trainable, learningRate: 1.0);
        using (torch.NewDisposeScope())
        {
            var lambda = DualVariables.Value(y, 0.8, trainable: false);
            var loss = x.square() * lambda + lambda.exp();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        Assert.Equal(new[] { x }, trainable);
        TensorAssert.Close(y.ToDouble(), 1.0, rtol: 0, atol: 0, what: "untrainable dual variable after one step");
        Assert.Null(y.grad);
        // ∂loss/∂x = 2x·|y| = −4: the primal step did happen.
        TensorAssert.Close(x.ToDouble(), 2.0, what: "primal variable after one step");
    }
}
