using static GlobalObjectives.Metric;

namespace GlobalObjectives.EndToEnd.Tests;

// The six seed families, declared exactly as users write them; the SDK's compiler runs the generator on this file.

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.8)]
public partial class RecallAtPrecision80 { }

[Maximize(Precision)]
[Constraint(Recall, ">=", 0.7)]
public partial class PrecisionAtRecall70 { }

[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.9)]
internal partial class FprAtTpr90 { }

[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.1)]
public sealed partial class TprAtFpr10 { }

[Maximize(PrAuc)]
public partial class PrAucDefault { }

[Maximize(PrAuc)]
[PrecisionRange(0.2, 0.9)]
[Anchors(5)]
public partial class PrAucFiveAnchors { }

[Maximize(RocAuc)]
public partial class RocAucLoss { }

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.95)]
[Surrogate(SurrogateType.Hinge)]
public partial class RecallAtPrecision95Hinge { }

/// <summary>A loss nested in a static partial class, with private accessibility.</summary>
public static partial class NestedLosses
{
    [Maximize(RocAuc)]
    [Surrogate(SurrogateType.Hinge)]
    private partial class PairwiseHinge { }

    /// <summary>Creates the nested loss (its type is private).</summary>
    public static GlobalObjectiveLoss CreatePairwiseHinge(int numLabels = 1) => new PairwiseHinge(numLabels);
}
