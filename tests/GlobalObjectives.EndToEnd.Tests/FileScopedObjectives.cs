using static GlobalObjectives.Metric;

namespace GlobalObjectives.EndToEnd.Tests.FileScoped;

[Minimize(FalsePositiveRate)]
[Constraint(Recall, ">=", 0.5)]
internal partial class FileScopedFprAtRecall { }
