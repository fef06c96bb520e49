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
            "[Constraint(FalsePositiveRate, \">=\", 0.05)] points the wrong way: a lower false-positive rate is better, so FalsePositiveRate is bounded from above; "
            + "bounding it from below needs the mirror bounds (FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2), which sit at least N_neg away from the bounds the rest of the Lagrangian uses, "
            + "so the relaxation could hold while the true constraint fails, or be infeasible; not supported; use \"<=\"")],
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

    // -------------------------------------------------------------------------------------------------------------
    // Remove a redundant (GOBJ019) or vacuous (GOBJ017) constraint
    // -------------------------------------------------------------------------------------------------------------

    private const string RedundantPrecision =
        "[Constraint(Precision, \">=\", 0.8)] is implied by [Constraint(Precision, \">=\", 0.9)] (Precision >= 0.9); remove it";

    [Fact]
    public Task RemoveRedundantConstraint_OnItsOwnLine() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [{|#0:Constraint(Precision, ">=", 0.8)|}]
            [Constraint(Precision, ">=", 0.9)]
            public partial class C { }
            """,
        [Diagnostic("GOBJ019", DiagnosticSeverity.Warning, RedundantPrecision)],
        Usings + """
            namespace Demo;

            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.9)]
            public partial class C { }
            """);

    [Fact]
    public Task RemoveRedundantConstraint_FromASectionWithSeveralAttributes() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo
            {
                [Maximize(Recall)]
                [Constraint(FalsePositiveRate, "<=", 0.1), {|#0:Constraint(Precision, ">=", 0.8)|}, Constraint(Precision, ">=", 0.9)]
                public partial class C { }
            }
            """,
        [Diagnostic("GOBJ019", DiagnosticSeverity.Warning, RedundantPrecision)],
        Usings + """
            namespace Demo
            {
                [Maximize(Recall)]
                [Constraint(FalsePositiveRate, "<=", 0.1), Constraint(Precision, ">=", 0.9)]
                public partial class C { }
            }
            """);

    [Fact]
    public Task RemoveRedundantConstraint_LastInASection() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Recall), Constraint(Precision, ">=", 0.9), {|#0:Constraint(Precision, ">=", 0.8)|}]
            public partial class C { }
            """,
        [Diagnostic("GOBJ019", DiagnosticSeverity.Warning, RedundantPrecision)],
        Usings + """
            namespace Demo;

            [Maximize(Recall), Constraint(Precision, ">=", 0.9)]
            public partial class C { }
            """);

    [Fact]
    public Task RemoveImpliedFScore_OnTheSameLineAsOtherSections() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Accuracy)] [Constraint(Precision, ">=", 0.8)] [{|#0:Constraint(FScore, ">=", 0.5)|}] [Constraint(Recall, ">=", 0.6)] public partial class C { }
            """,
        [Diagnostic("GOBJ019", DiagnosticSeverity.Warning,
            "[Constraint(FScore, \">=\", 0.5)] is implied by [Constraint(Precision, \">=\", 0.8)] and [Constraint(Recall, \">=\", 0.6)] (Precision >= 0.8 and Recall >= 0.6 imply FScore >= 0.685714285714); remove it")],
        Usings + """
            namespace Demo;

            [Maximize(Accuracy)] [Constraint(Precision, ">=", 0.8)] [Constraint(Recall, ">=", 0.6)] public partial class C { }
            """);

    [Fact]
    public Task RemoveRedundantConstraints_FixAll() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Precision)]
            [{|#0:Constraint(Recall, ">=", 0.9)|}]
            [Constraint(FalseNegativeRate, "<=", 0.05)]
            [{|#1:Constraint(TruePositiveRate, ">=", 0.8)|}]
            public partial class C { }
            """,
        [
            Diagnostic("GOBJ019", DiagnosticSeverity.Warning, "[Constraint(Recall, \">=\", 0.9)] is implied by [Constraint(FalseNegativeRate, \"<=\", 0.05)] (Recall >= 0.95); remove it"),
            Diagnostic("GOBJ019", DiagnosticSeverity.Warning, "[Constraint(TruePositiveRate, \">=\", 0.8)] is implied by [Constraint(FalseNegativeRate, \"<=\", 0.05)] (Recall >= 0.95); remove it", location: 1),
        ],
        Usings + """
            namespace Demo;

            [Maximize(Precision)]
            [Constraint(FalseNegativeRate, "<=", 0.05)]
            public partial class C { }
            """);

    [Fact]
    public Task RemoveVacuousConstraint() => CodeFixAsync<RemoveAttributeCodeFixProvider>(
        Usings + """
            namespace Demo;

            [Maximize(Precision)]
            [Constraint(Recall, ">=", 0.7)]
            [Constraint(FalsePositiveRate, "<=", {|#0:1.0|})]
            public partial class C { }
            """,
        [Diagnostic("GOBJ017", DiagnosticSeverity.Warning,
            "[Constraint(FalsePositiveRate, \"<=\", 1)] is vacuous: it always holds, yet its relaxation still trains (FalsePositiveRate ≤ 1 becomes FP_ub ≤ N_neg, which bites whenever negatives average ℓ⁻ > m2); remove it")],
        Usings + """
            namespace Demo;

            [Maximize(Precision)]
            [Constraint(Recall, ">=", 0.7)]
            public partial class C { }
            """);

    [Fact]
    public async Task PerfectTarget_IsNotRemoved()
    {
        // GOBJ017 on a perfect target (Recall >= 1) is a warning whose fix is a different target, not a deletion.
        string source = Usings + """
            namespace Demo;

            [Maximize(Precision)]
            [Constraint(Recall, ">=", {|#0:1.0|})]
            public partial class C { }
            """;
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<GlobalObjectives.Generator.Analyzers.ObjectiveAnalyzer, RemoveAttributeCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = source,
        };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.Add(Diagnostic("GOBJ017", DiagnosticSeverity.Warning,
            "[Constraint(Recall, \">=\", 1)] demands no false negative at all: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1); use a target strictly between 0 and 1"));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(CancellationToken.None);
    }
}
