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
}
