using System.Globalization;
using System.Text;
using TorchSharp;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>
/// numpy/TensorFlow-style closeness checks: |actual − expected| &lt;= atol + rtol·|expected| element-wise,
/// with the seed's defaults rtol = atol = 1e-6. Failures name the worst element.
/// </summary>
internal static class TensorAssert
{
    public const double DefaultRtol = 1e-6;
    public const double DefaultAtol = 1e-6;

    /// <summary>The values of <paramref name="tensor"/> as float64, row-major, on the CPU.</summary>
    public static double[] ToDoubles(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    /// <summary>Asserts equal shapes and element-wise closeness of two tensors.</summary>
    public static void AllClose(Tensor actual, Tensor expected, double rtol = DefaultRtol, double atol = DefaultAtol, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.shape.SequenceEqual(expected.shape))
            throw new XunitException($"{what ?? "tensor"}: shape {Shape(actual.shape)} differs from the expected {Shape(expected.shape)}.");
        Compare(ToDoubles(actual), ToDoubles(expected), actual.shape, rtol, atol, what);
    }

    /// <summary>Asserts that <paramref name="actual"/> has <paramref name="shape"/> and is close to the row-major <paramref name="expected"/>.</summary>
    public static void AllClose(Tensor actual, double[] expected, long[] shape, double rtol = DefaultRtol, double atol = DefaultAtol, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!actual.shape.SequenceEqual(shape))
            throw new XunitException($"{what ?? "tensor"}: shape {Shape(actual.shape)} differs from the expected {Shape(shape)}.");
        Compare(ToDoubles(actual), expected, shape, rtol, atol, what);
    }

    /// <summary>Asserts element-wise closeness of two flat arrays of equal length.</summary>
    public static void AllClose(double[] actual, double[] expected, double rtol = DefaultRtol, double atol = DefaultAtol, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Compare(actual, expected, new long[] { expected.Length }, rtol, atol, what);
    }

    /// <summary>Asserts |actual − expected| &lt;= atol + rtol·|expected| for one value.</summary>
    public static void Close(double actual, double expected, double rtol = DefaultRtol, double atol = DefaultAtol, string? what = null)
        => Compare(new[] { actual }, new[] { expected }, Array.Empty<long>(), rtol, atol, what);

    private static void Compare(double[] actual, double[] expected, long[] shape, double rtol, double atol, string? what)
    {
        if (actual.Length != expected.Length)
            throw new XunitException($"{what ?? "tensor"}: {actual.Length} values, expected {expected.Length}.");
        int failures = 0, worst = -1;
        double worstExcess = double.NegativeInfinity;
        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(actual[i] - expected[i]);
            double allowed = atol + rtol * Math.Abs(expected[i]);
            bool bothNaN = double.IsNaN(actual[i]) && double.IsNaN(expected[i]);
            bool ok = bothNaN || actual[i] == expected[i] || difference <= allowed;
            if (ok) continue;
            failures++;
            double excess = double.IsNaN(difference) ? double.PositiveInfinity : difference - allowed;
            if (worst < 0 || excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }
        if (failures == 0) return;

        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture,
            $"{what ?? "tensor"}: {failures} of {actual.Length} elements are not close (|a − b| <= {atol:g3} + {rtol:g3}·|b|). ");
        double a = actual[worst], b = expected[worst];
        message.Append(CultureInfo.InvariantCulture,
            $"Worst at {Index(worst, shape)}: actual {a:R}, expected {b:R}, |a − b| = {Math.Abs(a - b):g6}, allowed {atol + rtol * Math.Abs(b):g6}.");
        throw new XunitException(message.ToString());
    }

    private static string Index(int flat, long[] shape)
    {
        if (shape.Length == 0) return "[]";
        var index = new long[shape.Length];
        long rest = flat;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            long size = Math.Max(shape[d], 1);
            index[d] = rest % size;
            rest /= size;
        }
        return "[" + string.Join(", ", index) + "]";
    }

    private static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
