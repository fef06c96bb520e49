using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// The seed's two per-label target equivalences, which its suite repeats for each rate-at-rate family
/// (testEquivalenceBetweenSingleAndEqualMultiple* and testEquivalenceBetweenSingleAndMultiple*).
/// </summary>
internal static class TargetEquivalences
{
    /// <summary>Builds a family's loss for L labels with the given options.</summary>
    public delegate GlobalObjectiveLoss Factory(int numLabels, ObjectiveOptions options);

    /// <summary>Targets [0.75, 0.75] equal the declared scalar 0.75: [20, 2] logits, labels U &gt; 0.7, priors 0.34.</summary>
    public static void EqualVectorMatchesDeclaredScalar(Factory create, long seed, SurrogateType? surrogate = null)
    {
        var logits = Randn(seed, 20, 2);
        var targets = Targets(seed + 1, 0.7, 20, 2);
        var priors = SeedData.ConstantPriors(0.34, 2);
        var vector = create(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = new[] { 0.75, 0.75 }, LabelPriors = priors, Surrogate = surrogate });
        var scalar = create(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = priors, Surrogate = surrogate });
        AssertClose(scalar.Compute(logits, targets).Loss, vector.Compute(logits, targets).Loss);
    }

    /// <summary>
    /// Per-label targets (and priors) on [30, 3] logits, labels U &gt; 0.4, equal the concatenation of three single-label
    /// losses, each with its scalar target and prior.
    /// </summary>
    public static void PerLabelMatchesSingleLabelLosses(Factory create, double[] perLabelTargets, double[] priors, SurrogateType surrogate, long seed)
    {
        var logits = Randn(seed, 30, 3);
        var targets = Targets(seed + 1, 0.4, 30, 3);
        var multi = create(3, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = perLabelTargets, LabelPriors = torch.tensor(priors), Surrogate = surrogate });
        var singles = Enumerable.Range(0, 3).Select(i =>
            create(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = new[] { perLabelTargets[i] }, LabelPriors = torch.tensor(priors[i]), Surrogate = surrogate })
                .Compute(logits[.., i..(i + 1)], targets[.., i..(i + 1)]).Loss);
        AssertClose(SeedData.Columns(singles), multi.Compute(logits, targets).Loss);
    }
}
