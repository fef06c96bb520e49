namespace GlobalObjectives.Generator.Tests;

/// <summary>Declarations of the v2 language (several constraints, the confusion-matrix vocabulary, Fβ, partial ROC-AUC) for the golden files.</summary>
internal static class LanguageV2Declarations
{
    private const string Usings = Declarations.Usings;

    public const string TwoConstraints = Usings + """
        namespace Demo
        {
            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.9)]
            [Constraint(FalsePositiveRate, "<=", 0.02)]
            public partial class RecallAtPrecisionAndFpr { }
        }
        """;

    public const string ThreeConstraints = Usings + """
        namespace Demo
        {
            [Maximize(Precision)]
            [Constraint(Recall, ">=", 0.8)]
            [Constraint(Accuracy, ">=", 0.9)]
            [Constraint(NegativePredictiveValue, ">=", 0.95)]
            public partial class PrecisionAtThreeFloors { }
        }
        """;

    public const string FnrAtSpecificity = Usings + """
        namespace Demo
        {
            [Minimize(FalseNegativeRate)]
            [Constraint(Specificity, ">=", 0.95)]
            public partial class FnrAtSpecificity95 { }
        }
        """;

    public const string TnrAtFnr = Usings + """
        namespace Demo
        {
            [Maximize(TrueNegativeRate)]
            [Constraint(FalseNegativeRate, "<=", 0.1)]
            public partial class TnrAtFnr10 { }
        }
        """;

    public const string Accuracy = Usings + """
        namespace Demo
        {
            [Maximize(Accuracy)]
            public partial class AccuracyLoss { }
        }
        """;

    public const string F1 = Usings + """
        namespace Demo
        {
            [Maximize(FScore)]
            public partial class F1Loss { }
        }
        """;

    public const string F2AtPrecision = Usings + """
        namespace Demo
        {
            [Maximize(FScore, Beta = 2)]
            [Constraint(Precision, ">=", 0.5)]
            public partial class F2AtPrecision50 { }
        }
        """;

    public const string RecallAtFHalf = Usings + """
        namespace Demo
        {
            [Maximize(Recall)]
            [Constraint(FScore, ">=", 0.6, Beta = 0.5)]
            [Surrogate(SurrogateType.Hinge)]
            public partial class RecallAtF05 { }
        }
        """;

    public const string PartialRocAuc = Usings + """
        namespace Demo
        {
            [Maximize(RocAuc)]
            [FprRange(0, 0.1)]
            [Anchors(4)]
            public partial class PartialRocAuc10 { }
        }
        """;
}
