using static TorchSharp.torch;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// A hand-written subclass of <see cref="GlobalObjectiveLoss"/> used only to test the base class (validation, state,
/// shape rules) independently of the generator. Its Lagrangian is recall at precision p (seed spec §4.3) when it
/// has duals and priors, and the plain surrogate otherwise. By default its state is one constraint, precision ≥
/// <c>declaredTarget</c>, which it never declares: λ moves only with gradient reversal.
/// </summary>
internal sealed class ProbeObjective : GlobalObjectiveLoss
{
    private readonly TensorConstant _target;
    private readonly TensorConstant _oneMinusTarget;

    public ProbeObjective(int numLabels = 1, ObjectiveOptions? options = null, ObjectiveState? state = null, double declaredTarget = 0.5)
        : base(nameof(ProbeObjective), numLabels, options, SurrogateType.Xent, state ??= PrecisionAtLeast(declaredTarget))
    {
        // Without constraint slots (ROC-AUC's state) there are no duals, and the targets are never used.
        var targets = state.Constraints.Count > 0 ? ResolveTargets(0) : Enumerable.Repeat(declaredTarget, numLabels).ToArray();
        _target = PerLabelConstant(p => p, targets);
        _oneMinusTarget = PerLabelConstant(p => 1 - p, targets);
    }

    /// <summary>One constraint, precision ≥ <paramref name="target"/>, with label priors.</summary>
    public static ObjectiveState PrecisionAtLeast(double target)
        => ObjectiveState.RateConstraints(true, null, new ConstraintSlot(Metric.Precision, ConstraintDirection.AtLeast, target));

    /// <summary>The targets the probe resolved at construction.</summary>
    public IReadOnlyList<double> Targets => _target.Values;

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        var x = batch.Logits;
        if (Lambdas is null)
        {
            var plain = batch.Weighted(Surrogates.Weighted(batch.Surrogate, batch.Labels, x, 1.0, 1.0));
            return new ObjectiveOutput(plain, null, null, batch.LabelPriors, null, null);
        }

        var lambda = DualValue(x);
        var p = _target.For(x);
        var q = _oneMinusTarget.For(x);
        var surrogate = Surrogates.Weighted(batch.Surrogate, batch.Labels, x, 1 + lambda * q, lambda * p);
        var loss = batch.Weighted(surrogate);
        if (batch.LabelPriors is { } priors) loss = loss - lambda * q * priors * batch.MaybeLog2;
        Tensor? tp = null, fp = null;
        if (batch.IncludeOutputs)
        {
            tp = Bounds.TruePositivesLowerBound(batch.Labels, x, batch.Weights, batch.Surrogate);
            fp = Bounds.FalsePositivesUpperBound(batch.Labels, x, batch.Weights, batch.Surrogate);
        }
        return new ObjectiveOutput(loss, lambda.detach(), null, batch.LabelPriors, tp, fp);
    }
}
