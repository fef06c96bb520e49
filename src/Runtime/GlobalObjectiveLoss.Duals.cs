using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The constraints' declaration, the batch statistics and the dual update (projected ascent owned by the loss).
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>State-dict name of the training-batch counters, float64 [2]: batches trained, batches since the monitor's reset.</summary>
    public const string BatchCountersName = "batch_counters";

    /// <summary>State-dict name of the weighted positives seen per label (float64 [L]), which gate the dual warm-up.</summary>
    public const string PositivesSeenName = "positives_seen";

    /// <summary>State-dict name of the last training batch's statistics (float64 [L, C], <see cref="BatchStatistics"/>).</summary>
    public const string MonitorLastBatchName = "monitor_last_batch";

    /// <summary>State-dict name of the statistics summed since the monitor's last reset (float64 [L, C]).</summary>
    public const string MonitorRunningName = "monitor_running";

    /// <summary>
    /// The state-dict names of the dual update's and the monitor's buffers, present in every objective with duals or an
    /// Fβ objective.
    /// </summary>
    public static IReadOnlyList<string> DualStateNames { get; } = [BatchCountersName, PositivesSeenName, MonitorLastBatchName, MonitorRunningName];

    /// <summary>The seed's dual rate factor r, used with <see cref="DualUpdate.GradientReversal"/> when none is given.</summary>
    public const double DefaultDualRateFactor = 0.1;

    private readonly List<RateConstraint> _constraints = [];
    private int _statisticsColumns;

    /// <summary>λ_max in effect (projected ascent), or +∞ with gradient reversal.</summary>
    public double MaxLambda => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.MaxLambda ?? DualDefaults.MaxLambda : double.PositiveInfinity;

    /// <summary>η_λ in effect (projected ascent), or NaN with gradient reversal.</summary>
    public double DualLearningRate => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.DualLearningRate ?? DualDefaults.LearningRate : double.NaN;

    /// <summary>The dual signal in effect (projected ascent), or null with gradient reversal.</summary>
    public DualSignal? DualSignalInEffect => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.DualSignal ?? DualSignal.Indicator : null;

    /// <summary>
    /// Declares the objective's next constraint as the dual update and the monitor measure it. Generated constructors call
    /// it once per declared constraint, in declaration order (objectives built with
    /// <see cref="ObjectiveState.RateConstraints"/>: once per slot, whose metric and direction must match), or once for
    /// anchored plans (<see cref="ObjectiveState.Anchored"/>, with one target per anchor).
    /// </summary>
    /// <param name="metric">The constrained metric, as declared.</param>
    /// <param name="direction">≥ or ≤.</param>
    /// <param name="targets">[L] resolved targets (rate constraints) or [K] anchor targets (anchored plans), in the declared metric's terms.</param>
    /// <param name="coefficients">g = α·FN + β·FP + γ·P + δ·N of the declared metric, as functions of the target (objective-math.md §3).</param>
    /// <param name="beta">β of an FScore constraint; 1 otherwise.</param>
    /// <exception cref="InvalidOperationException">
    /// The objective has no duals, every constraint was already declared, or the metric or direction differs from the slot's.
    /// </exception>
    /// <exception cref="ArgumentException">The number of targets does not match the labels or anchors.</exception>
    protected void DeclareConstraint(Metric metric, ConstraintDirection direction, IReadOnlyList<double> targets, CountCoefficients coefficients, double beta = 1.0)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!_state.HasDuals) throw new InvalidOperationException("This objective has no Lagrange multipliers, so no constraint can be declared.");
        int position = _constraints.Count;
        bool anchored = _state.Anchors > 0;
        var slots = _state.Constraints;
        if (position >= _state.ConstraintCount)
            throw new InvalidOperationException(anchored
                ? "The anchor constraint was already declared; an anchored plan declares it once, with one target per anchor."
                : $"DeclareConstraint called {position + 1} times; this objective declares {slots.Count} constraint(s): {DescribeSlots(slots)}.");
        if (!anchored)
        {
            var slot = slots[position];
            if (slot.Metric != metric || slot.Direction != direction || (metric == Metric.FScore && slot.Beta != beta))
                throw new InvalidOperationException(
                    $"DeclareConstraint #{position} declares {MetricFacts.Declaration(metric, direction, slot.DeclaredTarget, beta)} but the objective's constraint {position} is {slot}; constraints are declared in order.");
        }
        int expected = anchored ? _state.Anchors : NumLabels;
        if (targets.Count != expected)
            throw new ArgumentException($"{targets.Count} target(s) given; expected {expected} ({(anchored ? "one per anchor" : "one per label")}).", nameof(targets));

        bool indicator = DualSignalInEffect == DualSignal.Indicator;
        var normalizer = MetricFacts.Fold(metric) switch
        {
            Metric.FalsePositiveRate or Metric.TrueNegativeRate => SignalNormalizer.ExpectedNegatives,
            // PR-AUC's anchors keep the count form: an anchor whose precision the model cannot reach would be driven to
            // λ_max within a few hundred steps by the bounded gap, and its term then dominates the average over anchors;
            // in the count form its λ rises only as fast as it still predicts positives (measured on diamonds_fair,
            // linear, Adam: average precision 0.608 with the count form, 0.528 with the gap). The surrogate signal keeps
            // the count form everywhere (the seed's dual gradient, rescaled).
            Metric.Precision when !anchored && indicator => SignalNormalizer.PredictedPositives,
            Metric.NegativePredictiveValue when !anchored && indicator => SignalNormalizer.PredictedNegatives,
            Metric.NegativePredictiveValue => SignalNormalizer.ExpectedNegatives,
            Metric.Accuracy => SignalNormalizer.Weight,
            Metric.FScore => SignalNormalizer.FScore,
            _ => SignalNormalizer.ExpectedPositives,
        };
        var values = targets.ToArray();
        var alpha = Array.ConvertAll(values, coefficients.FalseNegatives.At);
        var betaCoefficient = Array.ConvertAll(values, coefficients.FalsePositives.At);
        var gamma = Array.ConvertAll(values, coefficients.Positives.At);
        var delta = Array.ConvertAll(values, coefficients.Negatives.At);
        long[] shape = anchored ? [1, _state.Anchors] : [NumLabels, 1];
        _constraints.Add(new RateConstraint(metric, direction, values, coefficients, beta)
        {
            Normalizer = normalizer,
            SignalCoefficients =
            [
                new TensorConstant(alpha, shape),
                new TensorConstant(betaCoefficient, shape),
                new TensorConstant(gamma, shape),
                new TensorConstant(delta, shape),
            ],
        });
    }

    /// <summary>Whether every constraint the state holds was declared (false when none was: the dual update then waits, as for a hand-written loss).</summary>
    private bool ConstraintsDeclared()
    {
        int count = _state.ConstraintCount;
        if (_constraints.Count == 0) return false;
        if (_constraints.Count < count)
            throw new InvalidOperationException(
                $"Only {_constraints.Count} of this objective's {count} constraints were declared ({DescribeSlots(_state.Constraints)}); the constructor must call DeclareConstraint once per constraint.");
        return true;
    }

    private static string DescribeSlots(IReadOnlyList<ConstraintSlot> slots)
        => string.Join(", ", slots.Select((slot, j) => $"{j} {slot}"));

    private void RegisterDualState(int numLabels, int anchors, ObjectiveOptions options)
    {
        bool surrogateBounds = options.DualUpdate == DualUpdate.ProjectedAscent && options.DualSignal == DualSignal.Surrogate;
        _statisticsColumns = BatchStatistics.Columns(anchors, surrogateBounds);
        register_buffer(BatchCountersName, ModuleState.Buffer([2], 0.0, ScalarType.Float64));
        register_buffer(PositivesSeenName, ModuleState.Buffer([numLabels], 0.0, ScalarType.Float64));
        register_buffer(MonitorLastBatchName, ModuleState.Buffer([numLabels, _statisticsColumns], 0.0, ScalarType.Float64));
        register_buffer(MonitorRunningName, ModuleState.Buffer([numLabels, _statisticsColumns], 0.0, ScalarType.Float64));
    }

    /// <summary>
    /// The batch's statistics, reduced over workers by <see cref="ObjectiveOptions.ReduceStatistics"/>: as a float64 [L, C]
    /// tensor, and (when <paramref name="onHost"/>) as its row-major values on the host. Without a hook, a host update
    /// reads the per-label sums directly and builds no [L, C] tensor.
    /// </summary>
    private (Tensor? Statistics, double[]? Host) GatherStatistics(Tensor logits, Tensor labels, Tensor? weights, bool onHost)
    {
        bool surrogateBounds = DualSignalInEffect == DualSignal.Surrogate;
        if (onHost && Options.ReduceStatistics is null && !surrogateBounds)
        {
            // One managed pass on the CPU (HostStatistics); the tensor path below where it declines.
            using var noGrad = torch.no_grad();
            var host = HostStatistics.TrySum(logits, labels, weights, _state.HasBiases ? BiasValue(logits).detach() : null);
            if (host is not null) return (null, host);
        }
        var atAnchors = _state.HasBiases ? logits.unsqueeze(2) + BiasValue(logits).detach() : logits;
        var sums = BatchStatistics.Sum(atAnchors, labels, weights, surrogateBounds ? Surrogate : null, logitsAreScratch: _state.HasBiases);
        if (onHost && Options.ReduceStatistics is null) return (null, sums.ToHost());
        var statistics = BatchStatistics.Reduce(sums.ToTensor(), Options.ReduceStatistics);
        if (!onHost || statistics.device_type != DeviceType.CPU) return (statistics, null);
        return (statistics, HostTensor.Read<double>(statistics.contiguous()).ToArray());
    }

    /// <summary>
    /// After the primal loss: counters, monitor sums, and (projected ascent) λ ← clip(λ + η·g, 0, λ_max), per label and
    /// constraint (or anchor), g being [L, J] (or [L, K]).
    /// </summary>
    /// <param name="statistics">The batch's reduced statistics.</param>
    /// <param name="stepDuals">Whether every constraint is declared (<see cref="ConstraintsDeclared"/>, checked before any state changed).</param>
    private void UpdateTrainingState(Tensor statistics, bool stepDuals)
    {
        using var _ = torch.no_grad();
        var counters = RequireBuffer(BatchCountersName);
        counters.add_(1.0);
        var positivesSeen = RequireBuffer(PositivesSeenName);
        var positives = statistics.select(1, BatchStatistics.PositivesColumn);
        positivesSeen.add_(positives.to(positivesSeen.device));
        RequireBuffer(MonitorLastBatchName).copy_(statistics);
        RequireBuffer(MonitorRunningName).add_(statistics);

        if (Options.DualUpdate != DualUpdate.ProjectedAscent || !Options.TrainableDuals || !stepDuals) return;

        var signal = DualSignalOf(statistics);                                      // g, [L, J] or [L, K], float64
        var lambdas = RequireBuffer(LambdasName);
        var stepped = (lambdas.to_type(ScalarType.Float64).reshape(signal.shape) + signal * DualLearningRate)
            .clamp(0.0, MaxLambda);
        int warmupSteps = Options.DualWarmupSteps ?? DualDefaults.WarmupSteps;
        double warmupPositives = Options.DualWarmupPositives ?? DualDefaults.WarmupPositives;
        // Warm-up without a host synchronization: a label updates once both thresholds are passed.
        var active = positivesSeen.ge(warmupPositives).logical_and(counters[0].gt(warmupSteps)).unsqueeze(1);
        var updated = torch.where(active, stepped, lambdas.to_type(ScalarType.Float64).reshape(signal.shape));
        lambdas.copy_(updated.reshape(lambdas.shape).to_type(lambdas.dtype));
    }

    /// <summary>g, one column per constraint ([L, J]) or per anchor ([L, K]); see <see cref="ConstraintSignal"/>.</summary>
    private Tensor DualSignalOf(Tensor statistics)
    {
        if (_constraints.Count == 1) return ConstraintSignal(_constraints[0], statistics);
        var columns = new Tensor[_constraints.Count];
        for (int j = 0; j < columns.Length; j++) columns[j] = ConstraintSignal(_constraints[j], statistics);
        return torch.cat(columns, 1);
    }

    /// <summary>
    /// One constraint's signal g = (α·FN + β·FP + γ·P + δ·N) / n̄ per label (and anchor), n̄ chosen by the metric so that η_λ
    /// is in the constrained rate's units: the expected positives max(π, 10⁻³)·W (recall, FNR, PR-AUC anchors), the
    /// expected negatives (FPR, TNR, FPR anchors), W (accuracy), β²·max(π, 10⁻³)·W + TP + FP (Fβ). With the indicator
    /// signal, precision uses the batch's predicted positives (its gap p − precision; −(1 − p) when nothing is predicted
    /// positive) and NPV the predicted negatives (v − NPV; −(1 − v) when nothing is predicted negative); a batch of zero
    /// weight gives 0.
    /// </summary>
    private Tensor ConstraintSignal(RateConstraint constraint, Tensor statistics)
    {
        int anchors = Math.Max(_state.Anchors, 1);
        var positives = statistics.narrow(1, BatchStatistics.PositivesColumn, 1);         // [L, 1]
        var weight = statistics.narrow(1, BatchStatistics.WeightColumn, 1);               // [L, 1]
        var negatives = weight - positives;
        int falseNegativesColumn = BatchStatistics.FalseNegativesColumn;
        if (DualSignalInEffect == DualSignal.Surrogate) falseNegativesColumn += 2 * anchors;
        var falseNegatives = statistics.narrow(1, falseNegativesColumn, anchors);        // [L, K]
        var falsePositives = statistics.narrow(1, falseNegativesColumn + anchors, anchors);

        var coefficients = constraint.SignalCoefficients;
        var violation = coefficients[0].For(statistics) * falseNegatives + coefficients[1].For(statistics) * falsePositives
                        + coefficients[2].For(statistics) * positives + coefficients[3].For(statistics) * negatives;

        switch (constraint.Normalizer)
        {
            case SignalNormalizer.PredictedPositives:
            {
                // Precision's gap on the batch, p − precision = violation / (TP + FP), bounded in [p − 1, p]. Normalized by
                // expected positives instead, the step scales with the predicted-positive count: at a random start on a 3 %
                // base rate it is ~25 times the gap (λ overshoots in a few steps), and it vanishes once the model predicts
                // nothing, which left λ stuck high on a degenerate "predict nothing" model (docs/dual-updates.md).
                // Nothing predicted positive counts as precision 1: the constraint holds with slack 1 − p, so λ comes down.
                // A batch of zero weight is no evidence and moves nothing.
                var predictedPositives = positives - falseNegatives + falsePositives;           // TP + FP, [L, K]
                var gap = violation / predictedPositives.clamp_min(1e-12);
                var nothingPredicted = torch.where(weight.gt(0.0), -coefficients[0].For(statistics), torch.zeros_like(weight));
                return torch.where(predictedPositives.gt(0.0), gap, nothingPredicted.expand_as(gap));
            }
            case SignalNormalizer.PredictedNegatives:
            {
                // The mirror for NPV: v − NPV = violation / (TN + FN); nothing predicted negative counts as NPV 1 (slack 1 − v).
                var predictedNegatives = negatives - falsePositives + falseNegatives;            // TN + FN, [L, K]
                var gap = violation / predictedNegatives.clamp_min(1e-12);
                var nothingPredicted = torch.where(weight.gt(0.0), -coefficients[1].For(statistics), torch.zeros_like(weight));
                return torch.where(predictedNegatives.gt(0.0), gap, nothingPredicted.expand_as(gap));
            }
            case SignalNormalizer.Weight:
                return violation / weight.clamp_min(1e-12);
            case SignalNormalizer.FScore:
            {
                // Fβ ≥ q: violation / (β²·P̄ + TP + FP) ≈ q − Fβ; TP + FP at logit 0 whatever the signal (the denominator is a scale).
                double betaSquared = constraint.FScoreBeta * constraint.FScoreBeta;
                var expectedPositives = CurrentPriors(statistics).unsqueeze(1).clamp_min(DualDefaults.MinimumRate) * weight;
                var predictedPositives = positives - IndicatorFalseNegatives(statistics, anchors) + IndicatorFalsePositives(statistics, anchors);
                return violation / (expectedPositives * betaSquared + predictedPositives).clamp_min(1e-12);
            }
            default:
            {
                var priors = CurrentPriors(statistics).unsqueeze(1);                              // π, [L, 1]
                var share = constraint.Normalizer == SignalNormalizer.ExpectedNegatives ? 1.0 - priors : priors;
                var expected = (share.clamp_min(DualDefaults.MinimumRate) * weight).clamp_min(1e-12);
                return violation / expected;
            }
        }
    }

    /// <summary>FN at logit 0 (not the surrogate bound), [L, K].</summary>
    private static Tensor IndicatorFalseNegatives(Tensor statistics, int anchors)
        => statistics.narrow(1, BatchStatistics.FalseNegativesColumn, anchors);

    /// <summary>FP at logit 0 (not the surrogate bound), [L, K].</summary>
    private static Tensor IndicatorFalsePositives(Tensor statistics, int anchors)
        => statistics.narrow(1, BatchStatistics.FalseNegativesColumn + anchors, anchors);

    /// <summary>The priors [L] in float64 on the statistics' device: given, or the streaming estimate (already updated with this batch).</summary>
    private Tensor CurrentPriors(Tensor like)
    {
        if (_givenLabelPriors is not null) return _givenLabelPriors.For(like);
        if (!_state.UsesLabelPriors)
            throw new InvalidOperationException("This constraint's dual signal is normalized by the label priors, but the objective was built without them (ObjectiveState.UsesLabelPriors).");
        var counts = RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName);
        var sums = RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName);
        return (counts / sums).to(ScalarType.Float64, like.device);
    }
}
