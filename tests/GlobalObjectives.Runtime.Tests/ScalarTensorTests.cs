using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// <see cref="ScalarTensor"/>: a cached 0-dim float64 tensor in the generated [L] ops gives the results of the number
/// itself bit for bit (the generated code's m2 products, 1 − π and c = 1 + λ(1 − p)), in the same dtype.
/// </summary>
public class ScalarTensorTests
{
    public static TheoryData<ScalarType> Dtypes => new() { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16 };

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void OpsAgainstTheCachedTensorEqualTheOpsAgainstTheNumberBitForBit(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(17);
        var values = torch.rand(new long[] { 257 }, generator: generator, dtype: ScalarType.Float64).mul_(3.0).sub_(1.0).to_type(dtype);
        double m2 = Math.Log(2.0);
        foreach (double number in new[] { m2, 1.0, 2.0, 5.0, 0.1, -0.3 })
        {
            var tensor = ScalarTensor.Of(number, values);
            Assert.Equal(dtype == ScalarType.Float32 ? ScalarType.Float32 : ScalarType.Float64, tensor.dtype);
            AssertBitwise(values * number, values * tensor);
            AssertBitwise(number + values, tensor + values);
            AssertBitwise(number - values, tensor - values);
            AssertBitwise(values - number, values - tensor);
            AssertBitwise((number - values) * m2, (tensor - values) * ScalarTensor.Of(m2, values));
        }
    }

    [Fact]
    public void TensorsAreCachedSharedAndOutsideAnyDisposeScope()
    {
        Tensor first, single;
        using (torch.NewDisposeScope())
        {
            first = ScalarTensor.Of(0.75, torch.zeros(2, dtype: ScalarType.Float64));
            single = ScalarTensor.Of(0.75, torch.zeros(2, dtype: ScalarType.Float32));
        }
        Assert.False(first.IsInvalid);
        Assert.False(single.IsInvalid);
        using var half = torch.zeros(2, dtype: ScalarType.Float16);
        Assert.Same(first, ScalarTensor.Of(0.75, half));
        Assert.NotSame(first, single);
        Assert.Equal(0, first.dim());
        Assert.Equal(ScalarType.Float64, first.dtype);
        Assert.Equal(ScalarType.Float32, single.dtype);
        Assert.Equal(0.75, first.item<double>());
        Assert.Equal(0.75f, single.item<float>());
        Assert.Equal(DeviceType.CPU, first.device_type);
    }

    [Fact]
    public void GradientsThroughTheCachedTensorEqualThoseThroughTheNumber()
    {
        using var scope = torch.NewDisposeScope();
        var lambdas = torch.tensor(new[] { 0.3f, 1.7f, 0.0f }, requires_grad: true);
        (ScalarTensor.Of(1.0, lambdas) + lambdas * 0.2).mul(torch.tensor(new[] { 1.5f, -2f, 3f })).sum().backward();
        var viaTensor = lambdas.grad!.clone();
        lambdas.grad = null;
        (1.0 + lambdas * 0.2).mul(torch.tensor(new[] { 1.5f, -2f, 3f })).sum().backward();
        AssertBitwise(lambdas.grad!, viaTensor);
    }

    private static void AssertBitwise(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        var a = expected.to_type(ScalarType.Float64).data<double>().ToArray();
        var b = actual.to_type(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(a[i]), BitConverter.DoubleToInt64Bits(b[i]));
    }
}
