using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// The per-batch statistics that drive a generated loss's label priors, dual update and training monitor: a float64
/// tensor [L, C] of weighted sums over the batch, one row per label. These are what
/// <see cref="ObjectiveOptions.ReduceStatistics"/> receives; sums over workers are the statistics of the whole batch.
/// </summary>
/// <remarks>
/// Columns, with K anchors (PR-AUC; K = 1 otherwise) and an example predicted positive when its logit (PR-AUC: x + b_k)
/// is strictly above 0:
/// <list type="table">
/// <item><term>0</term><description>P = Σ w·y, the weighted positives.</description></item>
/// <item><term>1</term><description>W = Σ w, the batch weight (N = W − P).</description></item>
/// <item><term>2 … 1 + K</term><description>FN_k = Σ w·y·1{x_k ≤ 0}.</description></item>
/// <item><term>2 + K … 1 + 2K</term><description>FP_k = Σ w·(1 − y)·1{x_k &gt; 0}.</description></item>
/// <item><term>2 + 2K … 1 + 3K</term><description>only with <see cref="DualSignal.Surrogate"/>: Σ w·y·ℓ⁺(x_k)/m2, the upper bound on FN_k.</description></item>
/// <item><term>2 + 3K … 1 + 4K</term><description>only with <see cref="DualSignal.Surrogate"/>: FP_ub = Σ w·(1 − y)·ℓ⁻(x_k)/m2.</description></item>
/// </list>
/// </remarks>
public static class BatchStatistics
{
    /// <summary>Column of P.</summary>
    public const int PositivesColumn = 0;

    /// <summary>Column of W.</summary>
    public const int WeightColumn = 1;

    /// <summary>First column of FN_k.</summary>
    public const int FalseNegativesColumn = 2;

    /// <summary>The number of columns C for <paramref name="anchors"/> anchors (1 outside PR-AUC), with or without the surrogate bounds.</summary>
    public static int Columns(int anchors, bool surrogateBounds) => 2 + (surrogateBounds ? 4 : 2) * Math.Max(anchors, 1);

    /// <summary>Computes the statistics of a prepared batch without gradients.</summary>
    /// <param name="logits">[B, L], or [B, L, K] at the anchors.</param>
    /// <param name="labels">[B, L] in the logits' dtype.</param>
    /// <param name="weights">Null or broadcastable to [B, L].</param>
    /// <param name="surrogate">The surrogate for the bound columns, or null to leave them out.</param>
    internal static Tensor Compute(Tensor logits, Tensor labels, Tensor? weights, SurrogateType? surrogate)
    {
        using var _ = torch.no_grad();
        bool anchored = logits.dim() == 3;
        // Summed in the labels' dtype, as the label priors always were (exact for 0/1 labels up to 2^24 per batch).
        Tensor positives, weight, positiveWeights, negativeWeights;
        if (weights is null)
        {
            positives = labels.sum(0L);
            weight = torch.full_like(positives, labels.shape[0]);
            positiveWeights = labels;
            negativeWeights = 1.0 - labels;
        }
        else
        {
            var w = weights.to_type(labels.dtype).expand_as(labels);
            positiveWeights = w * labels;
            positives = positiveWeights.sum(0L);
            weight = w.sum(0L);
            negativeWeights = w - positiveWeights;
        }
        if (anchored)
        {
            positiveWeights = positiveWeights.unsqueeze(2);
            negativeWeights = negativeWeights.unsqueeze(2);
        }

        var predictedPositive = logits.gt(0.0).to_type(labels.dtype);
        var truePositives = (positiveWeights * predictedPositive).sum(0L);
        var falsePositives = (negativeWeights * predictedPositive).sum(0L);
        long numLabels = positives.shape[0];
        var falseNegatives = positives.unsqueeze(1) - truePositives.reshape(numLabels, -1);
        var parts = new List<Tensor>
        {
            positives.unsqueeze(1),
            weight.unsqueeze(1),
            falseNegatives,
            falsePositives.reshape(numLabels, -1),
        };
        if (surrogate is { } kind)
        {
            double m2 = Surrogates.MaybeLog2(kind);
            var falseNegativeBound = (positiveWeights * Surrogates.PositiveLoss(kind, logits)).sum(0L) / m2;
            var falsePositiveBound = (negativeWeights * Surrogates.PositiveLoss(kind, logits.neg())).sum(0L) / m2;
            parts.Add(falseNegativeBound.reshape(numLabels, -1));
            parts.Add(falsePositiveBound.reshape(numLabels, -1));
        }
        return torch.cat(parts, 1).to_type(ScalarType.Float64);
    }

    /// <summary>Applies the data-parallel hook, checking what it returns.</summary>
    internal static Tensor Reduce(Tensor statistics, Func<Tensor, Tensor>? reduce)
    {
        if (reduce is null) return statistics;
        Tensor reduced;
        using (torch.no_grad()) reduced = reduce(statistics);
        if (reduced is null)
            throw new InvalidOperationException("ObjectiveOptions.ReduceStatistics returned null; expected the reduced statistics, shaped like its argument.");
        if (!reduced.shape.AsSpan().SequenceEqual(statistics.shape))
            throw new InvalidOperationException(
                $"ObjectiveOptions.ReduceStatistics returned shape {MessageText.Shape(reduced.shape)}; expected {MessageText.Shape(statistics.shape)}, the shape of its argument.");
        return reduced.dtype == ScalarType.Float64 && reduced.device == statistics.device
            ? reduced
            : reduced.to(ScalarType.Float64, statistics.device);
    }
}
