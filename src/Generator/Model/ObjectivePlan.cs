using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Model;

/// <summary>An affine function a + b·t of a constraint target t (a coefficient of the Lagrangian).</summary>
/// <param name="Constant">a.</param>
/// <param name="Slope">b.</param>
public sealed record Affine(double Constant, double Slope)
{
    /// <summary>0.</summary>
    public static Affine Zero { get; } = new(0, 0);

    /// <summary>1.</summary>
    public static Affine One { get; } = new(1, 0);

    /// <summary>t.</summary>
    public static Affine Target { get; } = new(0, 1);

    /// <summary>1 − t.</summary>
    public static Affine OneMinusTarget { get; } = new(1, -1);

    /// <summary>Whether the function is identically 0.</summary>
    public bool IsZero => Constant == 0 && Slope == 0;

    /// <summary>The value at <paramref name="target"/>.</summary>
    public double At(double target) => Constant + Slope * target;

    /// <summary>−(a + b·t).</summary>
    public Affine Negate() => new(0.0 - Constant, 0.0 - Slope); // 0.0 − x, not −x: no negative zero in the generated literals
}

/// <summary>Where a constraint's targets come from.</summary>
public enum TargetSource
{
    /// <summary>The declared target, one value per label (overridable by <c>ObjectiveOptions.Targets</c>).</summary>
    DeclaredPerLabel,

    /// <summary>The PR-AUC anchor precisions P_k, one value per anchor, computed at generation time.</summary>
    Anchors,
}

/// <summary>
/// One Lagrangian term λ_j·g_j of a constraint, written as its contributions to the element-wise loss
/// w·S(y, x; c, d) + λ·m2·(γ·π + δ·(1 − π)): c gains λ·α, d gains λ·β.
/// </summary>
/// <param name="Constraint">The constraint (for PR-AUC: Precision ≥ P_k, with <see cref="ConstraintSpec.Target"/> unused).</param>
/// <param name="Source">Where the targets come from.</param>
/// <param name="Alpha">α(t): λ·α is added to the positive weight c.</param>
/// <param name="Beta">β(t): λ·β is added to the negative weight d.</param>
/// <param name="Gamma">γ(t): λ·γ·π·m2 is added to every element.</param>
/// <param name="Delta">δ(t): λ·δ·(1 − π)·m2 is added to every element.</param>
public sealed record ConstraintTerm(ConstraintSpec Constraint, TargetSource Source, Affine Alpha, Affine Beta, Affine Gamma, Affine Delta);

/// <summary>The shape of the generated computation.</summary>
public enum PlanKind
{
    /// <summary>Element-wise rate-at-rate Lagrangian on [B, L].</summary>
    RateConstraints,

    /// <summary>The rate-at-rate Lagrangian per anchor on [B, L, K] with biases, averaged over anchors.</summary>
    AnchoredPrecisionRecallAuc,

    /// <summary>The pairwise ROC-AUC surrogate (computed in row blocks by the runtime's <c>PairwiseRocAuc</c>); no duals or priors.</summary>
    PairwiseRocAuc,

    /// <summary>Partial ROC-AUC: TPR at FPR ≤ f_k per anchor on [B, L, K] with biases, averaged over anchors.</summary>
    AnchoredPartialRocAuc,
}

/// <summary>Helpers over <see cref="PlanKind"/>.</summary>
public static class PlanKindExtensions
{
    /// <summary>Whether the plan has K anchors with per-anchor biases and duals ([B, L, K]).</summary>
    public static bool IsAnchored(this PlanKind kind) => kind is PlanKind.AnchoredPrecisionRecallAuc or PlanKind.AnchoredPartialRocAuc;
}

/// <summary>A compiled objective: the Lagrangian terms the emitter writes out.</summary>
/// <param name="Spec">The declaration.</param>
/// <param name="Kind">The computation shape.</param>
/// <param name="PositiveWeightBase">c0, the objective's own weight on positives (1 for maximizing recall).</param>
/// <param name="NegativeWeightBase">d0, the objective's own weight on negatives (1 for maximizing precision or minimizing FPR).</param>
/// <param name="Terms">One term per dual variable.</param>
/// <param name="AnchorPrecisions">Anchored plans: the anchor targets (PR-AUC: precisions P_k; partial ROC-AUC: FPRs f_k), the interior points of linspace(lo, hi, K + 2); empty otherwise.</param>
/// <param name="FScoreBeta">
/// β when the objective is Fβ, maximized by Dinkelbach steps: c0 = 1 + β² − q and d0 = q with q the per-label level the
/// runtime tracks (<see cref="PositiveWeightBase"/> and <see cref="NegativeWeightBase"/> are then 1 + β² and 0); null otherwise.
/// </param>
public sealed record ObjectivePlan(
    ObjectiveSpec Spec,
    PlanKind Kind,
    double PositiveWeightBase,
    double NegativeWeightBase,
    EquatableArray<ConstraintTerm> Terms,
    EquatableArray<double> AnchorPrecisions,
    double? FScoreBeta = null);
