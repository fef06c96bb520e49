using GlobalObjectives.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>Each code fix: source before (with its diagnostic) and after (with no diagnostic left).</summary>
public sealed class CodeFixTests
{
    private const string NotPartialMessage = "Objective class 'C' must be declared partial so that the generated loss can complete it";

    [Fact]
    public Task AddPartial_AfterTheOtherModifiers() => CodeFixAsync<MakePartialCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.8)]
            public sealed class {|#0:C|} { }
            """,
        [Diagnostic("GOBJ001", DiagnosticSeverity.Error, NotPartialMessage)],
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.8)]
            public sealed partial class C { }
            """);

    [Fact]
    public Task AddPartial_WithoutOtherModifiers_KeepsIndentationAndComments() => CodeFixAsync<MakePartialCodeFixProvider>(
        Usings + """
            namespace Demo
            {
                [Maximize(RocAuc)]
                /* the loss */ class {|#0:C|}
                {
                }
            }
            """,
        [Diagnostic("GOBJ001", DiagnosticSeverity.Error, NotPartialMessage)],
        Usings + """
            namespace Demo
            {
                [Maximize(RocAuc)]
                /* the loss */ partial class C
                {
                }
            }
            """);

    [Fact]
    public Task AddPartial_ToTheContainingType() => CodeFixAsync<MakePartialCodeFixProvider>(
        Usings + """
            namespace Demo;

            internal static class {|#0:Losses|}
            {
                [Maximize(PrAuc)]
                public partial class C { }
            }
            """,
        [Diagnostic("GOBJ002", DiagnosticSeverity.Error, "Type 'Losses' contains objective class 'C' and must be declared partial")],
        Usings + """
            namespace Demo;

            internal static partial class Losses
            {
                [Maximize(PrAuc)]
                public partial class C { }
            }
            """);

    [Fact]
    public Task AddPartial_ToTheClassAndItsContainingType_FixAll() => CodeFixAsync<MakePartialCodeFixProvider>(
        Usings + """
            namespace Demo;

            public class {|#1:Outer|}
            {
                [Maximize(Precision)]
                [Constraint(Recall, ">=", 0.7)]
                public class {|#0:C|} { }
            }
            """,
        [
            Diagnostic("GOBJ001", DiagnosticSeverity.Error, NotPartialMessage),
            Diagnostic("GOBJ002", DiagnosticSeverity.Error, "Type 'Outer' contains objective class 'C' and must be declared partial", location: 1),
        ],
        Usings + """
            namespace Demo;

            public partial class Outer
            {
                [Maximize(Precision)]
                [Constraint(Recall, ">=", 0.7)]
                public partial class C { }
            }
            """);

    [Theory]
    [InlineData("Maximize(Recall)", "Precision", "=>", ">=", "0.8", "a higher precision is better, so Precision is bounded from below")]
    [InlineData("Maximize(Recall)", "Precision", ">", ">=", "0.8", "a higher precision is better, so Precision is bounded from below")]
    [InlineData("Maximize(Precision)", "Recall", "==", ">=", "0.7", "a higher recall is better, so Recall is bounded from below")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "=<", "<=", "0.1", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "<", "<=", "0.1", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    public Task ReplaceInvalidComparison(string objective, string metric, string written, string intended, string target, string reason) => CodeFixAsync<ReplaceComparisonCodeFixProvider>(
        Usings + $$"""
            namespace Demo;

            [{{objective}}]
            [Constraint({{metric}}, {|#0:"{{written}}"|}, {{target}})]
            public partial class C { }
            """,
        [Diagnostic("GOBJ008", DiagnosticSeverity.Error, $"Comparison \"{written}\" is not supported, only \">=\" and \"<=\" are; use \"{intended}\" ({reason})")],
        Usings + $$"""
            namespace Demo;

            [{{objective}}]
            [Constraint({{metric}}, "{{intended}}", {{target}})]
            public partial class C { }
            """);

    [Fact]
    public Task ReplaceComparisonPointingTheWrongWay() => CodeFixAsync<ReplaceComparisonCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(TruePositiveRate)]
            [Constraint(FalsePositiveRate, {|#0:">="|}, 0.05)]
            public partial class C { }
            """,
        [Diagnostic("GOBJ013", DiagnosticSeverity.Error,
            "Constraint FalsePositiveRate >= 0.05 points the wrong way: a lower false-positive rate is better, so FalsePositiveRate is bounded from above; use \"<=\"")],
        Usings + """
            namespace Demo;

            [Maximize(TruePositiveRate)]
            [Constraint(FalsePositiveRate, "<=", 0.05)]
            public partial class C { }
            """);

    [Fact]
    public Task ReplaceComparison_GivenByName() => CodeFixAsync<ReplaceComparisonCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [Constraint(comparison: {|#0:"≥"|}, metric: Precision, target: 0.8)]
            public partial class C { }
            """,
        [Diagnostic("GOBJ008", DiagnosticSeverity.Error,
            "Comparison \"≥\" is not supported, only \">=\" and \"<=\" are; use \">=\" (a higher precision is better, so Precision is bounded from below)")],
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [Constraint(comparison: ">=", metric: Precision, target: 0.8)]
            public partial class C { }
            """);
}
