namespace GlobalObjectives;

/// <summary>How a generated loss updates its Lagrange multipliers λ (<see cref="ObjectiveOptions.DualUpdate"/>).</summary>
public enum DualUpdate
{
    /// <summary>
    /// The default. λ is a buffer (not a parameter: <c>loss.parameters()</c> does not hold it) that the loss updates itself
    /// in every training-mode call, after the primal loss has been computed and outside the autograd graph:
    /// λ ← clip(λ + η_λ·g, 0, λ_max), with g the constraint's violation on the batch in rate units
    /// (<see cref="ObjectiveOptions.DualSignal"/>). λ's trajectory depends only on the batches seen, never on the
    /// optimizer that trains the model (SGD, momentum, Adam, AdamW and RMSprop alike).
    /// </summary>
    ProjectedAscent = 0,

    /// <summary>
    /// The seed's behaviour, bit for bit: <c>lambdas</c> is a parameter v, λ = |v|, and its gradient is reversed inside
    /// the loss and scaled by <see cref="ObjectiveOptions.DualRateFactor"/>, so the optimizer that minimizes the loss
    /// ascends on λ. Pass <c>loss.parameters()</c> to the optimizer. Sound with plain SGD only: an adaptive optimizer
    /// (Adam, RMSprop) normalizes λ's step, so λ moves by about the learning rate per step whatever the violation.
    /// </summary>
    GradientReversal = 1,
}

/// <summary>What the projected-ascent update measures on each batch (<see cref="ObjectiveOptions.DualSignal"/>).</summary>
public enum DualSignal
{
    /// <summary>
    /// The default: the constraint's true violation at logit 0 (0/1 indicators; PR-AUC: at the anchor's logit x + b_k),
    /// so λ stops rising once the constraint itself holds, not only its loose surrogate bound.
    /// </summary>
    Indicator = 0,

    /// <summary>
    /// The violation of the surrogate bounds (TP_lb and FP_ub), the seed's dual gradient rescaled to rate units: the
    /// seed's fixed point with an optimizer-independent update. The bound is loose, so the true constraint ends
    /// over-satisfied.
    /// </summary>
    Surrogate = 1,
}

/// <summary>Defaults of the projected-ascent dual update; docs/dual-updates.md has the measurements behind them.</summary>
public static class DualDefaults
{
    /// <summary>η_λ, the step per training batch in rate units.</summary>
    public const double LearningRate = 0.1;

    /// <summary>λ_max, the upper end of λ's box.</summary>
    public const double MaxLambda = 100.0;

    /// <summary>Training batches before the first update.</summary>
    public const int WarmupSteps = 0;

    /// <summary>Weighted positives a label must have seen before its first update.</summary>
    public const double WarmupPositives = 50.0;

    /// <summary>The floor of the expected counts that normalize the signal, as a fraction of the batch weight.</summary>
    public const double MinimumRate = 1e-3;

    /// <summary>ρ, the weight of each training batch in an Fβ objective's decayed counts (<see cref="ObjectiveOptions.FScoreLevelSmoothing"/>).</summary>
    public const double FScoreLevelSmoothing = 0.05;
}
