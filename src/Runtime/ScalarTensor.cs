using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Numbers as cached 0-dim CPU tensors, for the generated Lagrangian's per-call [L] ops.
/// </summary>
/// <remarks>
/// <para>TorchSharp's <c>tensor op double</c> wraps the number into a new scalar tensor on every call, and
/// <c>double − tensor</c> is two ops (<c>negative</c>, then <c>add</c>). Against a 0-dim tensor of the other operand's
/// dtype the op is cheaper (seven [1]-sized coefficient ops measured 15 µs against 22 µs with numbers; a float64 0-dim
/// tensor with a float32 operand was slower than the number, 27 µs, because of the dtype conversion).</para>
/// <para>The values are the number's bit for bit: a float32 op reads a wrapped number as float (its opmath type), which
/// is the float32 0-dim tensor's value; float64 is exact. Any other dtype (float16, bfloat16, whose opmath is float)
/// gets a float64 0-dim tensor, which type promotion and the kernel treat exactly as the wrapped number (a 0-dim operand
/// of the same category never widens a dimensioned one). Checked in ScalarTensorTests for float32, float64, float16.
/// A 0-dim CPU tensor is accepted as a scalar operand by every device's binary ops.</para>
/// <para>The tensors are shared, owned by no dispose scope, and must not be modified.</para>
/// </remarks>
public static class ScalarTensor
{
    private static readonly ConcurrentDictionary<(long Bits, bool Single), Tensor> Cache = new();

    /// <summary>
    /// <paramref name="value"/> as a cached 0-dim CPU tensor for ops with <paramref name="like"/>: float32 when
    /// <paramref name="like"/> is float32, float64 otherwise.
    /// </summary>
    public static Tensor Of(double value, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var key = (BitConverter.DoubleToInt64Bits(value), like.dtype == ScalarType.Float32);
        if (Cache.TryGetValue(key, out var cached) && !cached.IsInvalid) return cached;
        var created = key.Item2
            ? torch.tensor((float)value, dtype: ScalarType.Float32, device: torch.CPU)
            : torch.tensor(value, dtype: ScalarType.Float64, device: torch.CPU);
        created.DetachFromDisposeScope();
        Cache[key] = created;
        return created;
    }
}
