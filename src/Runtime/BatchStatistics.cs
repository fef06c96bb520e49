using System.Numerics;
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

    /// <summary>Computes the statistics [L, C] (float64) of a prepared batch without gradients.</summary>
    /// <param name="logits">[B, L], or [B, L, K] at the anchors.</param>
    /// <param name="labels">[B, L] in the logits' dtype.</param>
    /// <param name="weights">Null or broadcastable to [B, L].</param>
    /// <param name="surrogate">The surrogate for the bound columns, or null to leave them out.</param>
    internal static Tensor Compute(Tensor logits, Tensor labels, Tensor? weights, SurrogateType? surrogate)
        => Sum(logits, labels, weights, surrogate).ToTensor();

    /// <summary>
    /// The batch's sums, in the labels' dtype, before they are laid out as the [L, C] statistics: the full-size passes of
    /// a training step's state update. Without weights: y·p, and the column sums of y, p and y·p (p = 1{x &gt; 0} as a
    /// float, from relu and sign); FP = Σp − Σy·p and FN = P − Σy·p follow on [L] (or [L, K]).
    /// </summary>
    /// <param name="logits">[B, L], or [B, L, K] at the anchors.</param>
    /// <param name="labels">[B, L] in the logits' dtype.</param>
    /// <param name="weights">Null or broadcastable to [B, L].</param>
    /// <param name="surrogate">The surrogate for the bound columns, or null to leave them out.</param>
    /// <param name="logitsAreScratch">Whether <paramref name="logits"/> is a temporary the predictions may overwrite (x + b at the anchors).</param>
    internal static Sums Sum(Tensor logits, Tensor labels, Tensor? weights, SurrogateType? surrogate, bool logitsAreScratch = false)
    {
        using var _ = torch.no_grad();
        bool anchored = logits.dim() == 3;
        // Summed in the labels' dtype, as the label priors always were (exact for 0/1 labels up to 2^24 per batch).
        // p = sign(relu(x)) is 1 for x > 0 and 0 otherwise, as a float: a comparison's bool tensor and its cast or
        // promotion measured 3–6 times slower than these two float passes at [4096, 16].
        var predicted = logitsAreScratch && surrogate is null ? logits.relu_() : logits.relu();
        predicted.sign_();
        Tensor positives, positiveWeights;
        Tensor? weight = null, w = null;
        if (weights is null)
        {
            positives = labels.sum(0L);
            positiveWeights = labels;
        }
        else
        {
            w = weights.to_type(labels.dtype).expand_as(labels);
            positiveWeights = w * labels;
            positives = positiveWeights.sum(0L);
            weight = w.sum(0L);
        }
        var positiveWeights3 = anchored ? positiveWeights.unsqueeze(2) : positiveWeights;
        var truePositives = positiveWeights3.mul(predicted).sum(0L);                         // Σ w·y·p, [L] or [L, K]
        var predictedPositives = w is null ? predicted.sum(0L) : (anchored ? w.unsqueeze(2) : w).mul(predicted).sum(0L); // Σ w·p
        Tensor? falseNegativeBound = null, falsePositiveBound = null;
        if (surrogate is { } kind)
        {
            var negativeWeights = w is null ? 1.0 - labels : w - positiveWeights;
            if (anchored) negativeWeights = negativeWeights.unsqueeze(2);
            double m2 = Surrogates.MaybeLog2(kind);
            falseNegativeBound = (positiveWeights3 * Surrogates.PositiveLoss(kind, logits)).sum(0L) / m2;
            falsePositiveBound = (negativeWeights * Surrogates.PositiveLoss(kind, logits.neg())).sum(0L) / m2;
        }
        return new Sums(positives, weight, labels.shape[0], truePositives, predictedPositives, falseNegativeBound, falsePositiveBound);
    }

    /// <summary>
    /// A batch's sums in the labels' dtype: P and W [L] (W null for unit weights: B), Σ w·y·p and Σ w·p [L] or [L, K], and
    /// the surrogate bounds (already divided by m2) when asked for.
    /// </summary>
    internal sealed record Sums(Tensor Positives, Tensor? Weight, long BatchSize, Tensor TruePositives, Tensor PredictedPositives,
        Tensor? FalseNegativeBound, Tensor? FalsePositiveBound)
    {
        /// <summary>The statistics [L, C], float64, on the sums' device.</summary>
        public Tensor ToTensor()
        {
            using var _ = torch.no_grad();
            long numLabels = Positives.shape[0];
            var truePositives = TruePositives.reshape(numLabels, -1);
            var parts = new List<Tensor>
            {
                Positives.unsqueeze(1),
                (Weight ?? torch.full_like(Positives, BatchSize)).unsqueeze(1),
                Positives.unsqueeze(1) - truePositives,                                          // FN = P − TP
                PredictedPositives.reshape(numLabels, -1) - truePositives,                       // FP = Σw·p − TP
            };
            if (FalseNegativeBound is not null)
            {
                parts.Add(FalseNegativeBound.reshape(numLabels, -1));
                parts.Add(FalsePositiveBound!.reshape(numLabels, -1));
            }
            return torch.cat(parts, 1).to_type(ScalarType.Float64);
        }

        /// <summary>
        /// The same statistics as <see cref="ToTensor"/>, row-major [L, C], read on the host without building them on the
        /// device: FN and FP are formed in the sums' own dtype, exactly as <see cref="ToTensor"/> forms them.
        /// Only for CPU sums in float32 or float64.
        /// </summary>
        public double[] ToHost()
        {
            int numLabels = (int)Positives.shape[0];
            int anchors = (int)(TruePositives.numel() / numLabels);
            int columns = Columns(anchors, FalseNegativeBound is not null);
            var result = new double[numLabels * columns];
            if (Positives.dtype == ScalarType.Float32) Fill<float>(result, numLabels, anchors, columns);
            else Fill<double>(result, numLabels, anchors, columns);
            return result;
        }

        private void Fill<T>(double[] result, int numLabels, int anchors, int columns)
            where T : unmanaged, INumber<T>
        {
            var positives = HostTensor.Read<T>(Positives);
            var weight = Weight is null ? default : HostTensor.Read<T>(Weight);
            var truePositives = HostTensor.Read<T>(TruePositives);
            var predicted = HostTensor.Read<T>(PredictedPositives);
            var fnBound = FalseNegativeBound is null ? default : HostTensor.Read<T>(FalseNegativeBound);
            var fpBound = FalsePositiveBound is null ? default : HostTensor.Read<T>(FalsePositiveBound);
            for (int l = 0; l < numLabels; l++)
            {
                int row = l * columns;
                T p = positives[l];
                result[row + PositivesColumn] = ToDouble(p);
                result[row + WeightColumn] = Weight is null ? BatchSize : ToDouble(weight[l]);
                for (int k = 0; k < anchors; k++)
                {
                    T tp = truePositives[l * anchors + k];
                    result[row + FalseNegativesColumn + k] = ToDouble(p - tp);
                    result[row + FalseNegativesColumn + anchors + k] = ToDouble(predicted[l * anchors + k] - tp);
                    if (FalseNegativeBound is not null)
                    {
                        result[row + FalseNegativesColumn + 2 * anchors + k] = ToDouble(fnBound[l * anchors + k]);
                        result[row + FalseNegativesColumn + 3 * anchors + k] = ToDouble(fpBound[l * anchors + k]);
                    }
                }
            }
        }

        private static double ToDouble<T>(T value) where T : unmanaged, INumber<T> => double.CreateTruncating(value);
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
