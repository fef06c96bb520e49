using GlobalObjectives;
using static GlobalObjectives.Metric;

namespace GlobalObjectives.Parity.Tests;

// The generated losses the parity tests run, declared as a user would. Scalar targets come from the
// attributes; per-label targets, λ initial values, priors and the surrogate are overridden through
// ObjectiveOptions where a test needs them.

/// <summary>recall@precision 0.75 (seed §4.3).</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.75)]
public partial class RecallAtPrecision75 { }

/// <summary>recall@precision 0.4.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.4)]
public partial class RecallAtPrecision04 { }

/// <summary>recall@precision 0.66.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.66)]
public partial class RecallAtPrecision066 { }

/// <summary>recall@precision 0.7 with the hinge surrogate.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.7)]
[Surrogate(SurrogateType.Hinge)]
public partial class RecallAtPrecision07Hinge { }

/// <summary>recall@precision 0.8.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.8)]
public partial class RecallAtPrecision08 { }

/// <summary>precision@recall 0.75 (seed §4.4).</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.75)]
public partial class PrecisionAtRecall75 { }

/// <summary>precision@recall 0.4.</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.4)]
public partial class PrecisionAtRecall04 { }

/// <summary>precision@recall 0.7 with the hinge surrogate.</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.7)]
[Surrogate(SurrogateType.Hinge)]
public partial class PrecisionAtRecall07Hinge { }

/// <summary>precision@recall 0.61828 with the hinge surrogate (the seed's testNegativesOnlyLoss).</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.61828)]
[Surrogate(SurrogateType.Hinge)]
public partial class PrecisionAtRecall061828Hinge { }

/// <summary>precision@recall 0.7.</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.7)]
public partial class PrecisionAtRecall07 { }

/// <summary>FPR@TPR 0.75 (seed §4.5).</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.75)]
public partial class FprAtTpr75 { }

/// <summary>FPR@TPR 0.66.</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.66)]
public partial class FprAtTpr066 { }

/// <summary>FPR@TPR 0.46.</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.46)]
public partial class FprAtTpr046 { }

/// <summary>FPR@TPR 0.76 with the hinge surrogate.</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.76)]
[Surrogate(SurrogateType.Hinge)]
public partial class FprAtTpr076Hinge { }

/// <summary>FPR@TPR 0.36 with the hinge surrogate.</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.36)]
[Surrogate(SurrogateType.Hinge)]
public partial class FprAtTpr036Hinge { }

/// <summary>FPR@TPR 0.9.</summary>
[Minimize(FalsePositiveRate)]
[Constraint(TruePositiveRate, ">=", 0.9)]
public partial class FprAtTpr09 { }

/// <summary>TPR@FPR 0.75 (seed §4.6).</summary>
[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.75)]
public partial class TprAtFpr75 { }

/// <summary>TPR@FPR 0.76.</summary>
[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.76)]
public partial class TprAtFpr076 { }

/// <summary>TPR@FPR 0.36 with the hinge surrogate.</summary>
[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.36)]
[Surrogate(SurrogateType.Hinge)]
public partial class TprAtFpr036Hinge { }

/// <summary>TPR@FPR 0.1.</summary>
[Maximize(TruePositiveRate)]
[Constraint(FalsePositiveRate, "<=", 0.1)]
public partial class TprAtFpr01 { }

/// <summary>PR-AUC with the seed's defaults: range (0, 1), 20 anchors (seed §4.1).</summary>
[Maximize(PrAuc)]
public partial class PrAucDefault { }

/// <summary>PR-AUC over precisions (0.5, 1).</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.5, 1.0)]
public partial class PrAuc051 { }

/// <summary>PR-AUC over (0, 1) with the hinge surrogate.</summary>
[Maximize(PrAuc)]
[Surrogate(SurrogateType.Hinge)]
public partial class PrAuc01Hinge { }

/// <summary>PR-AUC reduced to one anchor at 0.7: range (0.69, 0.71), K = 1.</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.69, 0.71)]
[Anchors(1)]
public partial class PrAucAt07 { }

/// <summary>PR-AUC reduced to one anchor at 0.5: range (0.49, 0.51), K = 1.</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.49, 0.51)]
[Anchors(1)]
public partial class PrAucAt05 { }

/// <summary>PR-AUC reduced to one anchor at 0.35: range (0.34, 0.36), K = 1.</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.34, 0.36)]
[Anchors(1)]
public partial class PrAucAt035 { }

/// <summary>PR-AUC reduced to one anchor at 0.65: range (0.64, 0.66), K = 1.</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.64, 0.66)]
[Anchors(1)]
public partial class PrAucAt065 { }

/// <summary>PR-AUC over (0, 1) with one anchor (0.5): the seed's testThreePointAUC.</summary>
[Maximize(PrAuc)]
[Anchors(1)]
public partial class PrAucOneAnchor { }

/// <summary>PR-AUC over (0.2, 0.8) with 3 anchors: 0.35, 0.5, 0.65.</summary>
[Maximize(PrAuc)]
[PrecisionRange(0.2, 0.8)]
[Anchors(3)]
public partial class PrAucThreeAnchors { }

/// <summary>ROC-AUC (seed §4.2).</summary>
[Maximize(RocAuc)]
public partial class RocAucLoss { }

/// <summary>ROC-AUC with the hinge surrogate.</summary>
[Maximize(RocAuc)]
[Surrogate(SurrogateType.Hinge)]
public partial class RocAucHingeLoss { }
