using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Numbers as cached 0-dim float64 CPU tensors, for the generated Lagrangian's per-call [L] ops.
/// </summary>
/// <remarks>
/// <para>TorchSharp's <c>tensor op double</c> wraps the number into a new scalar tensor on every call (about 1 µs more
/// than the same op against a 0-dim tensor, /work/shared/docs/torchsharp-notes.md §4), and <c>double − tensor</c> is two
/// ops (<c>negative</c>, then <c>add</c>). A 0-dim float64 tensor takes part in type promotion exactly as the wrapped
/// number does (a 0-dim operand of the same category never widens a dimensioned one: float32 stays float32, float16
/// stays float16), and the kernel reads it as the same value, so every result is bit for bit the one of the number
/// (checked in ScalarTensorTests for float32, float64 and float16). A 0-dim CPU tensor is accepted as a scalar operand by
/// every device's binary ops.</para>
/// <para>The tensors are shared, owned by no dispose scope, and must not be modified.</para>
/// </remarks>
public static class ScalarTensor
{
    private static readonly ConcurrentDictionary<long, Tensor> Cache = new();

    /// <summary>1.0 as a 0-dim float64 CPU tensor.</summary>
    public static Tensor One { get; } = Create(1.0);

    /// <summary><paramref name="value"/> as a cached 0-dim float64 CPU tensor.</summary>
    public static Tensor Of(double value)
    {
        if (value == 1.0) return One;
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (Cache.TryGetValue(bits, out var cached) && !cached.IsInvalid) return cached;
        var created = Create(value);
        Cache[bits] = created;
        return created;
    }

    private static Tensor Create(double value)
    {
        var created = torch.tensor(value, dtype: ScalarType.Float64, device: torch.CPU);
        created.DetachFromDisposeScope();
        return created;
    }
}
