using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Weighted per-example surrogates of the 0-1 loss (seed spec §2.1-2.5). Every function casts labels and
/// weights to the logits' dtype and returns a tensor of the logits' shape.
/// </summary>
/// <remarks>
/// Broadcasting of <c>positiveWeights</c>/<c>negativeWeights</c>: they are expanded to the logits' rank by
/// prepending size-1 axes, so a scalar is global, a 1-D tensor of size K acts on the last axis, and a
/// 2-D tensor [L, K] (or [L, 1]) acts per label. When labels are [B, L] and logits [B, L, K], the labels
/// are unsqueezed at axis 2.
/// </remarks>
public static class Surrogates
{
    /// <summary>ln 2 for <see cref="SurrogateType.Xent"/> and 1 for <see cref="SurrogateType.Hinge"/>: surrogate / this bounds the 0-1 loss.</summary>
    public static double MaybeLog2(SurrogateType surrogate) => surrogate switch
    {
        SurrogateType.Xent => Math.Log(2.0),
        SurrogateType.Hinge => 1.0,
        _ => throw UnknownSurrogate(surrogate),
    };

    /// <summary>
    /// c·z·(−log σ(x)) + d·(1−z)·(−log(1−σ(x))), computed in the stable form of the seed (spec §2.2)
    /// d·(x − z·x) + (d + (c − d)·z)·softplus(−x), with softplus(−x) = −log σ(x) evaluated by libtorch's stable
    /// log-sigmoid (max(−x, 0) + log1p(exp(−|x|)); the seed's log(1 + ·) differs from log1p by less than 1e-7).
    /// </summary>
    /// <param name="labels">Labels z in [0, 1] (soft labels allowed), shaped like the logits or [B, L] for [B, L, K] logits.</param>
    /// <param name="logits">Logits x; their dtype is the result's.</param>
    /// <param name="positiveWeights">c; null means 1.</param>
    /// <param name="negativeWeights">d; null means 1.</param>
    public static Tensor WeightedSigmoidCrossEntropy(Tensor labels, Tensor logits, Tensor? positiveWeights = null, Tensor? negativeWeights = null)
    {
        var (z, c, d) = PrepareArguments(labels, logits, positiveWeights, negativeWeights);
        var logSigmoid = nn.functional.logsigmoid(logits);   // −softplus(−x)
        var negativePart = logits - z * logits;               // x − z·x
        if (c is null && d is null) return negativePart - logSigmoid;
        if (d is null) return negativePart - (1.0 + (c! - 1.0) * z) * logSigmoid;
        if (c is null) return d * negativePart - (d + (1.0 - d) * z) * logSigmoid;
        return d * negativePart - (d + (c - d) * z) * logSigmoid;
    }

    /// <summary>WeightedSigmoidCrossEntropy with scalar weights.</summary>
    public static Tensor WeightedSigmoidCrossEntropy(Tensor labels, Tensor logits, double positiveWeights, double negativeWeights)
        => WeightedSigmoidCrossEntropy(labels, logits, Scalar(positiveWeights, logits), Scalar(negativeWeights, logits));

    /// <summary>c·z·max(1 − x, 0) + d·(1 − z)·max(1 + x, 0) (seed spec §2.3).</summary>
    /// <param name="labels">Labels z in [0, 1], shaped like the logits or [B, L] for [B, L, K] logits.</param>
    /// <param name="logits">Logits x; their dtype is the result's.</param>
    /// <param name="positiveWeights">c; null means 1.</param>
    /// <param name="negativeWeights">d; null means 1.</param>
    public static Tensor WeightedHinge(Tensor labels, Tensor logits, Tensor? positiveWeights = null, Tensor? negativeWeights = null)
    {
        var (z, c, d) = PrepareArguments(labels, logits, positiveWeights, negativeWeights);
        var positiveTerm = z * (1 - logits).relu();
        var negativeTerm = (1 - z) * (logits + 1).relu();
        if (c is not null) positiveTerm = c * positiveTerm;
        if (d is not null) negativeTerm = d * negativeTerm;
        return positiveTerm + negativeTerm;
    }

    /// <summary>WeightedHinge with scalar weights.</summary>
    public static Tensor WeightedHinge(Tensor labels, Tensor logits, double positiveWeights, double negativeWeights)
        => WeightedHinge(labels, logits, Scalar(positiveWeights, logits), Scalar(negativeWeights, logits));

    /// <summary>Dispatches to <see cref="WeightedSigmoidCrossEntropy(Tensor, Tensor, Tensor?, Tensor?)"/> or <see cref="WeightedHinge(Tensor, Tensor, Tensor?, Tensor?)"/> (seed spec §2.4).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="surrogate"/> is not a defined <see cref="SurrogateType"/>.</exception>
    public static Tensor Weighted(SurrogateType surrogate, Tensor labels, Tensor logits, Tensor? positiveWeights = null, Tensor? negativeWeights = null)
        => surrogate switch
        {
            SurrogateType.Xent => WeightedSigmoidCrossEntropy(labels, logits, positiveWeights, negativeWeights),
            SurrogateType.Hinge => WeightedHinge(labels, logits, positiveWeights, negativeWeights),
            _ => throw UnknownSurrogate(surrogate),
        };

