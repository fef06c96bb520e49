using static GlobalObjectives.Metric;

namespace GlobalObjectives.Samples;

// The objectives this sample trains for. Each declaration is all the user writes: the source generator
// emits the rest of the class, a TorchSharp loss module deriving from GlobalObjectiveLoss with the
// constructor (int numLabels = 1, ObjectiveOptions? options = null). Build with EmitCompilerGeneratedFiles
// (on in this project) and read the result under obj/<configuration>/net10.0/generated/.

/// <summary>The seed example's objective: the best precision while recall stays at least 0.98.</summary>
[Maximize(Precision)]
[Constraint(Recall, ">=", 0.98)]
public partial class PrecisionAtRecall98 { }

/// <summary>The best recall while precision stays at least 0.95.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.95)]
public partial class RecallAtPrecision95 { }

/// <summary>The area under the precision-recall curve, as a mean over 20 anchor precisions in (0, 1).</summary>
[Maximize(PrAuc)]
public partial class PrecisionRecallAuc { }

/// <summary>The best recall while precision stays at least 0.9 and the false-positive rate at most 0.02: two constraints, two multipliers.</summary>
[Maximize(Recall)]
[Constraint(Precision, ">=", 0.9)]
[Constraint(FalsePositiveRate, "<=", 0.02)]
public partial class RecallAtPrecision90AndFpr2 { }
