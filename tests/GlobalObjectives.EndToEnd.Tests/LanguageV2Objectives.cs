using static GlobalObjectives.Metric;

namespace GlobalObjectives.EndToEnd.Tests;

// Objective language v2: several constraints, the confusion-matrix vocabulary, Fβ and partial ROC-AUC, declared as users
// write them; the SDK's compiler runs the generator on this file.

[Maximize(Recall)]
[Constraint(Precision, ">=", 0.9)]
[Constraint(FalsePositiveRate, "<=", 0.02)]
public partial class RecallAtPrecision90AndFpr2 { }

[Maximize(Precision)]
[Constraint(Recall, ">=", 0.8)]
[Constraint(Accuracy, ">=", 0.9)]
[Constraint(NegativePredictiveValue, ">=", 0.95)]
public partial class PrecisionAtRecallAccuracyNpv { }

[Minimize(FalseNegativeRate)]
[Constraint(Specificity, ">=", 0.95)]
public partial class FnrAtSpecificity95 { }

[Maximize(TrueNegativeRate)]
[Constraint(FalseNegativeRate, "<=", 0.1)]
public partial class TnrAtFnr10 { }

[Maximize(Recall)]
[Constraint(FScore, ">=", 0.7)]
public partial class RecallAtF1 { }

[Maximize(Accuracy)]
public partial class AccuracyLoss { }

[Maximize(Accuracy)]
[Constraint(Recall, ">=", 0.6)]
public partial class AccuracyAtRecall60 { }

[Maximize(FScore)]
public partial class F1Loss { }

[Maximize(FScore, Beta = 2)]
[Constraint(Precision, ">=", 0.5)]
public partial class F2AtPrecision50 { }

[Maximize(Precision)]
[Constraint(FScore, ">=", 0.6, Beta = 0.5)]
public partial class PrecisionAtF05 { }

[Maximize(RocAuc)]
[FprRange(0, 0.1)]
[Anchors(5)]
public partial class PartialRocAuc10 { }
