using GlobalObjectives.Runtime.Tests.Support;

namespace GlobalObjectives.Runtime.Tests;

/// <summary><see cref="ObjectiveOptions.TargetOverrides"/> and <see cref="ObjectiveOptions.Targets"/> with constraint slots: resolution and every validation path.</summary>
public sealed class TargetOverrideTests
{
    private static readonly ConstraintSlot Precision90 = new(Metric.Precision, ConstraintDirection.AtLeast, 0.9);
    private static readonly ConstraintSlot Recall50 = new(Metric.Recall, ConstraintDirection.AtLeast, 0.5);
    private static readonly ConstraintSlot Tnr80 = new(Metric.TrueNegativeRate, ConstraintDirection.AtLeast, 0.8);
    private static readonly ConstraintSlot Fnr10 = new(Metric.FalseNegativeRate, ConstraintDirection.AtMost, 0.1);

    private static ObjectiveState Three => ObjectiveState.RateConstraints(true, null, Precision90, Recall50, Tnr80);

    private static ConstraintProbe Build(ObjectiveState state, int numLabels = 2, params TargetOverride[] overrides)
        => new(numLabels, new ObjectiveOptions { TargetOverrides = overrides }, state);

    private static TException Fails<TException>(ObjectiveState state, int numLabels, ObjectiveOptions options) where TException : ArgumentException
    {
        var error = Assert.Throws<TException>(() => new ConstraintProbe(numLabels, options, state));
        Assert.Equal("options", error.ParamName);
        return error;
    }

    private static void Contains(string expected, Exception error) => Assert.Contains(expected, error.Message, StringComparison.Ordinal);

