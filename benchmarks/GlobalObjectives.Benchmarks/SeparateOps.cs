using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

// The generated losses with the ComputeObjective the generator emitted before FusedSurrogate (commit 56050fc): the
// Lagrangian as separate ops (Surrogates.Weighted, the weighting and the constant terms), everything else (validation,
// statistics, priors, dual update) inherited unchanged. --fusion times them against the generated classes in one process.

/// <summary>recall@precision ≥ 0.8, Lagrangian as separate ops.</summary>
public sealed class SeparateOpsRecallAtPrecision80 : RecallAtPrecision80
{
    private readonly TensorConstant _oneMinusPrecisionTarget;
    private readonly TensorConstant _precisionTarget;

    public SeparateOpsRecallAtPrecision80(int numLabels, ObjectiveOptions? options) : base(numLabels, options)
    {
        var targets = ResolveTargets(0);
        _oneMinusPrecisionTarget = PerLabelConstant(static t => 1.0 - t, targets);
        _precisionTarget = PerLabelConstant(static t => t, targets);
    }

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        if (batch.IncludeOutputs) return base.ComputeObjective(batch);
        var logits = batch.Logits;
        var labels = batch.Labels;
        var priors = batch.RequireLabelPriors();
        var lambdas = DualValue(logits);
        var lambdaOneMinusPrecision = lambdas * _oneMinusPrecisionTarget.For(logits);
        var positiveWeights = 1.0 + lambdaOneMinusPrecision;
        var negativeWeights = lambdas * _precisionTarget.For(logits);
        var surrogate = Surrogates.Weighted(batch.Surrogate, labels, logits, positiveWeights, negativeWeights);
        var priorTerm = priors * batch.MaybeLog2;
        var loss = batch.Weighted(surrogate) - lambdaOneMinusPrecision * priorTerm;
        return new ObjectiveOutput(loss, null, null, null, null, null);
    }
}

/// <summary>precision@recall ≥ 0.9, Lagrangian as separate ops.</summary>
public sealed class SeparateOpsPrecisionAtRecall90 : PrecisionAtRecall90
{
    private readonly TensorConstant _oneMinusRecallTarget;

    public SeparateOpsPrecisionAtRecall90(int numLabels, ObjectiveOptions? options) : base(numLabels, options)
        => _oneMinusRecallTarget = PerLabelConstant(static t => 1.0 - t, ResolveTargets(0));

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        if (batch.IncludeOutputs) return base.ComputeObjective(batch);
        var logits = batch.Logits;
        var labels = batch.Labels;
        var priors = batch.RequireLabelPriors();
        var lambdas = DualValue(logits);
        var surrogate = Surrogates.Weighted(batch.Surrogate, labels, logits, positiveWeights: lambdas, negativeWeights: null);
        var priorTerm = priors * batch.MaybeLog2;
        var loss = batch.Weighted(surrogate) - lambdas * (_oneMinusRecallTarget.For(logits) * priorTerm);
        return new ObjectiveOutput(loss, null, null, null, null, null);
    }
}

/// <summary>TPR@FPR ≤ 0.1, Lagrangian as separate ops.</summary>
public sealed class SeparateOpsTprAtFpr10 : TprAtFpr10
{
    private readonly TensorConstant _falsePositiveRateTarget;

    public SeparateOpsTprAtFpr10(int numLabels, ObjectiveOptions? options) : base(numLabels, options)
        => _falsePositiveRateTarget = PerLabelConstant(static t => t, ResolveTargets(0));

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        if (batch.IncludeOutputs) return base.ComputeObjective(batch);
        var logits = batch.Logits;
        var labels = batch.Labels;
        var priors = batch.RequireLabelPriors();
        var lambdas = DualValue(logits);
        var surrogate = Surrogates.Weighted(batch.Surrogate, labels, logits, positiveWeights: null, negativeWeights: lambdas);
        var negativePriorTerm = (1.0 - priors) * batch.MaybeLog2;
        var loss = batch.Weighted(surrogate) - lambdas * (_falsePositiveRateTarget.For(logits) * negativePriorTerm);
        return new ObjectiveOutput(loss, null, null, null, null, null);
    }
}

