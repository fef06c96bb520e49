using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>
/// A hand-written <see cref="GlobalObjectiveLoss"/> with the Lagrangian of objective-math.md §1 for any set of rate
/// constraints (and optionally an Fβ objective): loss = w·S(y, x; c = c0 + Σλ_j·α_j, d = d0 + Σλ_j·β_j)
/// + Σλ_j·m2·(γ_j·π + δ_j·(1 − π)), with (c0, d0) = (1, 0), or (1 + β² − q, q) for Fβ. It stands in for the generated
/// losses that will use this API, and exposes the protected members the tests check.
/// </summary>
internal sealed class ConstraintProbe : GlobalObjectiveLoss
{
    private readonly ConstraintSlot[] _slots;
    private readonly double? _fScoreBeta;
    private readonly List<TensorConstant[]> _coefficients = []; // α, β, γ, δ as [L] per constraint

    /// <summary>Builds the probe and declares its slots in order.</summary>
    /// <param name="numLabels">L.</param>
    /// <param name="options">Options.</param>
    /// <param name="state">The state; its slots are declared in order unless <paramref name="declare"/> is false.</param>
    /// <param name="declare">How many slots to declare (null: all).</param>
    public ConstraintProbe(int numLabels, ObjectiveOptions? options, ObjectiveState state, int? declare = null)
        : base(nameof(ConstraintProbe), numLabels, options, SurrogateType.Xent, state)
    {
        _fScoreBeta = state.FScoreBeta;
        _slots = state.Constraints.ToArray();
        int count = declare ?? _slots.Length;
        for (int j = 0; j < count; j++)
        {
            var slot = _slots[j];
            var targets = ResolveTargets(j);
            Resolved.Add(targets);
            var coefficients = CountTable.For(slot.Metric, slot.Direction, slot.Beta);
            _coefficients.Add(
            [
                PerLabelConstant(coefficients.FalseNegatives.At, targets),
                PerLabelConstant(coefficients.FalsePositives.At, targets),
                PerLabelConstant(coefficients.Positives.At, targets),
                PerLabelConstant(coefficients.Negatives.At, targets),
            ]);
            DeclareConstraint(slot.Metric, slot.Direction, targets, coefficients, slot.Beta);
        }
    }

    /// <summary>The targets each declared constraint resolved at construction.</summary>
    public List<double[]> Resolved { get; } = [];

    /// <summary>q per label as ComputeObjective saw it, one entry per call (Fβ objectives).</summary>
    public List<double[]> LevelsSeen { get; } = [];

    /// <summary>The protected <c>ResolveTargets(int)</c>.</summary>
    public double[] Targets(int constraint) => ResolveTargets(constraint);

    /// <summary>The protected <c>FScoreLevel</c>, in float64.</summary>
    public double[] Level() => TensorAssert.ToDoubles(FScoreLevel(torch.zeros(1, dtype: ScalarType.Float64)));

    /// <summary>The protected <c>DualValue</c>.</summary>
    public Tensor Duals(Tensor like) => DualValue(like);

    /// <summary>Calls the protected <c>DeclareConstraint</c> once more.</summary>
    public void Declare(Metric metric, ConstraintDirection direction, double target, double beta = 1.0)
        => DeclareConstraint(metric, direction, Enumerable.Repeat(target, NumLabels).ToArray(), CountTable.For(metric, direction, beta), beta);

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        var x = batch.Logits;
        var ones = torch.ones(NumLabels, dtype: x.dtype, device: x.device);
        Tensor c = ones, d = torch.zeros_like(ones);
        if (_fScoreBeta is { } beta)
        {
            var q = FScoreLevel(x);
            LevelsSeen.Add(TensorAssert.ToDoubles(q));
            c = (1 + beta * beta) - q;
            d = q;
        }
        Tensor? lambdas = Lambdas is null ? null : DualValue(x);
        Tensor constant = torch.zeros_like(ones);
        for (int j = 0; j < _coefficients.Count && lambdas is not null; j++)
        {
            var lambda = lambdas.dim() == 1 ? lambdas : lambdas.select(1, j);
            var k = _coefficients[j];
            c = c + lambda * k[0].For(x);
            d = d + lambda * k[1].For(x);
            if (batch.LabelPriors is { } priors)
                constant = constant + lambda * batch.MaybeLog2 * (k[2].For(x) * priors + k[3].For(x) * (1 - priors));
        }
        var loss = batch.Weighted(Surrogates.Weighted(batch.Surrogate, batch.Labels, x, c, d)) + constant;
        return new ObjectiveOutput(loss, lambdas?.detach(), null, batch.LabelPriors, null, null);
    }
}

