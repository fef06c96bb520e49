using GlobalObjectives;
using static GlobalObjectives.Metric;

namespace GlobalObjectives.Benchmarks;

// The generated losses measured against the hand-written formulas in HandWritten.cs.

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.8)]
public partial class RecallAtPrecision80 { }

[Maximize(Precision)]
[Constraint(Recall, ">=", 0.9)]
public partial class PrecisionAtRecall90 { }

[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.9)]
public partial class FprAtTpr90 { }

[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.1)]
public partial class TprAtFpr10 { }

[Maximize(PrAuc)]
[Anchors(20)]
public partial class PrAuc20 { }

[Maximize(RocAuc)]
public partial class RocAucLoss { }

// Against BCEWithLogitsLoss (BceComparison.cs): several constraints, Fβ, accuracy and partial ROC-AUC.

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.9)]
[Constraint(FalsePositiveRate, "<=", 0.02)]
public partial class RecallAtPrecision90AndFpr2 { }

[Maximize(FScore)]
public partial class F1Loss { }

[Maximize(Accuracy)]
public partial class AccuracyLoss { }

[Maximize(RocAuc)]
[FprRange(0, 0.1)]
[Anchors(5)]
public partial class PartialRocAuc5 { }
