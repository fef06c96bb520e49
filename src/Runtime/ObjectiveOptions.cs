using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Run-time options of a generated global-objective loss. Invalid values, and options that do not apply to the objective
/// or to the chosen <see cref="DualUpdate"/> mode, fail at construction with a message naming the option.
/// </summary>
public sealed class ObjectiveOptions
{
    /// <summary>
    /// How the Lagrange multipliers λ are updated (default <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>: the
    /// loss updates them itself in training-mode calls, whatever optimizer trains the model).
    /// <see cref="GlobalObjectives.DualUpdate.GradientReversal"/> is the seed's behaviour, for reproducing its numbers.
    /// </summary>
    public DualUpdate DualUpdate { get; init; } = DualUpdate.ProjectedAscent;

    /// <summary>
    /// What the projected-ascent update measures (default <see cref="GlobalObjectives.DualSignal.Indicator"/>: the
    /// constraint's true violation at logit 0). Only with <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>;
    /// null means the default.
    /// </summary>
    public DualSignal? DualSignal { get; init; }

    /// <summary>
    /// η_λ, the step of the projected-ascent update λ ← clip(λ + η_λ·g, 0, λ_max) per training batch, where g is the
    /// violation in rate units (for example target recall − recall). Positive and finite; null means
    /// <see cref="DualDefaults.LearningRate"/>. Only with <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>.
    /// </summary>
    public double? DualLearningRate { get; init; }

    /// <summary>
    /// λ_max, the upper end of the box the projected-ascent update keeps λ in. Positive and finite; null means
    /// <see cref="DualDefaults.MaxLambda"/>. Only with <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>.
    /// </summary>
    public double? MaxLambda { get; init; }

    /// <summary>
    /// Warm-up of the projected-ascent update: λ stays at its initial value until this many training batches have been
    /// seen. At least 0; null means <see cref="DualDefaults.WarmupSteps"/>. Only with
    /// <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>.
    /// </summary>
    public int? DualWarmupSteps { get; init; }

    /// <summary>
    /// Warm-up of the projected-ascent update, per label: λ_l stays at its initial value until label l has seen this
    /// weighted number of positives in training batches, so that the measured rates mean something. At least 0 and
    /// finite; null means <see cref="DualDefaults.WarmupPositives"/>. Only with
    /// <see cref="GlobalObjectives.DualUpdate.ProjectedAscent"/>.
    /// </summary>
    public double? DualWarmupPositives { get; init; }

    /// <summary>
    /// Data-parallel hook: receives the per-batch statistics that drive the label priors and the dual update (a float64
    /// [L, C] tensor of sums over this worker's batch, see <see cref="BatchStatistics"/>) before any state changes, and
    /// returns the statistics to use: wire it to an all-reduce that sums over the workers, so every worker's priors and
    /// λ take the same step as one worker on the whole batch would. Must return a tensor of the same shape. Null (the
    /// default) uses this batch alone. Not for objectives without priors or duals (ROC-AUC).
    /// </summary>
    public Func<Tensor, Tensor>? ReduceStatistics { get; init; }

    /// <summary>
    /// r, <see cref="GlobalObjectives.DualUpdate.GradientReversal"/> only: the dual variables' gradient is reversed and
    /// scaled by r, so λ moves r times as fast as the model (seed default 0.1). Positive and finite; null means 0.1.
    /// </summary>
    public double? DualRateFactor { get; init; }

    /// <summary>Overrides the <c>[Surrogate]</c> attribute; null keeps the attribute's (default <see cref="SurrogateType.Xent"/>).</summary>
    public SurrogateType? Surrogate { get; init; }

    /// <summary>
    /// Initial λ (seed default 1.0). With <see cref="GlobalObjectives.DualUpdate.GradientReversal"/> it is the raw variable
    /// v (λ = |v|), and 0 freezes it (d|v|/dv = 0 at 0); with projected ascent it must lie in [0, λ_max].
    /// </summary>
    public double LambdasInitialValue { get; init; } = 1.0;

    /// <summary>
    /// Fixed label priors π, [L] (or a scalar or [1] when L = 1), each strictly inside (0, 1); read once, at
    /// construction (later writes into the tensor do not reach the loss). Null (the default) estimates
    /// them from the training batches (<see cref="GlobalObjectives.LabelPriors"/>). Given priors must be
    /// weight-aware: π = P / (P + N) with P and N the weight sums of positives and negatives.
    /// </summary>
    public Tensor? LabelPriors { get; init; }

    /// <summary>
    /// Per-label override of the constraint target, length L, each in [0, 1]. Null uses the target declared in
    /// <c>[Constraint]</c> for every label. Only for objectives with exactly one constraint (with several it is ambiguous:
    /// use <see cref="TargetOverrides"/>); not valid for PR-AUC and ROC-AUC objectives. Copied at construction.
    /// </summary>
    public double[]? Targets { get; init; }

    /// <summary>
    /// Overrides of declared constraint targets, each chosen by position (<see cref="TargetOverride.ForConstraint"/>) or
    /// by metric (<see cref="TargetOverride.ForMetric"/>), with one value for every label or one per label, in the declared
    /// metric's terms. Constraints without an override keep their declared target. At most one override per constraint;
    /// not together with <see cref="Targets"/>; only for objectives built with <c>ObjectiveState.RateConstraints</c> that
    /// declare a constraint. Checked and copied at construction; a failure names <c>TargetOverrides[i]</c> and the
    /// constraint as declared.
    /// </summary>
    public IReadOnlyList<TargetOverride>? TargetOverrides { get; init; }

    /// <summary>
    /// ρ, the smoothing of an Fβ objective's level q: each training batch's counts at logit 0 (TP, FP, P) enter the
    /// decayed counts as counts ← (1 − ρ)·counts + ρ·batch, and q = (1 + β²)·TP / (β²·P + TP + FP) on them. In (0, 1]
    /// (1: the last batch alone); null means <see cref="DualDefaults.FScoreLevelSmoothing"/>. Only for objectives that
    /// maximize FScore.
    /// </summary>
    public double? FScoreLevelSmoothing { get; init; }

    /// <summary>Whether the dual variables are updated (true, the default) or fixed at their initial value, in either <see cref="DualUpdate"/> mode.</summary>
    public bool TrainableDuals { get; init; } = true;

    /// <summary>How <c>forward</c> reduces the element-wise loss (default <see cref="nn.Reduction.Mean"/>, like BCEWithLogitsLoss).</summary>
    public nn.Reduction Reduction { get; init; } = nn.Reduction.Mean;

    /// <summary>
    /// Whether every call checks its inputs' values: finite logits, labels in [0, 1] (no NaN), finite non-negative
    /// weights. A failed check throws an <see cref="ArgumentException"/> naming the argument and what was seen, before
    /// any state (label priors, duals) changes. On by default: a NaN or infinite logit would otherwise flow into the
    /// dual variables' gradient and, after one optimizer step, corrupt them for good. Turned off, non-finite values
    /// propagate into the loss as they do in <c>BCEWithLogitsLoss</c> (a NaN logit also makes that batch's statistics,
    /// hence the monitor and a projected-ascent λ, NaN), and the few device synchronizations per call are
    /// saved. Shape checks always run.
    /// </summary>
    public bool ValidateInputs { get; init; } = true;
}