    [Fact]
    public void WithoutOverridesEveryConstraintKeepsItsDeclaredTarget()
    {
        using var loss = new ConstraintProbe(2, null, Three);
        Assert.Equal([0.9, 0.9], loss.Targets(0));
        Assert.Equal([0.5, 0.5], loss.Targets(1));
        Assert.Equal([0.8, 0.8], loss.Targets(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.Targets(3));
    }

    [Fact]
    public void OverridesByPositionAndByMetricWithOneOrPerLabelValues()
    {
        using var loss = Build(Three, 2,
            TargetOverride.ForConstraint(2, 0.7),
            TargetOverride.ForMetric(Metric.TruePositiveRate, 0.4, 0.6));   // TPR is Recall's alias
        Assert.Equal([0.9, 0.9], loss.Targets(0));
        Assert.Equal([0.4, 0.6], loss.Targets(1));
        Assert.Equal([0.7, 0.7], loss.Targets(2));
        // The resolved targets are what was declared to the dual update and the monitor.
        Assert.Equal([0.4, 0.6], loss.Resolved[1]);

        using var bySpecificity = Build(Three, 1, TargetOverride.ForMetric(Metric.Specificity, 0.95));
        Assert.Equal([0.95], bySpecificity.Targets(2));

        // An FNR override is an FNR (the declared metric's terms), not a recall.
        using var fnr = Build(ObjectiveState.RateConstraints(true, null, Precision90, Fnr10), 1, TargetOverride.ForMetric(Metric.FalseNegativeRate, 0.25));
        Assert.Equal([0.25], fnr.Targets(1));
    }

    [Fact]
    public void OverrideValuesAreCopiedAtConstruction()
    {
        double[] values = [0.3, 0.4];
        var entry = TargetOverride.ForConstraint(0, values);
        values[0] = 0.99;
        var overrides = new List<TargetOverride> { entry };
        using var loss = new ConstraintProbe(2, new ObjectiveOptions { TargetOverrides = overrides }, Three);
        overrides.Add(TargetOverride.ForConstraint(1, 0.1));
        Assert.Equal([0.3, 0.4], loss.Targets(0));
        Assert.Equal([0.5, 0.5], loss.Targets(1));
        var first = loss.Targets(0);
        first[0] = 0.0;
        Assert.Equal([0.3, 0.4], loss.Targets(0));
    }

    [Fact]
    public void TargetsStillOverridesTheOneConstraint()
    {
        using var loss = new ConstraintProbe(2, new ObjectiveOptions { Targets = [0.6, 0.7] }, ObjectiveState.RateConstraints(true, null, Precision90));
        Assert.Equal([0.6, 0.7], loss.Targets(0));
    }

    [Fact]
    public void TargetsIsAmbiguousWithSeveralConstraints()
    {
        var error = Fails<ArgumentException>(Three, 2, new ObjectiveOptions { Targets = [0.6, 0.7] });
        Contains("ObjectiveOptions.Targets is ambiguous: this objective declares 3 constraints", error);
        Contains("0 [Constraint(Precision, \">=\", 0.9)], 1 [Constraint(Recall, \">=\", 0.5)], 2 [Constraint(TrueNegativeRate, \">=\", 0.8)]", error);
        Contains("TargetOverrides", error);
    }

    [Fact]
    public void PositionOutOfRangeListsTheConstraints()
    {
        var error = Fails<ArgumentOutOfRangeException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(0, 0.5), TargetOverride.ForConstraint(3, 0.5)] });
        Contains("ObjectiveOptions.TargetOverrides[1] = ForConstraint(3, 0.5): position 3 is out of range; expected 0 to 2", error);
        Contains("0 [Constraint(Precision, \">=\", 0.9)], 1 [Constraint(Recall, \">=\", 0.5)], 2 [Constraint(TrueNegativeRate, \">=\", 0.8)]", error);
        Contains("position -1 is out of range",
            Fails<ArgumentOutOfRangeException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(-1, 0.5)] }));
    }

    [Fact]
    public void AMetricThatIsNotConstrainedListsTheConstraints()
    {
        // Complements do not fold: FalseNegativeRate does not name the Recall constraint.
        var error = Fails<ArgumentException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForMetric(Metric.FalseNegativeRate, 0.1)] });
        Contains("ObjectiveOptions.TargetOverrides[0] = ForMetric(FalseNegativeRate, 0.1): FalseNegativeRate is not constrained by this objective", error);
        Contains("1 [Constraint(Recall, \">=\", 0.5)]", error);
        Contains("complement", error);
    }

    [Fact]
    public void AMetricConstrainedTwiceIsAmbiguous()
    {
        var state = ObjectiveState.RateConstraints(true, null, Precision90, Recall50, new ConstraintSlot(Metric.TruePositiveRate, ConstraintDirection.AtLeast, 0.3));
        var error = Fails<ArgumentException>(state, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForMetric(Metric.Recall, 0.6)] });
        Contains("ObjectiveOptions.TargetOverrides[0] = ForMetric(Recall, 0.6) is ambiguous", error);
        Contains("1 [Constraint(Recall, \">=\", 0.5)], 2 [Constraint(TruePositiveRate, \">=\", 0.3)]", error);
        Contains("TargetOverride.ForConstraint", error);

        // By position it is fine.
        using var loss = Build(state, 2, TargetOverride.ForConstraint(2, 0.35));
        Assert.Equal([0.35, 0.35], loss.Targets(2));
    }

    [Fact]
    public void TwoOverridesOfOneConstraintFail()
    {
        var error = Fails<ArgumentException>(Three, 2, new ObjectiveOptions
        {
            TargetOverrides = [TargetOverride.ForMetric(Metric.Precision, 0.8), TargetOverride.ForConstraint(1, 0.6), TargetOverride.ForConstraint(0, 0.85)],
        });
        Contains("ObjectiveOptions.TargetOverrides[2] = ForConstraint(0, 0.85) (constraint 0, [Constraint(Precision, \">=\", 0.9)]) overrides the same constraint as ObjectiveOptions.TargetOverrides[0]", error);
    }

    [Fact]
    public void TheCountMustBeOneOrOnePerLabel()
    {
        var error = Fails<ArgumentException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForMetric(Metric.Recall, 0.1, 0.2, 0.3)] });
        Contains("ObjectiveOptions.TargetOverrides[0] = ForMetric(Recall, 0.1, 0.2, 0.3) (constraint 1, [Constraint(Recall, \">=\", 0.5)]) has 3 value(s); expected 1 (every label) or 2 (one per label)", error);
        Contains("has 0 value(s)", Fails<ArgumentException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(0)] }));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ValuesMustBeTargetsInTheUnitInterval(double bad)
    {
        var error = Fails<ArgumentOutOfRangeException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(2, 0.5, bad)] });
        Contains("ObjectiveOptions.TargetOverrides[0] = ForConstraint(2, 0.5, " + MessageNumber(bad) + ") (constraint 2, [Constraint(TrueNegativeRate, \">=\", 0.8)]): value 1 is " + MessageNumber(bad), error);
        Contains("expected a target in [0, 1], in the declared TrueNegativeRate's terms", error);
    }

    [Fact]
    public void TargetsAndTargetOverridesTogetherFail()
    {
        var state = ObjectiveState.RateConstraints(true, null, Precision90);
        var error = Fails<ArgumentException>(state, 2, new ObjectiveOptions { Targets = [0.5, 0.5], TargetOverrides = [TargetOverride.ForConstraint(0, 0.6)] });
        Contains("ObjectiveOptions.Targets and ObjectiveOptions.TargetOverrides are both set", error);
    }

    [Fact]
    public void OverridesNeedADeclaredConstraint()
    {
        var options = new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(0, 0.5)] };
        Contains("ObjectiveOptions.TargetOverrides applies only to objectives with a [Constraint]; this objective has none",
            Fails<ArgumentException>(ObjectiveState.RateConstraints(true, 1.0), 1, options));
        Contains("ObjectiveOptions.TargetOverrides applies only to objectives with a [Constraint]",
            Fails<ArgumentException>(ObjectiveState.None, 1, options));
        Contains("ObjectiveOptions.TargetOverrides applies only to objectives with a [Constraint]",
            Fails<ArgumentException>(ObjectiveState.Anchored(3), 1, options));
        Contains("ObjectiveOptions.Targets applies only to objectives with a [Constraint]",
            Fails<ArgumentException>(ObjectiveState.RateConstraints(true, 1.0), 1, new ObjectiveOptions { Targets = [0.5] }));
    }

    [Fact]
    public void ANullEntryFails()
    {
        var error = Fails<ArgumentException>(Three, 2, new ObjectiveOptions { TargetOverrides = [TargetOverride.ForConstraint(0, 0.5), null!] });
        Contains("ObjectiveOptions.TargetOverrides[1] is null", error);
    }

    [Fact]
    public void OverrideDescribesItself()
    {
        Assert.Equal("ForConstraint(1, 0.25, 0.5)", TargetOverride.ForConstraint(1, 0.25, 0.5).ToString());
        Assert.Equal("ForMetric(Specificity, 0.9)", TargetOverride.ForMetric(Metric.Specificity, 0.9).ToString());
        Assert.Equal("[Constraint(FScore, \">=\", 0.7, Beta = 2)]", new ConstraintSlot(Metric.FScore, ConstraintDirection.AtLeast, 0.7, 2).ToString());
        Assert.Equal("[Constraint(FalsePositiveRate, \"<=\", 0.05)]", new ConstraintSlot(Metric.FalsePositiveRate, ConstraintDirection.AtMost, 0.05).ToString());
        Assert.Throws<ArgumentNullException>(() => TargetOverride.ForMetric(Metric.Recall, null!));
    }

    private static string MessageNumber(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
