using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>Creation of module state (parameters and buffers) that must outlive any dispose scope open while a module is built.</summary>
internal static class ModuleState
{
    /// <summary>A float32 parameter of <paramref name="shape"/> filled with <paramref name="value"/>, detached from dispose scopes.</summary>
    public static TorchSharp.Modules.Parameter Parameter(long[] shape, double value, bool requiresGrad)
    {
        using var _ = torch.no_grad();
        var parameter = new TorchSharp.Modules.Parameter(torch.full(shape, value, dtype: ScalarType.Float32), requires_grad: requiresGrad);
        parameter.DetachFromDisposeScope();
        return parameter;
    }

    /// <summary>A buffer of <paramref name="shape"/> filled with <paramref name="value"/>, detached from dispose scopes.</summary>
    public static Tensor Buffer(long[] shape, double value, ScalarType dtype)
    {
        using var _ = torch.no_grad();
        var buffer = torch.full(shape, value, dtype: dtype);
        buffer.DetachFromDisposeScope();
        return buffer;
    }
}
