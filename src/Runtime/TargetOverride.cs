namespace GlobalObjectives;

/// <summary>
/// A run-time override of one declared constraint's target (<see cref="ObjectiveOptions.TargetOverrides"/>), chosen by
/// the constraint's position in declaration order or by its metric. The values are in the DECLARED metric's terms: an
/// override of <c>[Constraint(FalseNegativeRate, "&lt;=", 0.1)]</c> is a false-negative rate, not a recall. Either one
/// value (every label) or one value per label, each in [0, 1]; they are checked when the loss is built, with a message
/// naming <c>ObjectiveOptions.TargetOverrides[i]</c> and the constraint.
/// </summary>
public sealed class TargetOverride
{
    private readonly double[] _targets;

    private TargetOverride(int? position, Metric? metric, double[] targets)
    {
        Position = position;
        Metric = metric;
        _targets = (double[])targets.Clone();
    }

    /// <summary>The position of the overridden constraint in declaration order (0 is the first <c>[Constraint]</c>), or null when chosen by metric.</summary>
    public int? Position { get; }

    /// <summary>The metric of the overridden constraint, or null when chosen by position. Aliases match each other (Recall and TruePositiveRate, TrueNegativeRate and Specificity); complements do not.</summary>
    public Metric? Metric { get; }

    /// <summary>One target for every label, or one per label (a copy of the values given).</summary>
    public IReadOnlyList<double> Targets => _targets;

    /// <summary>Overrides the target of the constraint at <paramref name="position"/> in declaration order.</summary>
    /// <param name="position">0 for the first declared <c>[Constraint]</c>, 1 for the second, and so on.</param>
    /// <param name="targets">One target (every label) or one per label, in the declared metric's terms; copied.</param>
    public static TargetOverride ForConstraint(int position, params double[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new TargetOverride(position, null, targets);
    }

    /// <summary>
    /// Overrides the target of the one constraint on <paramref name="metric"/> (aliases fold; an objective that constrains
    /// the metric more than once needs <see cref="ForConstraint"/>).
    /// </summary>
    /// <param name="metric">The constrained metric, as declared or through its alias.</param>
    /// <param name="targets">One target (every label) or one per label, in the declared metric's terms; copied.</param>
    public static TargetOverride ForMetric(Metric metric, params double[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new TargetOverride(null, metric, targets);
    }

    /// <summary>"ForConstraint(1, 0.9)" or "ForMetric(Precision, 0.9, 0.8)".</summary>
    public override string ToString()
        => (Position is { } p ? $"ForConstraint({p}" : $"ForMetric({Metric}")
           + (_targets.Length > 0 ? ", " + string.Join(", ", _targets.Select(MessageText.Number)) : "") + ")";

    /// <summary>The values themselves (no copy), for the loss's validation.</summary>
    internal double[] Values => _targets;
}
