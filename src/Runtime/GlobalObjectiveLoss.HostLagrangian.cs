using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The coefficients c, d and k computed per label (anchored objectives: per label and anchor) on the host when λ, the
// priors and the Fβ level live there (a CPU loss with projected ascent, the default): the generated HostCoefficients<T>
// repeats the tensor code of ComputeObjective op for op in the logits' dtype, and the managed pass (HostSurrogate, or
// HostAnchors) reads the results from host arrays. That replaces some five to ten small tensor ops per call, each a
// native dispatch of a few µs, which at [512, 1] were about a quarter of a rate objective's training step.
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>How many calls took the host form of the coefficients (<see cref="TryHostLagrangian"/>); the tests read it.</summary>
    internal long HostLagrangianCalls { get; private set; }

    /// <summary>
    /// The generated host form of c, d and k: the same operations as the tensor code of <see cref="ComputeObjective"/>,
    /// per label (and anchor), in <typeparamref name="T"/>. Generated objectives with a c or d other than 1 override it; others never reach it.
    /// </summary>
    /// <param name="host">λ, π, q and m2 to read; c, d and k to write (those the objective uses).</param>
    /// <exception cref="NotSupportedException">The objective has no host form (it does not call <see cref="TryHostLagrangian"/>).</exception>
    protected virtual void HostCoefficients<T>(HostCoefficients<T> host) where T : unmanaged, IFloatingPointIeee754<T>
        => throw new NotSupportedException($"{GetType().Name} has no host form of its coefficients; only objectives that override HostCoefficients may call TryHostLagrangian.");

    /// <summary>
    /// The loss w·S(y, x; c, d) + k of a forward batch with c, d and k from <see cref="HostCoefficients{T}"/>, or null where
    /// that path does not apply and the tensor code must run: outputs wanted (<see cref="ObjectiveBatch.IncludeOutputs"/>),
    /// logits that are not CPU float32/float64, labels or weights that need a gradient, gradient reversal (λ then carries
    /// a gradient), state that is not on the host, or neither c nor d used (the tensor code's BCE path).
    /// </summary>
    /// <param name="batch">The prepared batch.</param>
    /// <param name="positiveWeights">Whether the objective's c is not 1 (the host form writes it).</param>
    /// <param name="negativeWeights">Whether d is not 1.</param>
    /// <param name="constant">Whether k is not 0.</param>
    protected Tensor? TryHostLagrangian(ObjectiveBatch batch, bool positiveWeights, bool negativeWeights, bool constant)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var logits = batch.Logits;
        if (batch.IncludeOutputs || !HostStateUpdate || !(positiveWeights || negativeWeights)) return null;
        if (_state.HasDuals && Options.DualUpdate != DualUpdate.ProjectedAscent) return null;
        if (logits.device_type != DeviceType.CPU || batch.Labels.requires_grad || (batch.Weights?.requires_grad ?? false)) return null;
        var loss = logits.dtype switch
        {
            ScalarType.Float32 => HostLagrangian<float>(batch, positiveWeights, negativeWeights, constant),
            ScalarType.Float64 => HostLagrangian<double>(batch, positiveWeights, negativeWeights, constant),
            _ => null,
        };
        if (loss is not null) HostLagrangianCalls++;
        return loss;
    }

    private Tensor? HostLagrangian<T>(ObjectiveBatch batch, bool positiveWeights, bool negativeWeights, bool constant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int numLabels = NumLabels;
        T[] lambdas = [];
        if (_state.HasDuals)
        {
            if (HostValues<T>(RequireBuffer(LambdasName)) is not { } lambdaValues) return null;
            lambdas = lambdaValues;
        }
        T[] priors = [];
        if (_state.UsesLabelPriors)
        {
            if (batch.HostLabelPriors is { } hostPriors) priors = HostTensor.Convert<double, T>(hostPriors);
            else if (batch.LabelPriors is { } priorsTensor && HostValues<T>(priorsTensor) is { } priorValues) priors = priorValues;
            else return null;
        }
        T[] level = [];
        if (_state.FScoreBeta is { } beta)
        {
            var counts = RequireBuffer(FScoreCountsName);
            if (!HostTensor.IsHostable(counts, ScalarType.Float64)) return null;
            level = HostTensor.Convert<double, T>(FScoreLevelsOf(HostTensor.Read<double>(counts), numLabels, beta));
        }
        // Anchored objectives: λ, c, d and k per label and anchor, [L, K]; rate objectives: λ per label and constraint.
        int anchors = _state.Anchors;
        int perLabel = anchors > 0 ? anchors : 1;
        var c = positiveWeights ? new T[numLabels * perLabel] : null;
        var d = negativeWeights ? new T[numLabels * perLabel] : null;
        var k = constant ? new T[numLabels * perLabel] : null;
        int lambdasPerLabel = anchors > 0 ? anchors : Math.Max(_state.ConstraintCount, 1);
        HostCoefficients(new HostCoefficients<T>(numLabels, lambdasPerLabel, T.CreateChecked(batch.MaybeLog2), lambdas, priors, level, c, d, k));
        if (_state.HasBiases)
            return FusedSurrogate.ApplyAtAnchorsHost(batch.Surrogate, batch.Logits, BiasValue(batch.Logits), batch.Labels, batch.Weights, c, d, k);
        return FusedSurrogate.ApplyHost(batch.Surrogate, batch.Logits, batch.Labels, batch.Weights, c, d, k);
    }

    /// <summary>A contiguous CPU float32 or float64 tensor's values in <typeparamref name="T"/> (rounded to nearest, as to_type), or null.</summary>
    private static T[]? HostValues<T>(Tensor tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (HostTensor.IsHostable(tensor, ScalarType.Float32)) return HostTensor.Convert<float, T>(HostTensor.Read<float>(tensor));
        if (HostTensor.IsHostable(tensor, ScalarType.Float64)) return HostTensor.Convert<double, T>(HostTensor.Read<double>(tensor));
        return null;
    }
}
