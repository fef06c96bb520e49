using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The training-state update (label priors, Fβ level, counters, monitor sums, projected-ascent dual step) in managed code
// for a loss whose state lives on the CPU: the same arithmetic as the tensor path, in the same order and precision, on
// one host read of the batch's statistics, instead of some 70 small tensor ops per call. Other devices keep the tensor
// path (GlobalObjectiveLoss.Duals.cs, LabelPriors.Accumulate, UpdateFScoreLevel), which the tests compare against this.
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>
    /// Whether a CPU loss updates its training state in managed code (the default) rather than with tensor ops; the
    /// results are the same. Tests turn it off to compare the two paths.
    /// </summary>
    internal bool HostStateUpdate { get; set; } = true;

    /// <summary>The state buffers last found hostable (the same tensor objects keep their dtype, device and layout).</summary>
    private Tensor[]? _hostableBuffers;

    /// <summary>Whether this call's state update can run on the host: CPU logits in float32/float64 and every state buffer it writes a contiguous CPU tensor of its own dtype.</summary>
    private bool CanUpdateOnHost(Tensor logits)
    {
        if (!HostStateUpdate || logits.device_type != DeviceType.CPU || logits.dtype is not (ScalarType.Float32 or ScalarType.Float64)) return false;
        var buffers = new List<Tensor>(8);
        foreach (var name in DualStateNames) buffers.Add(RequireBuffer(name));
        if (_state.UsesLabelPriors && _givenLabelPriors is null)
        {
            buffers.Add(RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName));
            buffers.Add(RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName));
        }
        if (_state.FScoreBeta is not null) buffers.Add(RequireBuffer(FScoreCountsName));
        Tensor? lambdas = _state.HasDuals && Options.DualUpdate == DualUpdate.ProjectedAscent ? RequireBuffer(LambdasName) : null;
        if (lambdas is not null) buffers.Add(lambdas);
        // to(device), to(dtype) and load replace or keep the buffer objects: unchanged objects need no second look.
        var known = _hostableBuffers;
        if (known is not null && known.Length == buffers.Count)
        {
            bool same = true;
            for (int i = 0; i < known.Length && same; i++) same = ReferenceEquals(known[i], buffers[i]);
            if (same) return true;
        }
        for (int i = 0; i < buffers.Count; i++)
        {
            var buffer = buffers[i];
            bool hostable = ReferenceEquals(buffer, lambdas)
                ? HostTensor.IsHostable(buffer, ScalarType.Float32) || HostTensor.IsHostable(buffer, ScalarType.Float64)
                : HostTensor.IsHostable(buffer, ScalarType.Float64);
            if (!hostable) return false;
        }
        _hostableBuffers = buffers.ToArray();
        return true;
    }

    /// <summary>counts += P, sums += W (float64), then the priors counts / sums [L] in float64.</summary>
    private double[] AccumulatePriorsOnHost(double[] statistics)
    {
        var counts = HostTensor.Write<double>(RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName));
        var sums = HostTensor.Write<double>(RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName));
        var priors = new double[NumLabels];
        for (int label = 0; label < NumLabels; label++)
        {
            int row = label * _statisticsColumns;
            counts[label] += statistics[row + BatchStatistics.PositivesColumn];
            sums[label] += statistics[row + BatchStatistics.WeightColumn];
            priors[label] = counts[label] / sums[label];
        }
        return priors;
    }

    /// <summary>counts ← (1 − ρ)·counts + ρ·(TP, FP, P), as <see cref="UpdateFScoreLevel"/>.</summary>
    private void UpdateFScoreLevelOnHost(double[] statistics)
    {
        var counts = HostTensor.Write<double>(RequireBuffer(FScoreCountsName));
        double smoothing = Options.FScoreLevelSmoothing ?? DualDefaults.FScoreLevelSmoothing;
        double keep = 1.0 - smoothing;
        for (int label = 0; label < NumLabels; label++)
        {
            int row = label * _statisticsColumns;
            double positives = statistics[row + BatchStatistics.PositivesColumn];
            double falseNegatives = statistics[row + BatchStatistics.FalseNegativesColumn];
            double falsePositives = statistics[row + BatchStatistics.FalseNegativesColumn + 1];
            // libtorch's add_(other, alpha) is one fused multiply-add per element: self + alpha·other, rounded once.
            counts[3 * label] = Math.FusedMultiplyAdd(smoothing, positives - falseNegatives, counts[3 * label] * keep);
            counts[3 * label + 1] = Math.FusedMultiplyAdd(smoothing, falsePositives, counts[3 * label + 1] * keep);
            counts[3 * label + 2] = Math.FusedMultiplyAdd(smoothing, positives, counts[3 * label + 2] * keep);
        }
    }

    /// <summary>As <see cref="UpdateTrainingState"/>, on the host.</summary>
    private void UpdateTrainingStateOnHost(double[] statistics, bool stepDuals)
    {
        var counters = HostTensor.Write<double>(RequireBuffer(BatchCountersName));
        counters[0] += 1.0;
        counters[1] += 1.0;
        var positivesSeen = HostTensor.Write<double>(RequireBuffer(PositivesSeenName));
        for (int label = 0; label < NumLabels; label++)
            positivesSeen[label] += statistics[label * _statisticsColumns + BatchStatistics.PositivesColumn];
        statistics.CopyTo(HostTensor.Write<double>(RequireBuffer(MonitorLastBatchName)));
        var running = HostTensor.Write<double>(RequireBuffer(MonitorRunningName));
        for (int i = 0; i < statistics.Length; i++) running[i] += statistics[i];

        if (Options.DualUpdate != DualUpdate.ProjectedAscent || !Options.TrainableDuals || !stepDuals) return;

        bool anchored = _state.Anchors > 0;
        int anchors = Math.Max(_state.Anchors, 1);
        int width = anchored ? anchors : _constraints.Count;                 // g's columns: [L, K] or [L, J]
        double[]? priors = null;
        var signal = new double[NumLabels * width];
        for (int j = 0; j < _constraints.Count; j++)
        {
            var constraint = _constraints[j];
            if (constraint.Normalizer is SignalNormalizer.ExpectedPositives or SignalNormalizer.ExpectedNegatives or SignalNormalizer.FScore)
                priors ??= CurrentPriorsOnHost();
            for (int label = 0; label < NumLabels; label++)
                for (int k = 0; k < anchors; k++)
                    signal[label * width + (anchored ? k : j)] = ConstraintSignalOnHost(constraint, statistics, label, k, anchors, priors);
        }

        var lambdasBuffer = RequireBuffer(LambdasName);
        double eta = DualLearningRate, maxLambda = MaxLambda;
        int warmupSteps = Options.DualWarmupSteps ?? DualDefaults.WarmupSteps;
        double warmupPositives = Options.DualWarmupPositives ?? DualDefaults.WarmupPositives;
        bool pastSteps = counters[0] > warmupSteps;
        bool single = lambdasBuffer.dtype == ScalarType.Float32;
        var lambdas32 = single ? HostTensor.Write<float>(lambdasBuffer) : default;
        var lambdas64 = single ? default : HostTensor.Write<double>(lambdasBuffer);
        for (int label = 0; label < NumLabels; label++)
        {
            // Warm-up: a label updates once both thresholds are passed.
            if (!(pastSteps && positivesSeen[label] >= warmupPositives)) continue;
            for (int c = 0; c < width; c++)
            {
                int at = label * width + c;
                double lambda = single ? lambdas32[at] : lambdas64[at];
                double stepped = Clamp(lambda + signal[at] * eta, 0.0, maxLambda);
                if (single) lambdas32[at] = (float)stepped;
                else lambdas64[at] = stepped;
            }
        }
    }

    /// <summary>One constraint's signal for one label and anchor, as <see cref="ConstraintSignal"/> computes it element-wise.</summary>
    private double ConstraintSignalOnHost(RateConstraint constraint, double[] statistics, int label, int k, int anchors, double[]? priors)
    {
        int row = label * _statisticsColumns;
        double positives = statistics[row + BatchStatistics.PositivesColumn];
        double weight = statistics[row + BatchStatistics.WeightColumn];
        double negatives = weight - positives;
        int falseNegativesColumn = BatchStatistics.FalseNegativesColumn;
        if (DualSignalInEffect == DualSignal.Surrogate) falseNegativesColumn += 2 * anchors;
        double falseNegatives = statistics[row + falseNegativesColumn + k];
        double falsePositives = statistics[row + falseNegativesColumn + anchors + k];
        int at = _state.Anchors > 0 ? k : label;                               // coefficients per anchor ([1, K]) or per label ([L, 1])
        double alpha = constraint.Alpha[at], beta = constraint.Beta[at];
        double violation = alpha * falseNegatives + beta * falsePositives + constraint.Gamma[at] * positives + constraint.Delta[at] * negatives;
        switch (constraint.Normalizer)
        {
            case SignalNormalizer.PredictedPositives:
            {
                double predictedPositives = positives - falseNegatives + falsePositives;
                double gap = violation / ClampMin(predictedPositives, 1e-12);
                double nothingPredicted = weight > 0.0 ? -alpha : 0.0;
                return predictedPositives > 0.0 ? gap : nothingPredicted;
            }
            case SignalNormalizer.PredictedNegatives:
            {
                double predictedNegatives = negatives - falsePositives + falseNegatives;
                double gap = violation / ClampMin(predictedNegatives, 1e-12);
                double nothingPredicted = weight > 0.0 ? -beta : 0.0;
                return predictedNegatives > 0.0 ? gap : nothingPredicted;
            }
            case SignalNormalizer.Weight:
                return violation / ClampMin(weight, 1e-12);
            case SignalNormalizer.FScore:
            {
                double betaSquared = constraint.FScoreBeta * constraint.FScoreBeta;
                double expectedPositives = ClampMin(priors![label], DualDefaults.MinimumRate) * weight;
                double predictedPositives = positives - statistics[row + BatchStatistics.FalseNegativesColumn + k]
                                            + statistics[row + BatchStatistics.FalseNegativesColumn + anchors + k];
                return violation / ClampMin(expectedPositives * betaSquared + predictedPositives, 1e-12);
            }
            default:
            {
                double share = constraint.Normalizer == SignalNormalizer.ExpectedNegatives ? 1.0 - priors![label] : priors![label];
                double expected = ClampMin(ClampMin(share, DualDefaults.MinimumRate) * weight, 1e-12);
                return violation / expected;
            }
        }
    }

    /// <summary>The priors [L] as <see cref="CurrentPriors"/> gives them: given, or counts / sums (already updated with this batch).</summary>
    private double[] CurrentPriorsOnHost()
    {
        var priors = new double[NumLabels];
        if (_givenLabelPriors is not null)
        {
            for (int label = 0; label < NumLabels; label++) priors[label] = _givenLabelPriors.Values[label];
            return priors;
        }
        if (!_state.UsesLabelPriors)
            throw new InvalidOperationException("This constraint's dual signal is normalized by the label priors, but the objective was built without them (ObjectiveState.UsesLabelPriors).");
        var counts = HostTensor.Read<double>(RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName));
        var sums = HostTensor.Read<double>(RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName));
        for (int label = 0; label < NumLabels; label++) priors[label] = counts[label] / sums[label];
        return priors;
    }

    /// <summary>torch's clamp_min: NaN stays NaN.</summary>
    private static double ClampMin(double value, double min) => value < min ? min : value;

    /// <summary>torch's clamp: NaN stays NaN.</summary>
    private static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
}
