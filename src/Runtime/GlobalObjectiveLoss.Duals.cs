using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.MessageText;

namespace GlobalObjectives;

// The dual update (projected ascent owned by the loss), the data-parallel statistics hook and the training monitor.
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

    /// <summary>The state-dict names of the dual update's and the monitor's buffers, present in every objective with duals.</summary>
    public static IReadOnlyList<string> DualStateNames { get; } = [BatchCountersName, PositivesSeenName, MonitorLastBatchName, MonitorRunningName];

    /// <summary>The seed's dual rate factor r, used with <see cref="DualUpdate.GradientReversal"/> when none is given.</summary>
    public const double DefaultDualRateFactor = 0.1;

    private RateConstraint? _constraint;
    private TensorConstant[]? _signalCoefficients; // α, β, γ, δ as [L, 1] or [1, K]
    private SignalNormalizer _signalNormalizer;

    /// <summary>The count the violation is divided by so that η_λ is in the constrained rate's units (see <see cref="DualSignalOf"/>).</summary>
    private enum SignalNormalizer
    {
        ExpectedPositives,
        ExpectedNegatives,
        PredictedPositives,
    }
    private int _statisticsColumns;

    /// <summary>λ_max in effect (projected ascent), or +∞ with gradient reversal.</summary>
    public double MaxLambda => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.MaxLambda ?? DualDefaults.MaxLambda : double.PositiveInfinity;

    /// <summary>η_λ in effect (projected ascent), or NaN with gradient reversal.</summary>
    public double DualLearningRate => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.DualLearningRate ?? DualDefaults.LearningRate : double.NaN;

    /// <summary>The dual signal in effect (projected ascent), or null with gradient reversal.</summary>
    public DualSignal? DualSignalInEffect => Options.DualUpdate == DualUpdate.ProjectedAscent ? Options.DualSignal ?? DualSignal.Indicator : null;

    /// <summary>
    /// Declares the objective's constraint as the dual update and the monitor measure it; generated constructors call it
    /// once, with the resolved targets (per label, or per anchor for PR-AUC) and the Lagrangian's own coefficients.
    /// </summary>
    /// <param name="metric">The constrained metric.</param>
    /// <param name="direction">≥ or ≤.</param>
    /// <param name="targets">[L] targets (rate families) or [K] anchor precisions (PR-AUC).</param>
    /// <param name="coefficients">g = α·FN + β·FP + γ·P + δ·N as functions of the target.</param>
    /// <exception cref="InvalidOperationException">The objective has no duals, or a constraint was already declared.</exception>
    /// <exception cref="ArgumentException">The number of targets does not match the labels or anchors.</exception>
    protected void DeclareConstraint(Metric metric, ConstraintDirection direction, IReadOnlyList<double> targets, CountCoefficients coefficients)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (!_state.HasDuals) throw new InvalidOperationException("This objective has no Lagrange multipliers, so no constraint can be declared.");
        if (_constraint is not null) throw new InvalidOperationException("A constraint was already declared; objectives with several constraints are not supported yet.");
        int expected = _state.Anchors > 0 ? _state.Anchors : NumLabels;
        if (targets.Count != expected)
            throw new ArgumentException($"{targets.Count} target(s) given; expected {expected} ({(_state.Anchors > 0 ? "one per anchor" : "one per label")}).", nameof(targets));
        _constraint = new RateConstraint(metric, direction, targets.ToArray(), coefficients);
        _signalNormalizer = metric switch
        {
            Metric.FalsePositiveRate => SignalNormalizer.ExpectedNegatives,
            // PR-AUC's anchors keep the count form: an anchor whose precision the model cannot reach would be driven to
            // λ_max within a few hundred steps by the bounded gap, and its term then dominates the average over anchors;
            // in the count form its λ rises only as fast as it still predicts positives (measured on diamonds_fair,
            // linear, Adam: average precision 0.608 with the count form, 0.528 with the gap). The surrogate signal keeps
            // the count form everywhere (the seed's dual gradient, rescaled).
            Metric.Precision when _state.Anchors == 0 && DualSignalInEffect == DualSignal.Indicator => SignalNormalizer.PredictedPositives,
            _ => SignalNormalizer.ExpectedPositives,
        };
        long[] shape = _state.Anchors > 0 ? [1, _state.Anchors] : [NumLabels, 1];
        _signalCoefficients =
        [
            new TensorConstant(_constraint.Alpha, shape),
            new TensorConstant(_constraint.Beta, shape),
            new TensorConstant(_constraint.Gamma, shape),
            new TensorConstant(_constraint.Delta, shape),
        ];
    }

    /// <summary>
    /// Reads the training statistics (last batch, running sums since the last reset, λ, biases) in one transfer to the host.
    /// Generated objectives wrap it in a typed <c>ReadMonitor()</c>.
    /// </summary>
    /// <param name="reset">Whether to restart the running sums after reading.</param>
    /// <exception cref="InvalidOperationException">The objective has no duals (ROC-AUC) or declared no constraint.</exception>
    public MonitorReading ReadMonitorState(bool reset = false)
    {
        if (!_state.HasDuals || _constraint is null)
            throw new InvalidOperationException("This objective has no constraint to monitor (ROC-AUC has no Lagrange multipliers).");
        int anchors = Math.Max(_state.Anchors, 1);
        double[] last, running, counters, lambdas;
        double[]? biases = null;
        using (torch.no_grad())
        {
            var parts = new List<Tensor>
            {
                RequireBuffer(BatchCountersName).to_type(ScalarType.Float64).reshape(-1),
                RequireBuffer(MonitorLastBatchName).to_type(ScalarType.Float64).reshape(-1),
                RequireBuffer(MonitorRunningName).to_type(ScalarType.Float64).reshape(-1),
                Lambdas!.detach().to_type(ScalarType.Float64).reshape(-1),
            };
            if (Options.DualUpdate == DualUpdate.GradientReversal) parts[3] = parts[3].abs();
            if (_state.HasBiases) parts.Add(RequireParameter(BiasesName).detach().to_type(ScalarType.Float64).reshape(-1));
            var all = torch.cat(parts.Select(p => p.cpu()).ToList(), 0).data<double>().ToArray();
            int size = NumLabels * _statisticsColumns, at = 0;
            counters = all[at..(at += 2)];
            last = all[at..(at += size)];
            running = all[at..(at += size)];
            lambdas = all[at..(at += NumLabels * anchors)];
            if (_state.HasBiases) biases = all[at..(at + NumLabels * anchors)];
            if (reset) ResetMonitor();
        }
        return new MonitorReading((long)counters[0], (long)counters[1], NumLabels, anchors, last, running, _statisticsColumns,
            lambdas, biases, _constraint.Targets, MaxLambda);
    }

    /// <summary>Restarts the monitor's running sums (λ, priors and the dual update are untouched).</summary>
    public void ResetMonitor()
    {
        if (!_state.HasDuals) return;
        using var _ = torch.no_grad();
        RequireBuffer(MonitorRunningName).zero_();
        RequireBuffer(BatchCountersName)[1].zero_();
    }

    private void RegisterDualState(int numLabels, int anchors, ObjectiveOptions options)
    {
        bool surrogateBounds = options.DualUpdate == DualUpdate.ProjectedAscent && options.DualSignal == DualSignal.Surrogate;
        _statisticsColumns = BatchStatistics.Columns(anchors, surrogateBounds);
        register_buffer(BatchCountersName, ModuleState.Buffer([2], 0.0, ScalarType.Float64));
        register_buffer(PositivesSeenName, ModuleState.Buffer([numLabels], 0.0, ScalarType.Float64));
        register_buffer(MonitorLastBatchName, ModuleState.Buffer([numLabels, _statisticsColumns], 0.0, ScalarType.Float64));
        register_buffer(MonitorRunningName, ModuleState.Buffer([numLabels, _statisticsColumns], 0.0, ScalarType.Float64));
    }

    /// <summary>The batch's statistics, reduced over workers by <see cref="ObjectiveOptions.ReduceStatistics"/>.</summary>
    private Tensor GatherStatistics(Tensor logits, Tensor labels, Tensor? weights)
    {
        var atAnchors = _state.HasBiases ? logits.unsqueeze(2) + BiasValue(logits).detach() : logits;
        bool surrogateBounds = DualSignalInEffect == DualSignal.Surrogate;
        var statistics = BatchStatistics.Compute(atAnchors, labels, weights, surrogateBounds ? Surrogate : null);
        return BatchStatistics.Reduce(statistics, Options.ReduceStatistics);
    }

    /// <summary>After the primal loss: counters, monitor sums, and (projected ascent) λ ← clip(λ + η·g, 0, λ_max).</summary>
    private void UpdateDualState(Tensor statistics)
    {
        using var _ = torch.no_grad();
        var counters = RequireBuffer(BatchCountersName);
        counters.add_(1.0);
        var positivesSeen = RequireBuffer(PositivesSeenName);
        var positives = statistics.select(1, BatchStatistics.PositivesColumn);
        positivesSeen.add_(positives.to(positivesSeen.device));
        RequireBuffer(MonitorLastBatchName).copy_(statistics);
        RequireBuffer(MonitorRunningName).add_(statistics);

        if (Options.DualUpdate != DualUpdate.ProjectedAscent || !Options.TrainableDuals || _constraint is null) return;

        var signal = DualSignalOf(statistics);                                      // g, [L, K] float64
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

    /// <summary>
    /// g = (α·FN + β·FP + γ·P + δ·N) / n̄ per label (and anchor), with n̄ the expected positives max(π, 10⁻³)·W (the
    /// expected negatives for an FPR constraint), so η_λ is in the constrained rate's units on every data set. A
    /// precision constraint with the indicator signal (not PR-AUC's anchors) uses the batch's predicted positives as n̄
    /// instead (its gap p − precision), and −(1 − p) when nothing is predicted positive.
    /// </summary>
    private Tensor DualSignalOf(Tensor statistics)
    {
        int anchors = Math.Max(_state.Anchors, 1);
        var positives = statistics.narrow(1, BatchStatistics.PositivesColumn, 1);         // [L, 1]
        var weight = statistics.narrow(1, BatchStatistics.WeightColumn, 1);               // [L, 1]
        var negatives = weight - positives;
        int falseNegativesColumn = BatchStatistics.FalseNegativesColumn;
        if (DualSignalInEffect == DualSignal.Surrogate) falseNegativesColumn += 2 * anchors;
        var falseNegatives = statistics.narrow(1, falseNegativesColumn, anchors);        // [L, K]
        var falsePositives = statistics.narrow(1, falseNegativesColumn + anchors, anchors);

        var coefficients = _signalCoefficients!;
        var violation = coefficients[0].For(statistics) * falseNegatives + coefficients[1].For(statistics) * falsePositives
                        + coefficients[2].For(statistics) * positives + coefficients[3].For(statistics) * negatives;

        if (_signalNormalizer == SignalNormalizer.PredictedPositives)
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

        var priors = CurrentPriors(statistics).unsqueeze(1);                              // π, [L, 1]
        var share = _signalNormalizer == SignalNormalizer.ExpectedNegatives ? 1.0 - priors : priors;
        var expected = (share.clamp_min(DualDefaults.MinimumRate) * weight).clamp_min(1e-12);
        return violation / expected;
    }

    /// <summary>The priors [L] in float64 on the statistics' device: given, or the streaming estimate (already updated with this batch).</summary>
    private Tensor CurrentPriors(Tensor like)
    {
        if (_givenLabelPriors is not null) return _givenLabelPriors.For(like);
        var counts = RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName);
        var sums = RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName);
        return (counts / sums).to(ScalarType.Float64, like.device);
    }

    private static void ValidateDualOptions(ObjectiveOptions options, ObjectiveState state)
    {
        if (options.DualUpdate is not (DualUpdate.ProjectedAscent or DualUpdate.GradientReversal))
            throw new ArgumentOutOfRangeException(nameof(options), options.DualUpdate,
                $"ObjectiveOptions.DualUpdate = {(int)options.DualUpdate} is not a defined value; expected DualUpdate.ProjectedAscent or DualUpdate.GradientReversal.");
        if (options.DualSignal is { } signal && signal is not (DualSignal.Indicator or DualSignal.Surrogate))
            throw new ArgumentOutOfRangeException(nameof(options), signal,
                $"ObjectiveOptions.DualSignal = {(int)signal} is not a defined value; expected DualSignal.Indicator or DualSignal.Surrogate.");
        if (!double.IsFinite(options.LambdasInitialValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.LambdasInitialValue,
                $"ObjectiveOptions.LambdasInitialValue = {Number(options.LambdasInitialValue)}; expected a finite value (default 1).");
        CheckPositive(options.DualRateFactor, "DualRateFactor", "a positive, finite rate (default 0.1)");
        CheckPositive(options.DualLearningRate, "DualLearningRate", $"a positive, finite step (default {Number(DualDefaults.LearningRate)})");
        CheckPositive(options.MaxLambda, "MaxLambda", $"a positive, finite bound (default {Number(DualDefaults.MaxLambda)})");
        if (options.DualWarmupSteps is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.DualWarmupSteps,
                $"ObjectiveOptions.DualWarmupSteps = {options.DualWarmupSteps}; expected 0 or more batches (default {DualDefaults.WarmupSteps}).");
        if (options.DualWarmupPositives is { } positives && !(positives >= 0 && double.IsFinite(positives)))
            throw new ArgumentOutOfRangeException(nameof(options), positives,
                $"ObjectiveOptions.DualWarmupPositives = {Number(positives)}; expected a finite count, 0 or more (default {Number(DualDefaults.WarmupPositives)}).");

        var set = new List<string>();
        if (options.DualSignal is not null) set.Add("DualSignal");
        if (options.DualLearningRate is not null) set.Add("DualLearningRate");
        if (options.MaxLambda is not null) set.Add("MaxLambda");
        if (options.DualWarmupSteps is not null) set.Add("DualWarmupSteps");
        if (options.DualWarmupPositives is not null) set.Add("DualWarmupPositives");
        if (!state.HasDuals)
        {
            if (options.DualRateFactor is not null) set.Add("DualRateFactor");
            if (options.ReduceStatistics is not null) set.Add("ReduceStatistics");
            if (set.Count > 0)
                throw new ArgumentException(
                    $"ObjectiveOptions.{set[0]} does not apply: this objective has no Lagrange multipliers or label priors (ROC-AUC).", nameof(options));
            return;
        }
        if (options.DualUpdate == DualUpdate.GradientReversal)
        {
            if (set.Count > 0)
                throw new ArgumentException(
                    $"ObjectiveOptions.{set[0]} applies only to DualUpdate.ProjectedAscent; with DualUpdate.GradientReversal the optimizer moves λ (tune DualRateFactor instead).", nameof(options));
            return;
        }
        if (options.DualRateFactor is not null)
            throw new ArgumentException(
                "ObjectiveOptions.DualRateFactor applies only to DualUpdate.GradientReversal; with DualUpdate.ProjectedAscent (the default) the loss moves λ by DualLearningRate.", nameof(options));
        double maxLambda = options.MaxLambda ?? DualDefaults.MaxLambda;
        if (options.LambdasInitialValue < 0 || options.LambdasInitialValue > maxLambda)
            throw new ArgumentOutOfRangeException(nameof(options), options.LambdasInitialValue,
                $"ObjectiveOptions.LambdasInitialValue = {Number(options.LambdasInitialValue)}; with projected ascent λ starts inside [0, MaxLambda = {Number(maxLambda)}].");
    }

    private static void CheckPositive(double? value, string name, string expected)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
            throw new ArgumentOutOfRangeException("options", v, $"ObjectiveOptions.{name} = {Number(v)}; expected {expected}.");
    }
}
