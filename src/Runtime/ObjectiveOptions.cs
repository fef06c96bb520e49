using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>Run-time options of a generated global-objective loss. Every property has the seed's default.</summary>
public sealed class ObjectiveOptions
{
    /// <summary>
    /// r: the dual variables' gradient is reversed and scaled by r, so λ moves r times as fast as the model
    /// (seed default 0.1). Below 1 enforces constraints more gradually and more stably. Must be positive and finite.
    /// </summary>
    public double DualRateFactor { get; init; } = 0.1;

    /// <summary>Overrides the <c>[Surrogate]</c> attribute; null keeps the attribute's (default <see cref="SurrogateType.Xent"/>).</summary>
    public SurrogateType? Surrogate { get; init; }

    /// <summary>Initial value of the raw dual variables v (seed default 1.0). 0 freezes them: d|v|/dv = 0 at 0.</summary>
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
    /// <c>[Constraint]</c> for every label. Not valid for PR-AUC and ROC-AUC objectives. Copied at construction.
    /// </summary>
    public double[]? Targets { get; init; }

    /// <summary>Whether the dual variables are trained (true, the default) or fixed at their initial value.</summary>
    public bool TrainableDuals { get; init; } = true;

    /// <summary>How <c>forward</c> reduces the element-wise loss (default <see cref="nn.Reduction.Mean"/>, like BCEWithLogitsLoss).</summary>
    public nn.Reduction Reduction { get; init; } = nn.Reduction.Mean;

    /// <summary>
    /// Whether every call checks its inputs' values: finite logits, labels in [0, 1] (no NaN), finite non-negative
    /// weights. A failed check throws an <see cref="ArgumentException"/> naming the argument and what was seen, before
    /// any state (label priors, duals) changes. On by default: a NaN or infinite logit would otherwise flow into the
    /// dual variables' gradient and, after one optimizer step, corrupt them for good. Turned off, non-finite values
    /// propagate into the loss as they do in <c>BCEWithLogitsLoss</c>, and the few device synchronizations per call are
    /// saved. Shape checks always run.
    /// </summary>
    public bool ValidateInputs { get; init; } = true;
}
