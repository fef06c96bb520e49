namespace GlobalObjectives;

/// <summary>What module state a generated objective needs; generated constructors pass it to <see cref="GlobalObjectiveLoss"/>.</summary>
/// <param name="HasDuals">Whether there are dual variables <c>lambdas</c>: [L] (one constraint), [L, J] (J ≥ 2 constraints), or [1, L, K] with anchors.</param>
/// <param name="Anchors">K, the number of anchors (PR-AUC, partial ROC-AUC), or 0: duals and biases are then [1, L, K].</param>
/// <param name="HasBiases">Whether there are per-anchor logit offsets <c>biases</c>, [1, L, K] (anchored plans).</param>
/// <param name="UsesLabelPriors">Whether the Lagrangian uses label priors π (streaming unless given in the options).</param>
/// <param name="HasTargets">Whether the objective has constraint targets that <see cref="ObjectiveOptions.Targets"/> or <see cref="ObjectiveOptions.TargetOverrides"/> may override.</param>
/// <remarks>
/// <see cref="Constraints"/> lists the declared constraints of <see cref="RateConstraints"/> plans only. It is empty for
/// ROC-AUC and for anchored plans (whose one anchor constraint, per anchor, is declared by <c>DeclareConstraint</c> with K
/// targets). Without anchors, duals, targets and constraint slots go together.
/// </remarks>
public sealed record ObjectiveState(bool HasDuals, int Anchors, bool HasBiases, bool UsesLabelPriors, bool HasTargets)
{
    /// <summary>No state: ROC-AUC.</summary>
    public static ObjectiveState None { get; } = new(false, 0, false, false, false);

    /// <summary>The declared constraints in declaration order (J = <c>Constraints.Count</c>); empty unless built by <see cref="RateConstraints"/>.</summary>
    public IReadOnlyList<ConstraintSlot> Constraints { get; init; } = [];

    /// <summary>β when the objective maximizes Fβ (Dinkelbach level q, see <c>GlobalObjectiveLoss.FScoreLevel</c>); null otherwise.</summary>
    public double? FScoreBeta { get; init; }

    /// <summary>
    /// An anchored plan with <paramref name="anchors"/> anchors, each with its own λ_k and bias b_k ([1, L, K]) and label
    /// priors: PR-AUC (anchor constraint precision ≥ P_k) and partial ROC-AUC (anchor constraint FPR ≤ f_k).
    /// </summary>
    public static ObjectiveState Anchored(int anchors) => new(true, anchors, true, true, false);