    /// <summary>
    /// ℓ⁺(x), the surrogate of a positive example with unit weight: softplus(−x) = −log σ(x) for xent, max(0, 1 − x) for
    /// hinge. Equals <c>Weighted(surrogate, 1, x)</c> in two tensor ops (the dense pairwise ROC-AUC fallback uses it on [B, B, L]).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="surrogate"/> is not a defined <see cref="SurrogateType"/>.</exception>
    public static Tensor PositiveLoss(SurrogateType surrogate, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return surrogate switch
        {
            // softplus(−x) rather than −logsigmoid(x): logsigmoid keeps a second tensor of the input's size for its
            // backward, which on the pairwise [B, B, L] ROC-AUC term costs a large allocation per step.
            SurrogateType.Xent => logits.neg().softplus(),
            SurrogateType.Hinge => (1.0 - logits).relu(),
            _ => throw UnknownSurrogate(surrogate),
        };
    }

    /// <summary>Weighted with scalar weights.</summary>
    public static Tensor Weighted(SurrogateType surrogate, Tensor labels, Tensor logits, double positiveWeights, double negativeWeights)
        => Weighted(surrogate, labels, logits, Scalar(positiveWeights, logits), Scalar(negativeWeights, logits));

    /// <summary>Prepends size-1 axes until <paramref name="tensor"/> has rank <paramref name="rank"/> (seed spec §2.5).</summary>
    /// <exception cref="ArgumentException">The tensor's rank is already above <paramref name="rank"/>.</exception>
    public static Tensor ExpandOuter(Tensor tensor, int rank)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long current = tensor.dim();
        if (current > rank)
            throw new ArgumentException($"`rank` must be at least the current tensor dimension: ({rank} vs {current}).", nameof(rank));
        if (current == rank) return tensor;
        var shape = new long[rank];
        for (int i = 0; i < rank - current; i++) shape[i] = 1;
        for (int i = 0; i < current; i++) shape[rank - current + i] = tensor.shape[i];
        return tensor.reshape(shape);
    }

    private static (Tensor Labels, Tensor? Positive, Tensor? Negative) PrepareArguments(
        Tensor labels, Tensor logits, Tensor? positiveWeights, Tensor? negativeWeights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(logits);
        var z = labels.dtype == logits.dtype ? labels : labels.to_type(logits.dtype);
        if (z.dim() == 2 && logits.dim() == 3) z = z.unsqueeze(2);
        if (!BroadcastsInto(z.shape, logits.shape))
            throw new ArgumentException(
                $"labels of shape {MessageText.Shape(labels.shape)} do not broadcast to the logits' shape {MessageText.Shape(logits.shape)} " +
                "(expected the logits' shape, or [B, L] for [B, L, K] logits); the result must keep the logits' shape.", nameof(labels));
        return (z, Weight(positiveWeights, logits, nameof(positiveWeights)), Weight(negativeWeights, logits, nameof(negativeWeights)));
    }

    private static Tensor? Weight(Tensor? weight, Tensor logits, string name)
    {
        if (weight is null) return null;
        if (weight.dim() > logits.dim() || !BroadcastsInto(weight.shape, logits.shape))
            throw new ArgumentException(
                $"{name} of shape {MessageText.Shape(weight.shape)} do not broadcast to the logits' shape {MessageText.Shape(logits.shape)} when aligned " +
                "on the last axis (expected a scalar, [K], [L, K] or [L, 1] for [B, L, K] logits, or [L] for [B, L] logits).", name);
        var w = weight.dtype == logits.dtype ? weight : weight.to_type(logits.dtype);
        if (w.device_type != logits.device_type || w.device_index != logits.device_index) w = w.to(logits.device);
        // Broadcasting aligns on the last axis, which is what ExpandOuter's prepended size-1 axes mean: no reshape needed.
        return w;
    }

    /// <summary>True when a tensor of <paramref name="shape"/> broadcasts to <paramref name="target"/> without enlarging it.</summary>
    internal static bool BroadcastsInto(long[] shape, long[] target)
    {
        if (shape.Length > target.Length) return false;
        for (int i = 1; i <= shape.Length; i++)
        {
            long size = shape[^i];
            if (size != 1 && size != target[^i]) return false;
        }
        return true;
    }

    private static Tensor Scalar(double value, Tensor like) => torch.tensor(value, dtype: like.dtype, device: like.device);

    private static ArgumentOutOfRangeException UnknownSurrogate(SurrogateType surrogate)
        => new(nameof(surrogate), surrogate, $"surrogate_type {surrogate} not supported; expected {nameof(SurrogateType.Xent)} or {nameof(SurrogateType.Hinge)}.");
}
