using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// A constant (targets, anchor grids) materialized on the device and in the dtype of the tensor it is used
/// with, and cached until those change. It is not module state: it never appears in <c>state_dict</c>.
/// </summary>
/// <remarks>Keeps no Tensor-typed field visible to TorchSharp's module conversion, which would otherwise register it as a buffer.</remarks>
public sealed class TensorConstant
{
    private readonly double[] _values;
    private readonly long[] _shape;
    private Tensor? _cached;

    /// <summary>A constant with the given values (row-major) and shape.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public TensorConstant(double[] values, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var size in shape) count *= size;
        if (count != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill shape {MessageText.Shape(shape)}.", nameof(values));
        _values = (double[])values.Clone();
        _shape = (long[])shape.Clone();
    }

    /// <summary>The values, row-major.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>
    /// The value at <paramref name="index"/> (row-major) in <typeparamref name="T"/>, rounded to nearest as <see cref="For"/>
    /// rounds it into a float32 tensor: the host form of the generated coefficients reads it.
    /// </summary>
    public T At<T>(int index) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateChecked(_values[index]);

    /// <summary>
    /// The constant on <paramref name="like"/>'s device and in its dtype. The tensor is cached (and owned by no dispose
    /// scope); callers must not modify it. A cached tensor that was disposed is recreated.
    /// </summary>
    public Tensor For(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var cached = _cached;
        if (cached is not null && !cached.IsInvalid && cached.dtype == like.dtype
            && cached.device_type == like.device_type && cached.device_index == like.device_index)
            return cached;
        var created = torch.tensor(_values, _shape, dtype: like.dtype, device: like.device);
        created.DetachFromDisposeScope();
        _cached = created;
        return created;
    }
}
