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
    private static readonly string[] RateState = ["lambdas", "weighted_label_counts", "weight_sum"];
    private static readonly string[] PrAucState = ["lambdas", "biases", "weighted_label_counts", "weight_sum"];

    public static readonly IReadOnlyDictionary<string, Family> All = new Family[]
    {
        new("RecallAtPrecision80", (l, o) => new RecallAtPrecision80(l, o), RateState),
        new("PrecisionAtRecall70", (l, o) => new PrecisionAtRecall70(l, o), RateState),
        new("FprAtTpr90", (l, o) => new FprAtTpr90(l, o), RateState),
        new("TprAtFpr10", (l, o) => new TprAtFpr10(l, o), RateState),
        new("PrAucDefault", (l, o) => new PrAucDefault(l, o), PrAucState),
        new("PrAucFiveAnchors", (l, o) => new PrAucFiveAnchors(l, o), PrAucState),
        new("RocAucLoss", (l, o) => new RocAucLoss(l, o), []),
        new("RecallAtPrecision95Hinge", (l, o) => new RecallAtPrecision95Hinge(l, o), RateState),
        new("NestedPairwiseHinge", (l, _) => NestedLosses.CreatePairwiseHinge(l), []),
        new("FileScopedFprAtRecall", (l, o) => new FileScopedFprAtRecall(l, o), RateState),
        new("GlobalNamespacePrecisionAtTpr", (l, o) => new GlobalNamespacePrecisionAtTpr(l, o), RateState),
    }.ToDictionary(f => f.Name);

    public static TheoryData<string> Names => new(All.Keys);
}
