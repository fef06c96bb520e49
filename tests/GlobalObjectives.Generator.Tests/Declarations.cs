namespace GlobalObjectives.Generator.Tests;

/// <summary>Declarations used by several tests.</summary>
internal static class Declarations
{
    public const string Usings = """
        using GlobalObjectives;
        using static GlobalObjectives.Metric;

        """;

    public const string RecallAtPrecision = Usings + """
        namespace Demo
        {
            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.8)]
            public partial class RecallAtPrecision80 { }
        }
        """;

    public const string PrecisionAtRecall = Usings + """
        namespace Demo
        {
            [Maximize(Precision)]
            [Constraint(Recall, ">=", 0.7)]
            public partial class PrecisionAtRecall70 { }
        }
        """;

    public const string FprAtTpr = Usings + """
        namespace Demo
        {
            [Minimize(FalsePositiveRate)]
            [Constraint(TruePositiveRate, ">=", 0.9)]
            internal partial class FprAtTpr90 { }
        }
        """;

    public const string TprAtFpr = Usings + """
        namespace Demo
        {
            [Maximize(TruePositiveRate)]
            [Constraint(FalsePositiveRate, "<=", 0.1)]
            public sealed partial class TprAtFpr10 { }
        }
        """;

    public const string PrAuc = Usings + """
        namespace Demo
        {
            [Maximize(PrAuc)]
            public partial class PrAucLoss { }
        }
        """;

    public const string PrAucRangeHinge = Usings + """
        namespace Demo
        {
            [Maximize(PrAuc)]
            [PrecisionRange(0.5, 1.0)]
            [Anchors(4)]
            [Surrogate(SurrogateType.Hinge)]
            public partial class PrAucUpperHalf { }
        }
        """;

    public const string RocAuc = Usings + """
        namespace Demo
        {
            [Maximize(RocAuc)]
            public partial class RocAucLoss { }
        }
        """;

    public const string RecallAtPrecisionHinge = Usings + """
        namespace Demo
        {
            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.95)]
            [Surrogate(SurrogateType.Hinge)]
            public partial class RecallAtPrecision95Hinge { }
        }
        """;

    public const string FileScopedNamespace = Usings + """
        namespace Demo.FileScoped;

        [Maximize(Recall)]
        [Constraint(Precision, ">=", 0.6)]
        partial class FileScopedLoss { }
        """;

    public const string GlobalNamespace = Usings + """
        [Maximize(Precision)]
        [Constraint(Recall, ">=", 1)]
        public partial class GlobalLoss { }
        """;

    public const string Nested = Usings + """
        namespace Demo.Nested
        {
            /// <summary>Holds the losses (documented by the user: the generator emits containing types without docs).</summary>
            public static partial class Losses
            {
                internal partial struct Holder
                {
                    [Maximize(TruePositiveRate)]
                    [Constraint(FalsePositiveRate, "<=", 0.05)]
                    private partial class TprAtFpr5 { }
                }
            }
        }
        """;

    public const string KeywordNames = Usings + """
        namespace @event.@class
        {
            [Maximize(RocAuc)]
            public partial class @object { }
        }
        """;
}
