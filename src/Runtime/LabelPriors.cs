using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.MessageText;

namespace GlobalObjectives;

/// <summary>
/// Streaming, weighted estimate of the positive-label frequency per label (seed spec §2.6):
/// π_l = (Ppc + Σ w_il·y_il) / (Ppc + Npc + Σ w_il), accumulated over every batch seen in training mode.
/// </summary>
/// <remarks>
/// State: two persistent buffers of shape [L], <c>weighted_label_counts</c> (starts at the positive pseudocount)
/// and <c>weight_sum</c> (starts at the sum of both pseudocounts), saved and restored with <c>state_dict</c>.
/// They are float64 so long runs do not lose counts. Two deliberate differences from the seed:
/// the counts update only in training mode (as BatchNorm's running statistics do; the seed updated on
/// every evaluation), and weights are broadcast to the labels' shape before summing (the seed failed
/// for [B] or [B, 1] weights with several labels).
/// </remarks>
public sealed class LabelPriors : nn.Module<Tensor, Tensor?, Tensor>
{
    /// <summary>State-dict name of the weighted positive counts.</summary>
    public const string WeightedLabelCountsName = "weighted_label_counts";

    /// <summary>State-dict name of the weight sums.</summary>
    public const string WeightSumName = "weight_sum";

    /// <summary>Creates an estimator for <paramref name="numLabels"/> labels.</summary>
    /// <param name="numLabels">L, at least 1.</param>
    /// <param name="positivePseudocount">Ppc, at least 0.</param>
    /// <param name="negativePseudocount">Npc, at least 0; Ppc + Npc must be positive unless every batch has weight.</param>
    public LabelPriors(int numLabels, double positivePseudocount = 1.0, double negativePseudocount = 1.0)
        : base(nameof(LabelPriors))
    {
        var (counts, sums) = CreateState(numLabels, positivePseudocount, negativePseudocount);
        register_buffer(WeightedLabelCountsName, counts);
        register_buffer(WeightSumName, sums);
    }

    /// <summary>Number of labels L.</summary>
    public long NumLabels => get_buffer(WeightSumName)!.shape[0];

    /// <summary>Updates the counts with a batch when in training mode, then returns the priors [L] in the labels' dtype.</summary>
    /// <param name="labels">[B] (one label) or [B, L], values in [0, 1]; bool and integer labels are cast.</param>
    /// <param name="weights">Null (all 1), a scalar, [B], [B, 1] or [B, L]; broadcast to the labels' shape.</param>
    /// <exception cref="ArgumentException">The labels are not [B, L] (or [B] when L = 1), or the weights do not fit them; the counts are unchanged.</exception>
    public override Tensor forward(Tensor labels, Tensor? weights)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var labels2d = labels.dim() == 1 ? labels.unsqueeze(1) : labels;
        if (labels2d.dim() != 2 || labels2d.shape[1] != NumLabels)
            throw new ArgumentException(
                $"labels must be {(NumLabels == 1 ? "[B] or [B, 1]" : $"[B, {NumLabels}]")}, got {Shape(labels.shape)}.", nameof(labels));
        var dtype = labels2d.is_floating_point() ? labels2d.dtype : ScalarType.Float32;
        var w = weights is null ? null : weights.dim() == 1 ? weights.unsqueeze(1) : weights;
        if (w is not null && !IsPerExampleOrPerLabel(w, labels2d))
            throw new ArgumentException(
                $"weights must be a scalar, [B], [B, 1] or [B, L] for labels {Shape(labels.shape)}, got {Shape(weights!.shape)}.", nameof(weights));
        return Read(get_buffer(WeightedLabelCountsName)!, get_buffer(WeightSumName)!, labels2d, w, training, dtype);
    }

    private static bool IsPerExampleOrPerLabel(Tensor weights, Tensor labels2d)
        => weights.dim() == 0
           || (weights.dim() == 2 && weights.shape[0] == labels2d.shape[0]
               && (weights.shape[1] == 1 || weights.shape[1] == labels2d.shape[1]));

    /// <summary>The current priors [L] without updating, as float64.</summary>
    public Tensor Current()
    {
        using var _ = torch.no_grad();
        return get_buffer(WeightedLabelCountsName)! / get_buffer(WeightSumName)!;
    }

    /// <summary>Creates the two state tensors (float64, [L]), not owned by any open dispose scope.</summary>
    internal static (Tensor Counts, Tensor Sums) CreateState(int numLabels, double positivePseudocount, double negativePseudocount)
    {
        if (numLabels < 1)
            throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, "numLabels must be at least 1.");
        if (!(positivePseudocount >= 0) || double.IsInfinity(positivePseudocount))
            throw new ArgumentOutOfRangeException(nameof(positivePseudocount), positivePseudocount, "The positive pseudocount must be finite and at least 0.");
        if (!(negativePseudocount >= 0) || double.IsInfinity(negativePseudocount))
            throw new ArgumentOutOfRangeException(nameof(negativePseudocount), negativePseudocount, "The negative pseudocount must be finite and at least 0.");
        var counts = torch.full(numLabels, positivePseudocount, dtype: ScalarType.Float64);
        var sums = torch.full(numLabels, positivePseudocount + negativePseudocount, dtype: ScalarType.Float64);
        // Module state: it must outlive a dispose scope that happens to be open while the module is built.
        counts.DetachFromDisposeScope();
        sums.DetachFromDisposeScope();
        return (counts, sums);
    }

    /// <summary>
    /// Adds a batch's reduced statistics (<see cref="BatchStatistics"/>: P in column 0, W in column 1) to the counts and
    /// returns counts / sums in <paramref name="like"/>'s dtype and on its device.
    /// </summary>
    internal static Tensor Accumulate(Tensor counts, Tensor sums, Tensor statistics, Tensor like)
    {
        using var _ = torch.no_grad();
        counts.add_(statistics.select(1, BatchStatistics.PositivesColumn).to(counts.device));
        sums.add_(statistics.select(1, BatchStatistics.WeightColumn).to(counts.device));
        return (counts / sums).to(like.dtype, like.device);
    }

    /// <summary>
    /// Adds a prepared batch to the counts (when <paramref name="update"/>) and returns counts / sums in <paramref name="dtype"/>.
    /// </summary>
    /// <param name="counts">The weighted_label_counts buffer, [L].</param>
    /// <param name="sums">The weight_sum buffer, [L].</param>
    /// <param name="labels">[B, L].</param>
    /// <param name="weights">Null, or broadcastable to [B, L].</param>
    /// <param name="update">Whether to accumulate the batch.</param>
    /// <param name="dtype">The dtype of the returned priors.</param>
    internal static Tensor Read(Tensor counts, Tensor sums, Tensor labels, Tensor? weights, bool update, ScalarType dtype)
    {
        using var _ = torch.no_grad();
        if (update)
        {
            // A batch is summed in the labels' floating dtype (exact for 0/1 labels below 2^24 per batch) and only the
            // [L] sums are accumulated in float64, so long runs keep every count without copying [B, L] to float64.
            var y = labels.is_floating_point() ? labels : labels.to_type(ScalarType.Float32);
            if (weights is null)
            {
                counts.add_(y.sum(0L).to(counts.device));
                sums.add_(y.shape[0]);
            }
            else
            {
                var w = weights.to_type(y.dtype).expand_as(y);
                counts.add_((w * y).sum(0L).to(counts.device));
                sums.add_(w.sum(0L).to(counts.device));
            }
        }
        var priors = counts / sums;
        return priors.to(dtype, labels.device);
    }
}
