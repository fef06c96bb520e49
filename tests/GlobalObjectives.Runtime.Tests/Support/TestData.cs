using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>
/// Seeded random inputs (each test owns its generator, so parallel test classes stay deterministic) and the
/// numpy reference formulas of the seed's util_test.py, evaluated in C# double.
/// </summary>
internal static class TestData
{
    /// <summary>A CPU generator with a fixed seed.</summary>
    public static Generator Seeded(long seed) => new Generator((ulong)seed);

    /// <summary>Standard normal float32 samples.</summary>
    public static Tensor Randn(Generator generator, params long[] shape)
        => torch.randn(shape, dtype: ScalarType.Float32, generator: generator);

    /// <summary>Uniform [0, 1) float32 samples (soft labels).</summary>
    public static Tensor Rand(Generator generator, params long[] shape)
        => torch.rand(shape, dtype: ScalarType.Float32, generator: generator);

    /// <summary>"targets = U &gt; threshold": float32 1 where a uniform draw exceeds the threshold, else 0.</summary>
    public static Tensor UniformAbove(Generator generator, double threshold, params long[] shape)
        => Rand(generator, shape).gt(threshold).to_type(ScalarType.Float32);

    /// <summary>
    /// The seed's numpy reference: wt·t·log(1 + e^{−x}) + (1 − t)·log(1 + 1/e^{−x}), positive weight wt, negative weight 1.
    /// </summary>
    public static double[] WeightedXentReference(double[] targets, double[] logits, double positiveWeight)
    {
        var result = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
        {
            double t = targets[i], x = logits[i];
            result[i] = positiveWeight * t * Math.Log(1 + Math.Exp(-x)) + (1 - t) * Math.Log(1 + 1 / Math.Exp(-x));
        }
        return result;
    }

    /// <summary>The seed's hinge reference: relu(1 − (2t − 1)·x).</summary>
    public static double[] HingeReference(double[] targets, double[] logits)
    {
        var result = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
            result[i] = Math.Max(0, 1 - (2 * targets[i] - 1) * logits[i]);
        return result;
    }

    /// <summary>Multiplies every element by <paramref name="factor"/>.</summary>
    public static double[] Scale(double[] values, double factor) => values.Select(v => v * factor).ToArray();

    /// <summary>Column sums of a row-major [rows, columns] array.</summary>
    public static double[] ColumnSums(double[] values, int columns)
    {
        var sums = new double[columns];
        for (int i = 0; i < values.Length; i++) sums[i % columns] += values[i];
        return sums;
    }
}
