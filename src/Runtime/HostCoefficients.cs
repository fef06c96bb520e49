using System.Numerics;

namespace GlobalObjectives;

/// <summary>
/// The per-label inputs and outputs of a generated loss's host form of its coefficients
/// (<see cref="GlobalObjectiveLoss.HostCoefficients{T}"/>): λ, the label priors, the Fβ level and m2 in, c, d and k out,
/// all in the logits' dtype <typeparamref name="T"/>. Rate objectives have one c, d and k per label; the anchored ones
/// (PR-AUC, partial ROC-AUC) one per label and anchor, [L, K] row-major, with λ read per anchor.
/// </summary>
/// <remarks>
/// Filled by <see cref="GlobalObjectiveLoss.TryHostLagrangian"/> from the state it already holds on the host (a CPU loss
/// with projected ascent); the generated code writes c, d and k with the same operations, in the same order and
/// precision, as its tensor code, so both give the same values bit for bit.
/// </remarks>
/// <typeparam name="T">float (float32 logits) or double (float64 logits).</typeparam>
public readonly ref struct HostCoefficients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _lambdas;
    private readonly int _lambdasPerLabel;

    internal HostCoefficients(int numLabels, int lambdasPerLabel, T maybeLog2, ReadOnlySpan<T> lambdas, ReadOnlySpan<T> labelPriors,
        ReadOnlySpan<T> fScoreLevel, Span<T> positiveWeights, Span<T> negativeWeights, Span<T> constant)
    {
        NumLabels = numLabels;
        _lambdasPerLabel = lambdasPerLabel;
        MaybeLog2 = maybeLog2;
        _lambdas = lambdas;
        LabelPriors = labelPriors;
        FScoreLevel = fScoreLevel;
        PositiveWeights = positiveWeights;
        NegativeWeights = negativeWeights;
        Constant = constant;
    }

    /// <summary>L, the number of labels.</summary>
    public int NumLabels { get; }

    /// <summary>m2: ln 2 for xent, 1 for hinge, in <typeparamref name="T"/> (as <see cref="ObjectiveBatch.MaybeLog2Tensor"/>).</summary>
    public T MaybeLog2 { get; }

    /// <summary>π, [L]; empty when the objective uses no priors.</summary>
    public ReadOnlySpan<T> LabelPriors { get; }

    /// <summary>q, the Fβ level, [L]; empty unless the objective maximizes an F-score.</summary>
    public ReadOnlySpan<T> FScoreLevel { get; }

    /// <summary>c, [L] ([L, K] for anchored objectives), written by the generated code; empty when c is 1.</summary>
    public Span<T> PositiveWeights { get; }

    /// <summary>d, [L] ([L, K] for anchored objectives), written by the generated code; empty when d is 1.</summary>
    public Span<T> NegativeWeights { get; }

    /// <summary>k, [L] ([L, K] for anchored objectives), written by the generated code; empty when k is 0.</summary>
    public Span<T> Constant { get; }

    /// <summary>
    /// λ of constraint <paramref name="constraint"/> at label <paramref name="label"/> (the buffer's [L] or [L, J] value);
    /// for anchored objectives, of anchor <paramref name="constraint"/> (the buffer's [1, L, K] value).
    /// </summary>
    public T Lambda(int label, int constraint) => _lambdas[label * _lambdasPerLabel + constraint];
}
