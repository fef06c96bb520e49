using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Assertions and data helpers shared by the parity tests.</summary>
internal static class TestUtil
{
    /// <summary>The seed's assertAllClose: |a − b| ≤ atol + rtol·|b| element-wise, shapes equal.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double rtol = 1e-6, double atol = 1e-6)
    {
        Assert.Equal(expected.shape, actual.shape);
        AssertClose(Values(expected), Values(actual), rtol, atol);
    }

    /// <summary>Element-wise closeness of two arrays; the message names the first offending index.</summary>
    public static void AssertClose(double[] expected, double[] actual, double rtol = 1e-6, double atol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool ok = Math.Abs(a - e) <= atol + rtol * Math.Abs(e);
            Assert.True(ok, $"index {i}: expected {e:R}, actual {a:R} (|diff| = {Math.Abs(a - e):R}, allowed {atol + rtol * Math.Abs(e):R}).");
        }
    }

    /// <summary>Scalar closeness with the seed's tolerance.</summary>
    public static void AssertClose(double expected, double actual, double rtol = 1e-6, double atol = 1e-6)
        => AssertClose(new[] { expected }, new[] { actual }, rtol, atol);

    /// <summary>The values of a tensor as a flat float64 array (a copy).</summary>
    public static double[] Values(Tensor t)
    {
        using var _ = torch.no_grad();
        return t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>A deep copy of a module's state_dict (state_dict holds live references).</summary>
    public static Dictionary<string, Tensor> Snapshot(nn.Module module)
    {
        using var _ = torch.no_grad();
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in module.state_dict())
        {
            var clone = tensor.detach().clone();
            clone.DetachFromDisposeScope();
            copy[name] = clone;
        }
        return copy;
    }

    /// <summary>Asserts a module's state equals a snapshot exactly (same keys, shapes, dtypes and values).</summary>
    public static void AssertStateEquals(Dictionary<string, Tensor> expected, nn.Module module)
    {
        var actual = module.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, tensor) in expected)
        {
            var other = actual[name];
            Assert.Equal(tensor.dtype, other.dtype);
            Assert.Equal(tensor.shape, other.shape);
            Assert.True(tensor.Equals(other), $"state '{name}' changed: {tensor.npstr()} -> {other.npstr()}");
        }
    }

    /// <summary>Standard-normal values from a seeded generator.</summary>
    public static Tensor Randn(long seed, params long[] shape)
        => torch.randn(shape, dtype: ScalarType.Float32, generator: new torch.Generator((ulong)seed));

    /// <summary>Uniform [0, 1) values from a seeded generator.</summary>
    public static Tensor Rand(long seed, params long[] shape)
        => torch.rand(shape, dtype: ScalarType.Float32, generator: new torch.Generator((ulong)seed));

    /// <summary>Hard 0/1 targets: 1 where a seeded uniform draw exceeds <paramref name="threshold"/> (the seed's "U &gt; t").</summary>
    public static Tensor Targets(long seed, double threshold, params long[] shape)
        => Rand(seed, shape).gt(threshold).to_type(ScalarType.Float32);

    /// <summary>A float32 tensor from rows.</summary>
    public static Tensor Matrix(double[][] rows)
    {
        long cols = rows[0].Length;
        var flat = rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        return torch.tensor(flat, new long[] { rows.Length, cols });
    }
}