/// <summary>PR-AUC with 20 anchors, Lagrangian as separate ops.</summary>
public sealed class SeparateOpsPrAuc20 : PrAuc20
{
    private static readonly double[] Anchors = Enumerable.Range(1, AnchorCount).Select(k => k / (AnchorCount + 1.0)).ToArray();
    private readonly TensorConstant _anchorPrecisions = new(Anchors, 1, 1, AnchorCount);
    private readonly TensorConstant _oneMinusAnchorPrecisions = new(Anchors.Select(p => 1 - p).ToArray(), 1, 1, AnchorCount);

    public SeparateOpsPrAuc20(int numLabels, ObjectiveOptions? options) : base(numLabels, options) { }

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        if (batch.IncludeOutputs) return base.ComputeObjective(batch);
        var logits = batch.Logits.unsqueeze(2);
        var labels = batch.Labels.unsqueeze(2);
        var weights = batch.Weights?.unsqueeze(2);
        var priors = batch.RequireLabelPriors().reshape(1, -1, 1);
        var lambdas = DualValue(logits);
        var biases = BiasValue(logits);
        var lambdaOneMinusAnchorPrecision = lambdas * _oneMinusAnchorPrecisions.For(logits);
        var positiveWeights = 1.0 + lambdaOneMinusAnchorPrecision;
        var negativeWeights = lambdas * _anchorPrecisions.For(logits);
        var surrogate = Surrogates.Weighted(batch.Surrogate, labels, logits + biases, positiveWeights, negativeWeights);
        var priorTerm = priors * batch.MaybeLog2;
        var perAnchor = (weights is null ? surrogate : weights * surrogate) - lambdaOneMinusAnchorPrecision * priorTerm;
        var loss = perAnchor.mean(new long[] { 2 });
        return new ObjectiveOutput(loss, null, null, null, null, null);
    }
}

/// <summary>
/// The fused Lagrangian against the separate ops it replaced, in one process (<c>--fusion</c>): each family's generated
/// training step (candidate) against the same class with the pre-fusion <c>ComputeObjective</c> (baseline), interleaved
/// pairs, default options (validation on, projected ascent, mean). Also checks both give the same loss.
/// </summary>
public static class FusionComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in BceComparison.Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            foreach (var (name, separate, fused) in new (string, Func<int, GlobalObjectiveLoss>, Func<int, GlobalObjectiveLoss>)[]
                     {
                         ("recall@precision (node)", l => new SeparateOpsRecallAtPrecision80(l, null), l => new RecallAtPrecision80(l, null)),
                         ("precision@recall (BCE, d = 1)", l => new SeparateOpsPrecisionAtRecall90(l, null), l => new PrecisionAtRecall90(l, null)),
                         ("TPR@FPR (node, c = 1)", l => new SeparateOpsTprAtFpr10(l, null), l => new TprAtFpr10(l, null)),
                         ("PR-AUC, 20 anchors (node)", l => new SeparateOpsPrAuc20(l, null), l => new PrAuc20(l, null)),
                     })
            {
                using var before = new GeneratedLoss(separate(numLabels));
                using var after = new GeneratedLoss(fused(numLabels));
                CheckSameLoss(separate(numLabels), fused(numLabels), logits, labels, name);
                var (pairs, warmup) = PairedComparison.StepPairs(quick, large: name.StartsWith("PR-AUC", StringComparison.Ordinal) && shape == "4096x16");
                PairedComparison.Record(results, PairedComparison.Measure($"{name} [{shape.Replace("x", ", ")}]", () => before.Step(logits, labels), () => after.Step(logits, labels),
                    pairs, warmup));
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }

    private static void CheckSameLoss(GlobalObjectiveLoss separate, GlobalObjectiveLoss fused, Tensor logits, Tensor labels, string name)
    {
        using var scope = torch.NewDisposeScope();
        double a = separate.call(logits, labels).item<float>(), b = fused.call(logits, labels).item<float>();
        if (Math.Abs(a - b) > 1e-5 * Math.Max(1, Math.Abs(a)))
            throw new InvalidOperationException($"{name}: the separate ops give {a}, the fused loss {b}.");
        separate.Dispose();
        fused.Dispose();
    }
}
