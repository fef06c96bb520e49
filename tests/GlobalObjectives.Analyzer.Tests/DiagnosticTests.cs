using GlobalObjectives.Generator.Analyzers;
using GlobalObjectives.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>One test (or theory) per diagnostic ID: ID, severity, location span (markup #0, #1) and exact message.</summary>
public sealed class DiagnosticTests
{
    private const string Supported = "[Maximize(Recall)] + [Constraint(Precision, \">=\", p)]; [Maximize(Precision)] + [Constraint(Recall, \">=\", r)]; "
        + "[Minimize(FalsePositiveRate)] + [Constraint(TruePositiveRate, \">=\", t)]; [Maximize(TruePositiveRate)] + [Constraint(FalsePositiveRate, \"<=\", f)]; "
        + "[Maximize(PrAuc)] with optional [PrecisionRange] and [Anchors]; [Maximize(RocAuc)]";

    private static string Source(string declarations) => Usings + "namespace Demo;\n\n" + declarations + "\n";

    private static DiagnosticResult Error(string id, string message, int location = 0) => Diagnostic(id, DiagnosticSeverity.Error, message, location);

    private static DiagnosticResult Warning(string id, string message, int location = 0) => Diagnostic(id, DiagnosticSeverity.Warning, message, location);

    [Fact]
    public Task GOBJ001_ClassNotPartial_OnClassName() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] public class {|#0:C|} { }"),
        Error("GOBJ001", "Objective class 'C' must be declared partial so that the generated loss can complete it"));

    [Fact]
    public Task GOBJ002_ContainingTypeNotPartial_OnContainingTypeName() => AnalyzerAsync(
        Source("public class {|#0:Outer|} { [Maximize(RocAuc)] public partial class C { } }"),
        Error("GOBJ002", "Type 'Outer' contains objective class 'C' and must be declared partial"));

    [Theory]
    [InlineData("[Maximize(RocAuc)] public static partial class {|#0:C|} { }", "it is static")]
    [InlineData("[Maximize(RocAuc)] public partial class {|#0:C|}<T> { }", "it is generic")]
    [InlineData("[Maximize(RocAuc)] public abstract partial class {|#0:C|} { }", "it is abstract; a loss must be instantiable")]
    [InlineData("[Maximize(RocAuc)] public partial record {|#0:C|} { }", "it is a record; records cannot derive from GlobalObjectiveLoss")]
    [InlineData("public partial class {|#0:Outer|}<T> { [Maximize(RocAuc)] public partial class C { } }", "its containing type 'Outer' is generic")]
    public Task GOBJ003_UnsupportedTypeShape_OnTypeName(string declaration, string reason) => AnalyzerAsync(
        Source(declaration),
        Error("GOBJ003", $"'C' cannot host a generated objective: {reason}"));

    [Fact]
    public Task GOBJ003_NotRepeatedOnAStruct_WhereTheCompilerReportsTheAttribute() => AnalyzerAsync(
        Source("[{|#0:Maximize|}(RocAuc)] public partial struct C { }"),
        DiagnosticResult.CompilerError("CS0592").WithLocation(0).WithArguments("Maximize", "class"));

    [Fact]
    public Task GOBJ004_BaseClass_OnBaseType() => AnalyzerAsync(
        Source("public class Base { }\n[Maximize(RocAuc)] public partial class C : {|#0:Base|}, System.IDisposable { public void Dispose() { } }"),
        Error("GOBJ004", "Objective class 'C' derives from 'Demo.Base'; remove the base class, the generated part derives from GlobalObjectives.GlobalObjectiveLoss"));

    [Fact]
    public Task GOBJ004_NotRepeatedForAnUnresolvedBase() => AnalyzerAsync(
        Source("[Maximize(RocAuc)] public partial class C : {|#0:MissingBase|} { }"),
        DiagnosticResult.CompilerError("CS0246").WithLocation(0).WithArguments("MissingBase"));

    [Fact]
    public Task GOBJ005_RuntimeNotReferenced_OnClassName()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<ObjectiveAnalyzer, DefaultVerifier>
        {
            TestCode = Source("[Maximize(RocAuc)] public partial class {|#0:C|} { }"),
        };
        Configure(test.TestState, withRuntime: false);
        test.ExpectedDiagnostics.Add(Error("GOBJ005", "Objective class 'C' needs GlobalObjectives.GlobalObjectiveLoss; reference the GlobalObjectives.Runtime assembly"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task GOBJ006_InvalidArgument_OnArgument() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(Precision, {|#0:null|}, 0.8)] public partial class C { }"),
        Error("GOBJ006", "Argument 'comparison' of [Constraint] is missing or not a constant of the expected type (string)"));

    [Fact]
    public Task GOBJ006_NotRepeatedWhereTheCompilerAlreadyReports() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(Precision, \">=\", {|#0:\"high\"|})] public partial class C { }"),
        DiagnosticResult.CompilerError("CS1503").WithLocation(0).WithArguments("3", "string", "double"));

    [Fact]
    public Task GOBJ007_UndefinedEnumValue_OnArgument() => AnalyzerAsync(
        Source("[Maximize({|#0:(Metric)999|})] public partial class C { }"),
        Error("GOBJ007", "Argument 'metric' of [Maximize] is 999, which is not a defined Metric value"));

    [Theory]
    [InlineData("=>", "Maximize(Recall)", "Precision", "0.8", ">=", "a higher precision is better, so Precision is bounded from below")]
    [InlineData(">", "Maximize(Recall)", "Precision", "0.8", ">=", "a higher precision is better, so Precision is bounded from below")]
    [InlineData("==", "Maximize(Precision)", "Recall", "0.7", ">=", "a higher recall is better, so Recall is bounded from below")]
    [InlineData("<", "Minimize(FalsePositiveRate)", "TruePositiveRate", "0.9", ">=", "a higher true-positive rate is better, so TruePositiveRate is bounded from below")]
    [InlineData("=<", "Maximize(TruePositiveRate)", "FalsePositiveRate", "0.1", "<=", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    [InlineData("<", "Maximize(TruePositiveRate)", "FalsePositiveRate", "0.1", "<=", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    [InlineData("", "Maximize(TruePositiveRate)", "FalsePositiveRate", "0.1", "<=", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    [InlineData(">", "Maximize(Recall)", "RocAuc", "0.9", ">=", "a larger area under the ROC curve is better, so RocAuc is bounded from below")]
    public Task GOBJ008_InvalidComparison_SuggestsTheIntendedOne(string comparison, string objective, string metric, string target, string suggestion, string reason) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, {{|#0:\"{comparison}\"|}}, {target})] public partial class C {{ }}"),
        Error("GOBJ008", $"Comparison \"{comparison}\" is not supported, only \">=\" and \"<=\" are; use \"{suggestion}\" ({reason})"));

    [Theory]
    [InlineData("1.5", "1.5", "outside [0, 1]")]
    [InlineData("-0.1", "-0.1", "outside [0, 1]")]
    [InlineData("double.NaN", "NaN", "not a finite number; expected a value in [0, 1]")]
    [InlineData("double.PositiveInfinity", "Infinity", "not a finite number; expected a value in [0, 1]")]
    [InlineData("double.NegativeInfinity", "-Infinity", "not a finite number; expected a value in [0, 1]")]
    public Task GOBJ009_TargetOutOfRange_OnTarget(string written, string shown, string why) => AnalyzerAsync(
        Source($"[Maximize(Recall)] [Constraint(Precision, \">=\", {{|#0:{written}|}})] public partial class C {{ }}"),
        Error("GOBJ009", $"Target {shown} of the Precision constraint is {why}"));

    [Theory]
    [InlineData("[{|#0:PrecisionRange(0.9, 0.1)|}]", "0.9", "0.1")]
    [InlineData("[{|#0:PrecisionRange(0.5, 0.5)|}]", "0.5", "0.5")]
    [InlineData("[PrecisionRange({|#0:-0.5|}, 0.5)]", "-0.5", "0.5")]
    [InlineData("[PrecisionRange(0.2, {|#0:1.5|})]", "0.2", "1.5")]
    [InlineData("[PrecisionRange(0.2, {|#0:double.NaN|})]", "0.2", "NaN")]
    public Task GOBJ010_InvalidPrecisionRange_OnArgumentOrAttribute(string range, string lower, string upper) => AnalyzerAsync(
        Source($"[Maximize(PrAuc)] {range} public partial class C {{ }}"),
        Error("GOBJ010", $"Precision range ({lower}, {upper}) must satisfy 0 <= lower < upper <= 1"));

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("20000")]
    public Task GOBJ011_AnchorCountOutOfRange_OnArgument(string count) => AnalyzerAsync(
        Source($"[Maximize(PrAuc)] [Anchors({{|#0:{count}|}})] public partial class C {{ }}"),
        Error("GOBJ011", $"Anchor count {count} must be between 1 and 10000"));

    [Fact]
    public Task GOBJ012_NoObjective_OnClassName() => AnalyzerAsync(
        Source("[Constraint(Precision, \">=\", 0.8)] public partial class {|#0:C|} { }"),
        Error("GOBJ012", "Objective class 'C' has no [Maximize] or [Minimize] attribute; declare exactly one"));

    [Fact]
    public Task GOBJ012_TwoObjectives_OnTheSecond() => AnalyzerAsync(
        Source("[Maximize(Recall)] [{|#0:Minimize(FalsePositiveRate)|}] [Constraint(Precision, \">=\", 0.8)] public partial class C { }"),
        Error("GOBJ012", "Objective class 'C' declares 2 objectives; declare exactly one [Maximize] or [Minimize]"));

    [Fact]
    public Task GOBJ012_RepeatedAttribute_LeftToTheCompiler() => AnalyzerAsync(
        // AllowMultiple = false: the compiler reports CS0579; the analyzer does not repeat it (the parser still rejects the declaration).
        Source("[Maximize(PrAuc)] [Anchors(10)] public partial class C { }\n[{|#0:Anchors|}(20)] public partial class C { }"),
        DiagnosticResult.CompilerError("CS0579").WithLocation(0).WithArguments("Anchors"));

    [Theory]
    [InlineData("Maximize(Recall)", "Precision", "<=", "0.8", ">=", "a higher precision is better, so Precision is bounded from below")]
    [InlineData("Minimize(FalsePositiveRate)", "TruePositiveRate", "<=", "0.9", ">=", "a higher true-positive rate is better, so TruePositiveRate is bounded from below")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", ">=", "0.1", "<=", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above")]
    public Task GOBJ013_DirectionMismatch_OnComparison(string objective, string metric, string comparison, string target, string expected, string reason) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, {{|#0:\"{comparison}\"|}}, {target})] public partial class C {{ }}"),
        Error("GOBJ013", $"Constraint {metric} {comparison} {target} points the wrong way: {reason}; use \"{expected}\""));

    [Theory]
    [InlineData("[{|#0:Maximize(Precision)|}] [Constraint(FalsePositiveRate, \"<=\", 0.1)]", "[Maximize(Precision)] + [Constraint(FalsePositiveRate, \"<=\", 0.1)]")]
    [InlineData("[{|#0:Maximize(Recall)|}]", "[Maximize(Recall)] without a [Constraint]")]
    [InlineData("[{|#0:Maximize(Recall)|}] [Constraint(Precision, \">=\", 0.8)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]", "[Maximize(Recall)] with 2 constraints")]
    [InlineData("[Minimize({|#0:RocAuc|})]", "[Minimize(RocAuc)]")]
    [InlineData("[{|#0:Minimize(Precision)|}] [Constraint(Recall, \">=\", 0.5)]", "[Minimize(Precision)] + [Constraint(Recall, \">=\", 0.5)]")]
    [InlineData("[{|#0:Maximize(Recall)|}] [Constraint(RocAuc, \">=\", 0.5)]", "[Maximize(Recall)] + [Constraint(RocAuc, \">=\", 0.5)]")]
    public Task GOBJ014_UnsupportedCombination_ListsTheSupportedDeclarations(string attributes, string what) => AnalyzerAsync(
        Source(attributes + " public partial class C { }"),
        Error("GOBJ014", $"{what} is not a supported objective; supported declarations: {Supported}"));

    [Theory]
    [InlineData("[Maximize(RocAuc)] [{|#0:PrecisionRange(0.1, 0.9)|}]", "PrecisionRange", "[Maximize(RocAuc)]")]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] [{|#0:Anchors(3)|}]", "Anchors", "[Maximize(Recall)]")]
    [InlineData("[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.9)] [{|#0:PrecisionRange(0.5, 1.0)|}]", "PrecisionRange", "[Minimize(FalsePositiveRate)]")]
    public Task GOBJ015_AucOptionOnAnotherObjective_IsAWarning(string attributes, string attribute, string objective) => AnalyzerAsync(
        Source(attributes + " public partial class C { }"),
        Warning("GOBJ015", $"[{attribute}] only configures [Maximize(PrAuc)]; it is ignored on {objective}"));

    [Fact]
    public void GOBJ016_InternalError_IsAnErrorOnTheClassName()
    {
        // The parser never throws on any input the fuzz test produced, so the problem is built directly; the analyzer
        // maps it to the class name like every other type problem.
        var compilation = Compile(Source("[Maximize(RocAuc)] public partial class C { }"));
        var type = compilation.GetTypeByMetadataName("Demo.C")!;
        var problem = ParseProblem.OnType(ProblemKind.InternalError, "C", "InvalidOperationException: boom");

        var location = ObjectiveAnalyzer.Locate(type, problem, CancellationToken.None);

        Assert.Equal("C", location.SourceTree!.GetText().ToString(location.SourceSpan));
        Assert.Equal("GOBJ016", problem.Id);
        Assert.True(problem.IsError);
        Assert.Equal("The GlobalObjectives generator failed on 'C': InvalidOperationException: boom", problem.Message);
        Assert.Equal(DiagnosticSeverity.Error, DiagnosticDescriptors.InternalError.DefaultSeverity);
    }

    [Theory]
    [InlineData("Maximize(Recall)", "Precision", ">=", "1.0", "1", "demands no false positive at all: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1)")]
    [InlineData("Maximize(Precision)", "Recall", ">=", "1", "1", "demands no false negative at all: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1)")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "<=", "0.0", "0", "demands no false positive at all: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1)")]
    [InlineData("Maximize(Precision)", "Recall", ">=", "0.0", "0", "always holds, so it is vacuous: its Lagrange multiplier only adds noise and the objective is effectively unconstrained")]
    [InlineData("Maximize(Recall)", "Precision", ">=", "0", "0", "always holds, so it is vacuous: its Lagrange multiplier only adds noise and the objective is effectively unconstrained")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "<=", "1.0", "1", "always holds, so it is vacuous: its Lagrange multiplier only adds noise and the objective is effectively unconstrained")]
    public Task GOBJ017_DegenerateTarget_IsAWarningOnTheTarget(string objective, string metric, string comparison, string written, string shown, string why) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, \"{comparison}\", {{|#0:{written}|}})] public partial class C {{ }}"),
        Warning("GOBJ017", $"Constraint {metric} {comparison} {shown} {why}; use a target strictly between 0 and 1"));

    [Theory]
    [InlineData("Maximize(Recall)", "TruePositiveRate", ">=", "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("Maximize(Precision)", "Precision", ">=", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Minimize(FalsePositiveRate)", "FalsePositiveRate", "<=", "[Constraint(TruePositiveRate, \">=\", t)]")]
    public Task GOBJ018_OwnMetricConstrained_OnTheMetric(string objective, string metric, string comparison, string example) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({{|#0:{metric}|}}, \"{comparison}\", 0.5)] public partial class C {{ }}"),
        Error("GOBJ018", $"{metric} is the metric that [{objective}] optimizes and cannot also be constrained; constrain another metric, for example {example}"));

    [Theory]
    [InlineData("Precision, \">=\", 0.8", "Precision, \">=\", 0.9")]
    [InlineData("Precision, \">=\", 0.8", "Precision, \">=\", 0.8")]
    public Task GOBJ019_DuplicateConstraint_OnTheRepetition(string first, string second) => AnalyzerAsync(
        Source($"[Maximize(Recall)] [Constraint({first})] [{{|#0:Constraint({second})|}}] public partial class C {{ }}"),
        Error("GOBJ019", $"Precision is already constrained by [Constraint({first})]; keep a single [Constraint(Precision, ...)]"));

    [Fact]
    public Task GOBJ020_ContradictoryConstraints_OnTheSecond() => AnalyzerAsync(
        Source("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.9)] [{|#0:Constraint(Recall, {|#1:\"<=\"|}, 0.8)|}] public partial class C { }"),
        Error("GOBJ013", "Constraint Recall <= 0.8 points the wrong way: a higher recall is better, so Recall is bounded from below; use \">=\"", location: 1),
        Error("GOBJ020", "[Constraint(Recall, \"<=\", 0.8)] contradicts [Constraint(Recall, \">=\", 0.9)]: no Recall satisfies both"));

    [Theory]
    [InlineData("RocAuc")]
    [InlineData("PrAuc")]
    public Task GOBJ021_ConstraintOnAuc_OnTheConstraint(string metric) => AnalyzerAsync(
        Source($"[Maximize({metric})] [{{|#0:Constraint(Precision, \">=\", 0.8)|}}] public partial class C {{ }}"),
        Error("GOBJ021", $"[Maximize({metric})] takes no [Constraint]: the area under the curve already covers every operating point; remove the constraint, or use [PrecisionRange] to restrict a PR-AUC"));

    [Fact]
    public Task GOBJ022_LargeAnchorCount_IsAWarningOnTheCount() => AnalyzerAsync(
        Source("[Maximize(PrAuc)] [Anchors({|#0:5000|})] public partial class C { }"),
        Warning("GOBJ022", "Anchor count 5000 is above 1000: every anchor adds a Lagrange multiplier and a bias per label and a loss term per example, which slows training for a negligible gain in the Riemann sum"));

    [Fact]
    public Task NamedArgumentsInAnyOrder_LocateTheRightArgument() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(target: 0.8, comparison: {|#0:\"=>\"|}, metric: Precision)] public partial class C { }"),
        Error("GOBJ008", "Comparison \"=>\" is not supported, only \">=\" and \"<=\" are; use \">=\" (a higher precision is better, so Precision is bounded from below)"));

    [Fact]
    public Task SeveralProblems_AreAllReported() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(Precision, {|#1:\"=>\"|}, {|#2:2.0|})] public class {|#0:C|} { }"),
        Error("GOBJ001", "Objective class 'C' must be declared partial so that the generated loss can complete it"),
        Error("GOBJ008", "Comparison \"=>\" is not supported, only \">=\" and \"<=\" are; use \">=\" (a higher precision is better, so Precision is bounded from below)", location: 1),
        Error("GOBJ009", "Target 2 of the Precision constraint is outside [0, 1]", location: 2));
}
