using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>The result of <see cref="GlobalObjectiveLoss.Compute"/>: the element-wise loss and the seed's other outputs.</summary>
/// <param name="Loss">The element-wise loss, shaped like the logits ([B] or [B, L]); reduce it with mean or sum.</param>
/// <param name="Lambdas">
/// The effective Lagrange multipliers λ = |v| (detached): [L] (one constraint), [L, J] (J constraints, in declaration
/// order), or [1, L, K] for anchored plans; null for ROC-AUC and Fβ objectives without constraints.
/// The seed returned the raw variable v instead; read the variable itself from the module's <c>lambdas</c> parameter.
/// </param>
/// <param name="Biases">PR-AUC's per-anchor logit offsets [1, L, K] (detached); null otherwise.</param>
/// <param name="LabelPriors">The priors π used for this batch: [L], or [1, L, 1] for PR-AUC; null for ROC-AUC.</param>
/// <param name="TruePositivesLowerBound">TP_lb per label ([L], or [L, 1] for PR-AUC, computed without biases as in the seed); null for ROC-AUC.</param>
/// <param name="FalsePositivesUpperBound">FP_ub per label, shaped like <paramref name="TruePositivesLowerBound"/>; null for ROC-AUC.</param>
public sealed record ObjectiveOutput(
    Tensor Loss,
    Tensor? Lambdas,
    Tensor? Biases,
    Tensor? LabelPriors,
    Tensor? TruePositivesLowerBound,
    Tensor? FalsePositivesUpperBound);