/// <summary>The count coefficients (α, β, γ, δ) of objective-math.md §3 for the seed-direction constraints, as functions a + b·t of the target.</summary>
internal static class CountTable
{
    public static CountCoefficients For(Metric metric, ConstraintDirection direction, double beta = 1.0)
    {
        static TargetFunction F(double constant, double slope) => new(constant, slope);
        double b2 = beta * beta;
        return (metric, direction) switch
        {
            (Metric.Precision, ConstraintDirection.AtLeast) => new(F(1, -1), F(0, 1), F(-1, 1), F(0, 0)),
            (Metric.Recall or Metric.TruePositiveRate, ConstraintDirection.AtLeast) => new(F(1, 0), F(0, 0), F(-1, 1), F(0, 0)),
            (Metric.FalseNegativeRate, ConstraintDirection.AtMost) => new(F(1, 0), F(0, 0), F(0, -1), F(0, 0)),
            (Metric.FalsePositiveRate, ConstraintDirection.AtMost) => new(F(0, 0), F(1, 0), F(0, 0), F(0, -1)),
            (Metric.TrueNegativeRate or Metric.Specificity, ConstraintDirection.AtLeast) => new(F(0, 0), F(1, 0), F(0, 0), F(-1, 1)),
            (Metric.NegativePredictiveValue, ConstraintDirection.AtLeast) => new(F(0, 1), F(1, -1), F(0, 0), F(-1, 1)),
            (Metric.Accuracy, ConstraintDirection.AtLeast) => new(F(1, 0), F(1, 0), F(-1, 1), F(-1, 1)),
            (Metric.FScore, ConstraintDirection.AtLeast) => new(F(1 + b2, -1), F(0, 1), F(-(1 + b2), 1 + b2), F(0, 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), $"{metric} {direction} has no seed-form row in objective-math.md §3."),
        };
    }
}

/// <summary>
/// An anchored plan (partial ROC-AUC style: TPR at anchors with FPR ≤ f_k, objective-math.md §8 A): per anchor
/// S(y, x + b_k; c = 1, d = λ_k) − λ_k·f_k·(1 − π)·m2, averaged over the anchors.
/// </summary>
internal sealed class AnchoredFprProbe : GlobalObjectiveLoss
{
    private readonly TensorConstant _anchors;

    public AnchoredFprProbe(int numLabels, ObjectiveOptions? options, double[] anchorRates)
        : base(nameof(AnchoredFprProbe), numLabels, options, SurrogateType.Xent, ObjectiveState.Anchored(anchorRates.Length))
    {
        _anchors = new TensorConstant(anchorRates, 1, 1, anchorRates.Length);
        DeclareConstraint(Metric.FalsePositiveRate, ConstraintDirection.AtMost, anchorRates, CountTable.For(Metric.FalsePositiveRate, ConstraintDirection.AtMost));
    }

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        var x = batch.Logits.unsqueeze(2) + BiasValue(batch.Logits);              // [B, L, K]
        var lambdas = DualValue(batch.Logits);                                      // [1, L, K]
        var y = batch.Labels.unsqueeze(2);
        var surrogate = Surrogates.Weighted(batch.Surrogate, y, x, torch.ones_like(lambdas), lambdas);
        var priors = batch.RequireLabelPriors().reshape(1, -1, 1);
        var perAnchor = surrogate - lambdas * _anchors.For(x) * (1 - priors) * batch.MaybeLog2;
        var loss = perAnchor.mean([2L]);
        if (batch.Weights is { } w) loss = w * loss;
        return new ObjectiveOutput(loss, lambdas.detach(), null, batch.LabelPriors, null, null);
    }
}
