using GlobalObjectives.EndToEnd.Tests.FileScoped;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>A generated loss under test, with the module state it must expose.</summary>
public sealed record Family(string Name, Func<int, ObjectiveOptions?, GlobalObjectiveLoss> Create, string[] StateKeys)
{
    public bool HasDuals => StateKeys.Contains(GlobalObjectiveLoss.LambdasName);

    public bool HasBiases => StateKeys.Contains(GlobalObjectiveLoss.BiasesName);

    public override string ToString() => Name;
}

internal static class Families
{
    private static readonly string[] RateState = ["lambdas", "weighted_label_counts", "weight_sum", .. GlobalObjectiveLoss.DualStateNames];
    private static readonly string[] PrAucState = ["lambdas", "biases", "weighted_label_counts", "weight_sum", .. GlobalObjectiveLoss.DualStateNames];

    /// <summary>Defaults but the warm-up: these tests take a few short steps and check that λ moves.</summary>
    public static readonly ObjectiveOptions NoWarmup = new() { DualWarmupPositives = 0 };

    public static readonly IReadOnlyDictionary<string, Family> All = new Family[]
    {
        new("RecallAtPrecision80", (l, o) => new RecallAtPrecision80(l, o ?? NoWarmup), RateState),
        new("PrecisionAtRecall70", (l, o) => new PrecisionAtRecall70(l, o ?? NoWarmup), RateState),
        new("FprAtTpr90", (l, o) => new FprAtTpr90(l, o ?? NoWarmup), RateState),
        new("TprAtFpr10", (l, o) => new TprAtFpr10(l, o ?? NoWarmup), RateState),
        new("PrAucDefault", (l, o) => new PrAucDefault(l, o ?? NoWarmup), PrAucState),
        new("PrAucFiveAnchors", (l, o) => new PrAucFiveAnchors(l, o ?? NoWarmup), PrAucState),
        new("RocAucLoss", (l, o) => new RocAucLoss(l, o), []),
        new("RecallAtPrecision95Hinge", (l, o) => new RecallAtPrecision95Hinge(l, o ?? NoWarmup), RateState),
        new("NestedPairwiseHinge", (l, _) => NestedLosses.CreatePairwiseHinge(l), []),
        new("FileScopedFprAtRecall", (l, o) => new FileScopedFprAtRecall(l, o ?? NoWarmup), RateState),
        new("GlobalNamespacePrecisionAtTpr", (l, o) => new GlobalNamespacePrecisionAtTpr(l, o ?? NoWarmup), RateState),
    }.ToDictionary(f => f.Name);

    public static TheoryData<string> Names => new(All.Keys);
}