    /// <summary>
    /// A rate objective with J = <paramref name="constraints"/>.Length constraints (J ≥ 0): one dual per label and
    /// constraint (<c>lambdas</c> [L] when J = 1, the layout of earlier checkpoints; [L, J] when J ≥ 2, column j
    /// for constraint j), targets that the options may override, no anchors or biases. With J = 0 there are no multipliers:
    /// an Fβ objective (<paramref name="fScoreBeta"/> set) then still has a monitor and a level q; maximizing accuracy alone
    /// has no state at all (it is the plain weighted surrogate).
    /// </summary>
    /// <param name="usesLabelPriors">Whether the Lagrangian uses label priors π.</param>
    /// <param name="fScoreBeta">β when the objective maximizes Fβ; null otherwise.</param>
    /// <param name="constraints">The declared constraints, in declaration order; copied.</param>
    /// <exception cref="ArgumentException">A null slot, or a slot on an area metric.</exception>
    /// <exception cref="ArgumentOutOfRangeException">β, a target or a direction is out of range.</exception>
    public static ObjectiveState RateConstraints(bool usesLabelPriors, double? fScoreBeta, params ConstraintSlot[] constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        if (fScoreBeta is { } beta && !MetricFacts.IsValidBeta(beta))
            throw new ArgumentOutOfRangeException(nameof(fScoreBeta), beta, $"fScoreBeta = {MessageText.Number(beta)}; expected a positive, finite β.");
        var slots = (ConstraintSlot[])constraints.Clone();
        for (int j = 0; j < slots.Length; j++)
        {
            var slot = slots[j] ?? throw new ArgumentException($"constraints[{j}] is null; expected a ConstraintSlot.", nameof(constraints));
            if (!MetricFacts.IsRate(slot.Metric))
                throw new ArgumentException(
                    $"constraints[{j}] constrains {slot.Metric}; expected a metric with a value at one threshold (not PrAuc or RocAuc).", nameof(constraints));
            if (slot.Direction is not (ConstraintDirection.AtLeast or ConstraintDirection.AtMost))
                throw new ArgumentOutOfRangeException(nameof(constraints), slot.Direction, $"constraints[{j}].Direction = {(int)slot.Direction} is not a defined ConstraintDirection.");
            if (!(slot.DeclaredTarget >= 0 && slot.DeclaredTarget <= 1))
                throw new ArgumentOutOfRangeException(nameof(constraints), slot.DeclaredTarget,
                    $"constraints[{j}].DeclaredTarget = {MessageText.Number(slot.DeclaredTarget)}; expected a target in [0, 1].");
            if (!MetricFacts.IsValidBeta(slot.Beta))
                throw new ArgumentOutOfRangeException(nameof(constraints), slot.Beta, $"constraints[{j}].Beta = {MessageText.Number(slot.Beta)}; expected a positive, finite β.");
        }
        bool hasConstraints = slots.Length > 0;
        return new ObjectiveState(hasConstraints, 0, false, usesLabelPriors, hasConstraints) { Constraints = slots, FScoreBeta = fScoreBeta };
    }

    /// <summary>J, the number of constraints with a dual per label: the slots (0 without duals), or 1 for anchored plans (the anchor constraint).</summary>
    internal int ConstraintCount => Anchors > 0 ? 1 : Constraints.Count;

    /// <summary>Whether the loss gathers batch statistics and keeps a monitor: with duals, or with an Fβ objective.</summary>
    internal bool HasMonitor => HasDuals || FScoreBeta is not null;

    /// <summary>Value equality, the constraint list compared element by element.</summary>
    public bool Equals(ObjectiveState? other)
        => other is not null && HasDuals == other.HasDuals && Anchors == other.Anchors && HasBiases == other.HasBiases
           && UsesLabelPriors == other.UsesLabelPriors && HasTargets == other.HasTargets && FScoreBeta == other.FScoreBeta
           && Constraints.SequenceEqual(other.Constraints);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HasDuals);
        hash.Add(Anchors);
        hash.Add(HasBiases);
        hash.Add(UsesLabelPriors);
        hash.Add(HasTargets);
        hash.Add(FScoreBeta);
        foreach (var slot in Constraints) hash.Add(slot);
        return hash.ToHashCode();
    }

    /// <summary>Throws when a hand-built state is inconsistent (the factories never are).</summary>
    internal void Validate()
    {
        if (Anchors < 0)
            throw new ArgumentOutOfRangeException("state", Anchors, $"ObjectiveState.Anchors = {Anchors}; expected 0 or more.");
        if (Anchors > 0 && !HasDuals || HasBiases && Anchors == 0)
            throw new ArgumentException("ObjectiveState: anchors need duals, and biases need anchors.", "state");
        bool hasSlots = Constraints.Count > 0;
        if (Anchors > 0 ? hasSlots || HasTargets : HasDuals != hasSlots || HasTargets != hasSlots)
            throw new ArgumentException(
                "ObjectiveState: without anchors, duals and targets come with constraint slots (build it with ObjectiveState.RateConstraints); " +
                "anchored plans have neither slots nor targets (ObjectiveState.Anchored).", "state");
        if (FScoreBeta is { } beta && (!MetricFacts.IsValidBeta(beta) || Anchors > 0))
            throw new ArgumentException($"ObjectiveState.FScoreBeta = {MessageText.Number(beta)}; expected a positive, finite β on a plan without anchors.", "state");
    }
}
