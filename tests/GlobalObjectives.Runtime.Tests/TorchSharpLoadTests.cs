using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

public class TorchSharpLoadTests
{
    [Fact]
    public void NativeLibraryLoadsAndComputesAGradient()
    {
        var x = torch.tensor(new[] { 1.0, -2.0, 3.0 }, requires_grad: true);
        var loss = (x * x).sum();
        loss.backward();
        Assert.Equal(new[] { 2.0, -4.0, 6.0 }, x.grad!.data<double>().ToArray());
    }
}
