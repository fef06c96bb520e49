using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Zero-copy host views of small CPU tensors (module state, per-label sums), for the training-state arithmetic that
/// runs in managed code on the CPU: one native call per tensor instead of one per op.
/// </summary>
internal static class HostTensor
{
    /// <summary>Whether <paramref name="tensor"/> is a contiguous CPU tensor of <paramref name="dtype"/>, readable and writable in place.</summary>
    public static bool IsHostable(Tensor tensor, ScalarType dtype)
        => tensor.device_type == DeviceType.CPU && tensor.dtype == dtype && tensor.is_contiguous();

    /// <summary>The elements of a contiguous CPU tensor whose dtype is <typeparamref name="T"/>, row-major.</summary>
    public static ReadOnlySpan<T> Read<T>(Tensor tensor) where T : unmanaged => MemoryMarshal.Cast<byte, T>(tensor.bytes);

    /// <summary>The elements of a contiguous CPU tensor whose dtype is <typeparamref name="T"/>, writable in place.</summary>
    /// <remarks>Writes bypass autograd's version counter: only for state that no graph holds (buffers read through copies).</remarks>
    public static Span<T> Write<T>(Tensor tensor) where T : unmanaged => MemoryMarshal.Cast<byte, T>(tensor.bytes);

    /// <summary>
    /// The smallest and largest element of a contiguous CPU float32 or float64 tensor, as <c>torch.aminmax</c> gives them
    /// (both NaN when any element is NaN), in one SIMD pass.
    /// </summary>
    public static (double Min, double Max) MinMax(Tensor tensor)
        => tensor.dtype == ScalarType.Float32 ? MinMax(Read<float>(tensor)) : MinMax(Read<double>(tensor));

    private static (double Min, double Max) MinMax<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T min = T.PositiveInfinity, max = T.NegativeInfinity;
        bool nan = false;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            Vector<T> vmin = vectors[0], vmax = vectors[0], ordered = Vector.Equals(vectors[0], vectors[0]);
            for (int v = 1; v < vectors.Length; v++)
            {
                var x = vectors[v];
                vmin = Vector.Min(vmin, x);
                vmax = Vector.Max(vmax, x);
                ordered &= Vector.Equals(x, x);                    // all ones where no NaN was seen
            }
            nan = !Vector.EqualsAll(Vector.AsVectorInt32(ordered), new Vector<int>(-1));
            for (int lane = 0; lane < Vector<T>.Count; lane++)
            {
                if (vmin[lane] < min) min = vmin[lane];
                if (vmax[lane] > max) max = vmax[lane];
            }
            i = vectors.Length * Vector<T>.Count;
        }
        for (; i < values.Length; i++)
        {
            T x = values[i];
            if (T.IsNaN(x)) nan = true;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return nan ? (double.NaN, double.NaN) : (double.CreateTruncating(min), double.CreateTruncating(max));
    }
}
