using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Lagrange multipliers trained by the same minimizing optimizer as the model (seed spec §5): the value used is
/// λ = |v|, and the gradient reaching v is reversed and scaled by the dual rate factor r, so the optimizer
/// performs gradient ascent on λ.
/// </summary>
public static class DualVariables
{
    /// <summary>Creates the raw variable v (float32), filled with <paramref name="initialValue"/>; it is not owned by any open dispose scope.</summary>
    /// <param name="shape">[L], or [1, L, K] for PR-AUC.</param>
    /// <param name="initialValue">Initial v. Note that v = 0 is a fixed point: d|v|/dv = sign(0) = 0.</param>
    /// <param name="trainable">Whether v requires grad (and so is trained by an optimizer).</param>
    public static TorchSharp.Modules.Parameter Create(long[] shape, double initialValue, bool trainable)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!double.IsFinite(initialValue))
            throw new ArgumentOutOfRangeException(nameof(initialValue), initialValue, "The initial value of a dual variable must be finite.");
        return ModuleState.Parameter(shape, initialValue, requiresGrad: trainable);
    }

    /// <summary>
    /// λ = |v| in the forward pass. When <paramref name="trainable"/>, the backward pass sends −r·sign(v)·∂L/∂λ to v:
    /// λ = stop_gradient((1 + r)·|v|) − r·|v|. Otherwise λ = |v| with the plain gradient.
    /// </summary>
    /// <param name="variable">The raw variable v.</param>
    /// <param name="dualRateFactor">r, finite and at least 0: the scale of the ascent step relative to the optimizer's (0 freezes λ).</param>
    /// <param name="trainable">Whether to reverse the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dualRateFactor"/> is negative, NaN or infinite.</exception>
    public static Tensor Value(Tensor variable, double dualRateFactor, bool trainable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!(dualRateFactor >= 0) || double.IsInfinity(dualRateFactor))
            throw new ArgumentOutOfRangeException(nameof(dualRateFactor), dualRateFactor,
                "The dual rate factor must be finite and at least 0 (a negative factor would turn the ascent on λ into descent).");
        var magnitude = variable.abs();
        if (!trainable) return magnitude;
        return (magnitude * (1.0 + dualRateFactor)).detach() - magnitude * dualRateFactor;
    }
}
