namespace GlobalObjectives;

/// <summary>Which way a constraint bounds its metric.</summary>
public enum ConstraintDirection
{
    /// <summary>metric ≥ target.</summary>
    AtLeast = 0,

    /// <summary>metric ≤ target.</summary>
    AtMost = 1,
}

/// <summary>An affine function a + b·t of a constraint target t.</summary>
/// <param name="Constant">a.</param>
/// <param name="Slope">b.</param>
public readonly record struct TargetFunction(double Constant, double Slope)
{
    /// <summary>The value at <paramref name="target"/>.</summary>
    public double At(double target) => Constant + Slope * target;
}

/// <summary>
/// A constraint written linearly in the batch counts, g = α·FN + β·FP + γ·P + δ·N ≤ 0 (g &gt; 0 means violated), with
/// each coefficient an affine function of the target t. These are the Lagrangian's own coefficients (the generated
/// loss adds λ·α to the positive surrogate weight, λ·β to the negative one, and λ·m2·(γ·π + δ·(1 − π)) to every
/// element), so the dual update measures exactly the constraint the Lagrangian relaxes: precision ≥ p is
/// (1 − p)·FN + p·FP − (1 − p)·P = p·FP − (1 − p)·TP, recall ≥ r is FN − (1 − r)·P = r·P − TP, FPR ≤ f is FP − f·N.
/// </summary>
/// <param name="FalseNegatives">α(t).</param>
/// <param name="FalsePositives">β(t).</param>
/// <param name="Positives">γ(t).</param>
/// <param name="Negatives">δ(t).</param>
public readonly record struct CountCoefficients(TargetFunction FalseNegatives, TargetFunction FalsePositives, TargetFunction Positives, TargetFunction Negatives);

/// <summary>One declared constraint of a generated loss, as the dual update and the training monitor see it.</summary>
internal sealed class RateConstraint
{
    public RateConstraint(Metric metric, ConstraintDirection direction, double[] targets, CountCoefficients coefficients, double fScoreBeta)
    {
        Metric = metric;
        Direction = direction;
        FScoreBeta = fScoreBeta;
        Targets = (double[])targets.Clone();
        Coefficients = coefficients;
        Alpha = Array.ConvertAll(Targets, coefficients.FalseNegatives.At);
        Beta = Array.ConvertAll(Targets, coefficients.FalsePositives.At);
        Gamma = Array.ConvertAll(Targets, coefficients.Positives.At);
        Delta = Array.ConvertAll(Targets, coefficients.Negatives.At);
    }

    public Metric Metric { get; }

    public ConstraintDirection Direction { get; }

    /// <summary>β of an FScore constraint (1 for other metrics).</summary>
    public double FScoreBeta { get; }

    /// <summary>Per label ([L]) for the rate families, per anchor ([K]) for PR-AUC.</summary>
    public double[] Targets { get; }

    public CountCoefficients Coefficients { get; }

    public double[] Alpha { get; }

    public double[] Beta { get; }

    public double[] Gamma { get; }

    public double[] Delta { get; }

    /// <summary>The count the dual signal's violation is divided by (set once, when declared).</summary>
    public SignalNormalizer Normalizer { get; init; }

    /// <summary>α, β, γ, δ as constants [L, 1] (rate constraints) or [1, K] (anchors), for the dual signal.</summary>
    public TensorConstant[] SignalCoefficients { get; init; } = [];
}

/// <summary>The count a constraint's violation is divided by so that η_λ is in that constraint's rate units (docs/dual-updates.md).</summary>
internal enum SignalNormalizer
{
    /// <summary>max(π, 10⁻³)·W: recall/TPR, FNR, and the count form (PR-AUC anchors, the surrogate signal) of precision.</summary>
    ExpectedPositives,

    /// <summary>max(1 − π, 10⁻³)·W: FPR, TNR/specificity, FPR anchors, and the count form of NPV.</summary>
    ExpectedNegatives,

    /// <summary>The batch's TP + FP (precision, indicator signal): the signal is the gap p − precision.</summary>
    PredictedPositives,

    /// <summary>The batch's TN + FN (NPV, indicator signal): the signal is the gap v − NPV.</summary>
    PredictedNegatives,

    /// <summary>W (accuracy): the signal is the gap a − accuracy.</summary>
    Weight,

    /// <summary>β²·max(π, 10⁻³)·W + TP + FP (Fβ): the signal is about the gap q − Fβ.</summary>
    FScore,
}
