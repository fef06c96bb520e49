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
