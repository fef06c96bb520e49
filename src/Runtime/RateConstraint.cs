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
    public RateConstraint(Metric metric, ConstraintDirection direction, double[] targets, CountCoefficients coefficients)
    {
        Metric = metric;
        Direction = direction;
        Targets = (double[])targets.Clone();
        Coefficients = coefficients;
        Alpha = Array.ConvertAll(Targets, coefficients.FalseNegatives.At);
        Beta = Array.ConvertAll(Targets, coefficients.FalsePositives.At);
        Gamma = Array.ConvertAll(Targets, coefficients.Positives.At);
        Delta = Array.ConvertAll(Targets, coefficients.Negatives.At);
    }

    public Metric Metric { get; }

    public ConstraintDirection Direction { get; }

    /// <summary>Per label ([L]) for the rate families, per anchor ([K]) for PR-AUC.</summary>
    public double[] Targets { get; }

    public CountCoefficients Coefficients { get; }

    public double[] Alpha { get; }

    public double[] Beta { get; }

    public double[] Gamma { get; }

    public double[] Delta { get; }
}
