using GlobalObjectives;
using static GlobalObjectives.Metric;

[Maximize(Precision)]
[Constraint(TruePositiveRate, ">=", 0.6)]
internal partial class GlobalNamespacePrecisionAtTpr { }
