namespace GlobalObjectives;

/// <summary>What module state a generated objective needs; generated constructors pass it to <see cref="GlobalObjectiveLoss"/>.</summary>
/// <param name="HasDuals">Whether there are dual variables <c>lambdas</c>: [L], or [1, L, K] with anchors.</param>
/// <param name="Anchors">K, the number of anchors (PR-AUC), or 0: duals and biases are then [1, L, K].</param>
/// <param name="HasBiases">Whether there are per-anchor logit offsets <c>biases</c>, [1, L, K] (PR-AUC).</param>
/// <param name="UsesLabelPriors">Whether the Lagrangian uses label priors π (streaming unless given in the options).</param>
/// <param name="HasTargets">Whether the objective has a constraint target that <see cref="ObjectiveOptions.Targets"/> may override.</param>
public sealed record ObjectiveState(bool HasDuals, int Anchors, bool HasBiases, bool UsesLabelPriors, bool HasTargets)
{
    /// <summary>No state: ROC-AUC.</summary>
    public static ObjectiveState None { get; } = new(false, 0, false, false, false);

    /// <summary>One dual per label, label priors and a target: the rate-at-rate families.</summary>
    public static ObjectiveState SingleConstraint { get; } = new(true, 0, false, true, true);

    /// <summary>PR-AUC with <paramref name="anchors"/> anchors: duals and biases [1, L, K] and label priors.</summary>
    public static ObjectiveState PrecisionRecallAuc(int anchors) => new(true, anchors, true, true, false);
}
