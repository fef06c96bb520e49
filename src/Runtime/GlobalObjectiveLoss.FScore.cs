using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The Fβ objective's level q (Dinkelbach), objective-math.md §5.
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>
    /// State-dict name of an Fβ objective's decayed counts at logit 0, float64 [L, 3]: TP, FP and P per label
    /// (see <see cref="FScoreLevel"/>).
    /// </summary>
    public const string FScoreCountsName = "fscore_counts";

    /// <summary>Column of TP in <see cref="FScoreCountsName"/>.</summary>
    private const int LevelTruePositives = 0;

    /// <summary>
    /// The level q [L] of an Fβ objective (<see cref="ObjectiveState.FScoreBeta"/>), in <paramref name="like"/>'s dtype and
    /// on its device, without gradient: q = (1 + β²)·TP / (β²·P + TP + FP) on the decayed counts of
    /// <see cref="FScoreCountsName"/> (0 while that denominator is 0, before any training batch).
    /// </summary>
    /// <remarks>
    /// <para>The counts are updated in every training-mode call from the batch's (reduced) statistics at logit 0, before
    /// the Lagrangian is built, so the first batch already uses its own level: counts ← (1 − ρ)·counts + ρ·batch with
    /// ρ = <see cref="ObjectiveOptions.FScoreLevelSmoothing"/> (default <see cref="DualDefaults.FScoreLevelSmoothing"/>).
    /// Evaluation-mode calls do not move it.</para>
    /// <para>The generated loss minimizes (1 + β² − q)·FN_ub + q·FP_ub (plus a constant), the Dinkelbach step of
    /// maximizing Fβ = N/D with N = (1 + β²)·TP and D = β²·P + TP + FP: for fixed q, N − q·D is linear in the counts.
    /// Its Bayes rule predicts positive iff the posterior η ≥ q/(1 + β²), which at q = F* is the F-optimal threshold
    /// F*/(1 + β²) (F1*/2 for β = 1). Updating q from the model's own counts is the Dinkelbach iteration, whose fixed
    /// point is q = max Fβ.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The objective does not maximize FScore.</exception>
    protected Tensor FScoreLevel(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        if (_state.FScoreBeta is not { } beta)
            throw new InvalidOperationException("This objective has no Fβ level: it does not maximize FScore (ObjectiveState.FScoreBeta is null).");
        using var _ = torch.no_grad();
        var counts = RequireBuffer(FScoreCountsName);
        var truePositives = counts.select(1, LevelTruePositives);
        var falsePositives = counts.select(1, LevelTruePositives + 1);
        var positives = counts.select(1, LevelTruePositives + 2);
        double betaSquared = beta * beta;
        var denominator = positives * betaSquared + truePositives + falsePositives;
        var level = torch.where(denominator.gt(0.0), truePositives * (1.0 + betaSquared) / denominator.clamp_min(1e-300), torch.zeros_like(denominator));
        return level.to(like.dtype, like.device);
    }

    /// <summary>q [L] from the host values of <see cref="FScoreCountsName"/> ([L, 3] row-major), as <see cref="FScoreLevel"/> computes it.</summary>
    private static double[] FScoreLevelsOf(ReadOnlySpan<double> counts, int numLabels, double beta)
    {
        var levels = new double[numLabels];
        for (int label = 0; label < numLabels; label++)
        {
            int row = 3 * label + LevelTruePositives;
            levels[label] = FScoreLevelOf(counts[row], counts[row + 1], counts[row + 2], beta);
        }
        return levels;
    }

    /// <summary>q from host counts, as <see cref="FScoreLevel"/> computes it (the monitor's reading).</summary>
    private static double FScoreLevelOf(double truePositives, double falsePositives, double positives, double beta)
    {
        double betaSquared = beta * beta;
        double denominator = positives * betaSquared + truePositives + falsePositives;
        return denominator > 0 ? truePositives * (1.0 + betaSquared) / denominator : 0.0;
    }

    /// <summary>counts ← (1 − ρ)·counts + ρ·(TP, FP, P) of the batch at logit 0.</summary>
    private void UpdateFScoreLevel(Tensor statistics)
    {
        using var _ = torch.no_grad();
        var counts = RequireBuffer(FScoreCountsName);
        var positives = statistics.narrow(1, BatchStatistics.PositivesColumn, 1);
        var falseNegatives = statistics.narrow(1, BatchStatistics.FalseNegativesColumn, 1);
        var falsePositives = statistics.narrow(1, BatchStatistics.FalseNegativesColumn + 1, 1);
        var batch = torch.cat([positives - falseNegatives, falsePositives, positives], 1).to(counts.dtype, counts.device);
        double smoothing = Options.FScoreLevelSmoothing ?? DualDefaults.FScoreLevelSmoothing;
        counts.mul_(1.0 - smoothing).add_(batch, alpha: smoothing);
    }
}
