using static GlobalObjectives.Metric;

namespace GlobalObjectives.TrainingQuality;

// One declaration per family; each benchmark row sets its own target at run time (ObjectiveOptions.Targets), the
// way a user tunes a target without a new type. The declared targets are only the defaults.

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.9)]
public partial class RecallAtPrecisionLoss { }

[Maximize(Precision)]
[Constraint(Recall, ">=", 0.8)]
public partial class PrecisionAtRecallLoss { }

[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.05)]
public partial class TprAtFprLoss { }

[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.9)]
public partial class FprAtTprLoss { }

[Maximize(PrAuc)]
public partial class PrAucLoss { }

[Maximize(RocAuc)]
public partial class RocAucLoss { }

// Partial ROC-AUC over FPR ∈ [0, 0.1] (the anchored plan, 20 anchors by default). The range is part of the declaration,
// so the benchmark's partial ROC-AUC objective takes its upper end from the generated constant.
[Maximize(RocAuc)]
[FprRange(0, 0.1)]
public partial class PartialRocAucLoss { }
