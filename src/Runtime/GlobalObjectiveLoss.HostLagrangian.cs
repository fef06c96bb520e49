using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The coefficients c, d and k computed per label (anchored objectives: per label and anchor) on the host when λ, the
// priors and the Fβ level live there (a CPU loss with projected ascent, the default): the generated HostCoefficients<T>
// repeats the tensor code of ComputeObjective op for op in the logits' dtype, and the managed pass (HostSurrogate, or
// HostAnchors) reads the results from host arrays. That replaces some five to ten small tensor ops per call, each a
// native dispatch of a few µs, which at [512, 1] were about a quarter of a rate objective's training step.
// In gradient-reversal mode (rate objectives) λ is read from its reversed value and its gradient comes back through the
// slopes ∂(c, d, k)/∂λ: the Lagrangian is affine in λ, so evaluating the host form at λ = 0 and at each unit λ gives
// them exactly up to float64 rounding.
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
    /// logits that are not CPU float32/float64, labels or weights that need a gradient, gradient reversal in an anchored
    /// objective, or where the managed pass declines the batch (λ then carries its gradient through the tensor code),
    /// state that is not on the host, or neither c nor d used (the tensor code's BCE path).
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
        if (_state.HasDuals && Options.DualUpdate != DualUpdate.ProjectedAscent && _state.Anchors > 0) return null;
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
        Tensor? reversed = null;
        if (_state.HasDuals)
        {
            // Gradient reversal: λ = |v| with the reversal on its graph, read here and handed to the node as an input.
            if (Options.DualUpdate == DualUpdate.GradientReversal) reversed = DualValue(batch.Logits);
            if (HostValues<T>(reversed ?? RequireBuffer(LambdasName)) is not { } lambdaValues) return null;
            lambdas = lambdaValues;
        }
        if (!TryReadHostInputs<T>(batch, out var priors, out var level)) return null;
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
        if (reversed is null)
            return FusedSurrogate.ApplyHost(batch.Surrogate, batch.Logits, batch.Labels, batch.Weights, c, d, k);
        var slopes = reversed.requires_grad && torch.is_grad_enabled()
            ? SlopesInLambda(batch, lambdasPerLabel, positiveWeights, negativeWeights, constant)
            : null;
        return FusedSurrogate.ApplyHostReversed(batch.Surrogate, batch.Logits, batch.Labels, batch.Weights, c, d, k, reversed, slopes);
    }

    /// <summary>The label priors and the Fβ level in <typeparamref name="T"/> (empty where the objective has none); false where they are not on the host.</summary>
    private bool TryReadHostInputs<T>(ObjectiveBatch batch, out T[] priors, out T[] level) where T : unmanaged, IFloatingPointIeee754<T>
    {
        priors = [];
        level = [];
        if (_state.UsesLabelPriors)
        {
            if (batch.HostLabelPriors is { } hostPriors) priors = HostTensor.Convert<double, T>(hostPriors);
            else if (batch.LabelPriors is { } priorsTensor && HostValues<T>(priorsTensor) is { } priorValues) priors = priorValues;
            else return false;
        }
        if (_state.FScoreBeta is { } beta)
        {
            var counts = RequireBuffer(FScoreCountsName);
            if (!HostTensor.IsHostable(counts, ScalarType.Float64)) return false;
            level = HostTensor.Convert<double, T>(FScoreLevelsOf(HostTensor.Read<double>(counts), NumLabels, beta));
        }
        return true;
    }

    /// <summary>
    /// ∂c/∂λ, ∂d/∂λ and ∂k/∂λ per label and constraint, in float64: the host form at λ = 0 and at λ = 1 for one constraint
    /// at a time (all labels at once: a label's coefficients read only its own λ). The Lagrangian is affine in λ (each
    /// multiplier scales its constraint's terms), so the differences are the slopes, to float64 rounding.
    /// </summary>
    private FusedSurrogate.LambdaSlopes SlopesInLambda(ObjectiveBatch batch, int perLabel, bool positiveWeights, bool negativeWeights, bool constant)
    {
        int numLabels = NumLabels, count = numLabels * perLabel;
        _ = TryReadHostInputs<double>(batch, out var priors, out var level);   // read in T already: on the host
        double[]? Values(bool used) => used ? new double[numLabels] : null;
        var (c0, d0, k0) = (Values(positiveWeights), Values(negativeWeights), Values(constant));
        HostCoefficients(new HostCoefficients<double>(numLabels, perLabel, batch.MaybeLog2, new double[count], priors, level, c0, d0, k0));
        double[]? Slopes(bool used) => used ? new double[count] : null;
        var (cs, ds, ks) = (Slopes(positiveWeights), Slopes(negativeWeights), Slopes(constant));
        var (c1, d1, k1) = (Values(positiveWeights), Values(negativeWeights), Values(constant));
        var unit = new double[count];
        for (int j = 0; j < perLabel; j++)
        {
            for (int l = 0; l < numLabels; l++)
            {
                unit[l * perLabel + j] = 1.0;
                if (j > 0) unit[l * perLabel + j - 1] = 0.0;
            }
            HostCoefficients(new HostCoefficients<double>(numLabels, perLabel, batch.MaybeLog2, unit, priors, level, c1, d1, k1));
            for (int l = 0; l < numLabels; l++)
            {
                if (cs is not null) cs[l * perLabel + j] = c1![l] - c0![l];
                if (ds is not null) ds[l * perLabel + j] = d1![l] - d0![l];
                if (ks is not null) ks[l * perLabel + j] = k1![l] - k0![l];
            }
        }
        return new FusedSurrogate.LambdaSlopes(cs, ds, ks, perLabel);
    }

    /// <summary>A contiguous CPU float32 or float64 tensor's values in <typeparamref name="T"/> (rounded to nearest, as to_type), or null.</summary>
    private static T[]? HostValues<T>(Tensor tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (HostTensor.IsHostable(tensor, ScalarType.Float32)) return HostTensor.Convert<float, T>(HostTensor.Read<float>(tensor));
        if (HostTensor.IsHostable(tensor, ScalarType.Float64)) return HostTensor.Convert<double, T>(HostTensor.Read<double>(tensor));
        return null;
    }
}
