using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// The building-block bounds of Global Objectives (seed spec §3.5-3.6): a lower bound on the weighted true
/// positives and an upper bound on the weighted false positives, per label.
/// </summary>
public static class Bounds
{
    /// <summary>TP_lb[l] = Σ_i w_il·(y_il − ℓ⁺(x_il)·y_il / m2), with m2 = <see cref="Surrogates.MaybeLog2"/>.</summary>
    /// <param name="labels">[B, L] (or [B, L] for [B, L, K] logits).</param>
    /// <param name="logits">[B, L] or [B, L, K].</param>
    /// <param name="weights">Scalar, [B] or [B, 1] (per example), or [B, L]; null means 1. For [B, L, K] logits they apply to every anchor.</param>
    /// <exception cref="ArgumentException">The logits are not 2-D or 3-D, or the labels or weights do not fit them.</exception>
    /// <param name="surrogate">The surrogate ℓ.</param>
    /// <returns>[L] for 2-D logits, [L, K] for 3-D logits.</returns>
    public static Tensor TruePositivesLowerBound(Tensor labels, Tensor logits, Tensor? weights, SurrogateType surrogate)
    {
        var (z, w) = Prepare(labels, logits, weights);
        var positiveLoss = Surrogates.Weighted(surrogate, z, logits, 1.0, 0.0);
        var perExample = z - positiveLoss / Surrogates.MaybeLog2(surrogate);
        return (w is null ? perExample : w * perExample).sum(0L);
    }

    /// <summary>FP_ub[l] = Σ_i w_il·(1 − y_il)·ℓ⁻(x_il) / m2, with m2 = <see cref="Surrogates.MaybeLog2"/>.</summary>
    /// <inheritdoc cref="TruePositivesLowerBound" path="/param"/>
    /// <returns>[L] for 2-D logits, [L, K] for 3-D logits.</returns>
    public static Tensor FalsePositivesUpperBound(Tensor labels, Tensor logits, Tensor? weights, SurrogateType surrogate)
    {
        var (z, w) = Prepare(labels, logits, weights);
        var negativeLoss = Surrogates.Weighted(surrogate, z, logits, 0.0, 1.0) / Surrogates.MaybeLog2(surrogate);
        return (w is null ? negativeLoss : w * negativeLoss).sum(0L);
    }

    private static (Tensor Labels, Tensor? Weights) Prepare(Tensor labels, Tensor logits, Tensor? weights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.dim() != 2 && logits.dim() != 3)
            throw new ArgumentException($"logits must be [B, L] or [B, L, K], got {MessageText.Shape(logits.shape)}.", nameof(logits));
        var z = labels.dtype == logits.dtype ? labels : labels.to_type(logits.dtype);
        if (logits.dim() == 3 && z.dim() == 2) z = z.unsqueeze(2);
        if (z.dim() != logits.dim() || !Surrogates.BroadcastsInto(z.shape, logits.shape))
            throw new ArgumentException(
                $"labels must be shaped like the logits {MessageText.Shape(logits.shape)} (or [B, L] for [B, L, K] logits), got {MessageText.Shape(labels.shape)}.", nameof(labels));
        if (weights is null) return (z, null);
        var w = weights.dtype == logits.dtype ? weights : weights.to_type(logits.dtype);
        // [B] weights act per example ([B, 1]), as in the losses (seed spec §3.1).
        if (w.dim() == 1) w = w.unsqueeze(1);
        // [B, L] or [B, 1] weights act per example and label, also for [B, L, K] logits (the seed misaligned them).
        if (logits.dim() == 3 && w.dim() == 2) w = w.unsqueeze(2);
        if (w.dim() > logits.dim() || !Surrogates.BroadcastsInto(w.shape, logits.shape))
            throw new ArgumentException(
                $"weights must be a scalar, [B], [B, 1] or [B, L] for logits {MessageText.Shape(logits.shape)}, got {MessageText.Shape(weights.shape)}.", nameof(weights));
        return (z, w);
    }
}
