using GlobalObjectives.Generator.Analyzers;
using GlobalObjectives.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>One test (or theory) per diagnostic ID: ID, severity, location span (markup #0, #1) and exact message.</summary>
public sealed class DiagnosticTests
{
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
    [InlineData("[{|#0:PrecisionRange(0.9, 0.1)|}]", "PrecisionRange", "0.9", "0.1")]
    [InlineData("[{|#0:PrecisionRange(0.5, 0.5)|}]", "PrecisionRange", "0.5", "0.5")]
    [InlineData("[PrecisionRange({|#0:-0.5|}, 0.5)]", "PrecisionRange", "-0.5", "0.5")]
    [InlineData("[PrecisionRange(0.2, {|#0:1.5|})]", "PrecisionRange", "0.2", "1.5")]
    [InlineData("[PrecisionRange(0.2, {|#0:double.NaN|})]", "PrecisionRange", "0.2", "NaN")]
    public Task GOBJ010_InvalidPrecisionRange_OnArgumentOrAttribute(string range, string attribute, string lower, string upper) => AnalyzerAsync(
        Source($"[Maximize(PrAuc)] {range} public partial class C {{ }}"),
        Error("GOBJ010", $"[{attribute}({lower}, {upper})] is not a valid range: it must satisfy 0 <= lower < upper <= 1"));

    [Theory]
    [InlineData("[{|#0:FprRange(0.2, 0.1)|}]", "0.2", "0.1")]
    [InlineData("[{|#0:FprRange(0, 0)|}]", "0", "0")]
    [InlineData("[FprRange({|#0:-0.1|}, 0.1)]", "-0.1", "0.1")]
    [InlineData("[FprRange(0, {|#0:1.5|})]", "0", "1.5")]
    [InlineData("[FprRange(0, {|#0:double.PositiveInfinity|})]", "0", "Infinity")]
    public Task GOBJ010_InvalidFprRange_OnArgumentOrAttribute(string range, string lower, string upper) => AnalyzerAsync(
        Source($"[Maximize(RocAuc)] {range} public partial class C {{ }}"),
        Error("GOBJ010", $"[FprRange({lower}, {upper})] is not a valid range: it must satisfy 0 <= lower < upper <= 1"));

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

    private const string MirrorTail = ", which sit at least {0} away from the bounds the rest of the Lagrangian uses, so the relaxation could hold while the true constraint fails, or be infeasible; not supported";

    [Theory]
    [InlineData("Maximize(Recall)", "Precision", "<=", "0.8", ">=", "a higher precision is better, so Precision is bounded from below; bounding it from above needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2 and FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2)", "P or N_neg")]
    [InlineData("Minimize(FalsePositiveRate)", "TruePositiveRate", "<=", "0.9", ">=", "a higher true-positive rate is better, so TruePositiveRate is bounded from below; bounding it from above needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2)", "P")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", ">=", "0.1", "<=", "a lower false-positive rate is better, so FalsePositiveRate is bounded from above; bounding it from below needs the mirror bounds (FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2)", "N_neg")]
    [InlineData("Maximize(Precision)", "FalseNegativeRate", ">=", "0.1", "<=", "a lower false-negative rate is better, so FalseNegativeRate is bounded from above; bounding it from below needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2)", "P")]
    [InlineData("Maximize(Recall)", "Specificity", "<=", "0.9", ">=", "a higher specificity is better, so Specificity is bounded from below; bounding it from above needs the mirror bounds (FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2)", "N_neg")]
    [InlineData("Maximize(Recall)", "TrueNegativeRate", "<=", "0.9", ">=", "a higher true-negative rate is better, so TrueNegativeRate is bounded from below; bounding it from above needs the mirror bounds (FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2)", "N_neg")]
    [InlineData("Maximize(Recall)", "NegativePredictiveValue", "<=", "0.9", ">=", "a higher negative predictive value is better, so NegativePredictiveValue is bounded from below; bounding it from above needs the mirror bounds (TN ≤ Σ (1−y)·ℓ⁺/m2 and TP ≤ Σ y·ℓ⁻/m2)", "P or N_neg")]
    [InlineData("Maximize(Recall)", "Accuracy", "<=", "0.9", ">=", "a higher accuracy is better, so Accuracy is bounded from below; bounding it from above needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2 and TN ≤ Σ (1−y)·ℓ⁺/m2)", "P or N_neg")]
    [InlineData("Maximize(Recall)", "FScore", "<=", "0.9", ">=", "a higher F-score is better, so FScore is bounded from below; bounding it from above needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2 and FP ≥ N_neg − Σ (1−y)·ℓ⁺/m2)", "P or N_neg")]
    public Task GOBJ013_DirectionMismatch_OnComparison_GivesTheReason(string objective, string metric, string comparison, string target, string expected, string reason, string gap) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, {{|#0:\"{comparison}\"|}}, {target})] public partial class C {{ }}"),
        Error("GOBJ013", $"[Constraint({metric}, \"{comparison}\", {target})] points the wrong way: {reason}{string.Format(MirrorTail, gap)}; use \"{expected}\""));

    [Fact]
    public Task GOBJ013_Band_SaysItsRelaxationIsInfeasible() => AnalyzerAsync(
        Source("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.5)] [Constraint(FalseNegativeRate, {|#0:\">=\"|}, 0.2)] public partial class C { }"),
        Error("GOBJ013", "[Constraint(FalseNegativeRate, \">=\", 0.2)] points the wrong way: a lower false-negative rate is better, so FalseNegativeRate is bounded from above; "
            + "bounding it from below needs the mirror bounds (TP ≤ Σ y·ℓ⁻/m2)" + string.Format(MirrorTail, "P")
            + "; with [Constraint(Recall, \">=\", 0.5)] it forms the band 0.5 <= Recall <= 0.8, whose relaxation is infeasible unless the band is at least 1 wide "
            + "(the mirror bound sits at least P or N_neg from the seed bound); use \"<=\""));

    [Theory]
    [InlineData("[Minimize({|#0:RocAuc|})]", "[Minimize(RocAuc)] is not supported: minimizing the area under the ROC curve is won by ranking negatives above positives")]
    [InlineData("[Minimize({|#0:PrAuc|})]", "[Minimize(PrAuc)] is not supported: minimizing the area under the precision-recall curve is won by ranking negatives above positives")]
    [InlineData("[Minimize({|#0:Recall|})] [Constraint(Precision, \">=\", 0.5)]", "[Minimize(Recall)] is not supported: minimizing recall is won by flagging nothing")]
    [InlineData("[Minimize({|#0:TruePositiveRate|})] [Constraint(Precision, \">=\", 0.5)]", "[Minimize(TruePositiveRate)] is not supported: minimizing the true-positive rate is won by flagging nothing")]
    [InlineData("[Maximize({|#0:FalseNegativeRate|})] [Constraint(Precision, \">=\", 0.5)]", "[Maximize(FalseNegativeRate)] is not supported: maximizing the false-negative rate is won by flagging nothing")]
    [InlineData("[Maximize({|#0:FalsePositiveRate|})] [Constraint(Recall, \">=\", 0.5)]", "[Maximize(FalsePositiveRate)] is not supported: maximizing the false-positive rate is won by flagging everything")]
    [InlineData("[Minimize({|#0:Specificity|})] [Constraint(Recall, \">=\", 0.5)]", "[Minimize(Specificity)] is not supported: minimizing specificity is won by flagging everything")]
    [InlineData("[Minimize({|#0:TrueNegativeRate|})] [Constraint(Recall, \">=\", 0.5)]", "[Minimize(TrueNegativeRate)] is not supported: minimizing the true-negative rate is won by flagging everything")]
    [InlineData("[Minimize({|#0:Precision|})] [Constraint(Recall, \">=\", 0.5)]", "[Minimize(Precision)] is not supported: minimizing precision rewards flagging negatives rather than positives, which no useful classifier wants")]
    [InlineData("[Maximize({|#0:NegativePredictiveValue|})] [Constraint(Recall, \">=\", 0.5)]", "[Maximize(NegativePredictiveValue)] is not supported: maximizing NPV needs a true-negative floor and is not supported")]
    [InlineData("[Minimize({|#0:NegativePredictiveValue|})]", "[Minimize(NegativePredictiveValue)] is not supported: minimizing NPV rewards passing positives rather than negatives, which no useful classifier wants")]
    [InlineData("[Minimize({|#0:Accuracy|})]", "[Minimize(Accuracy)] is not supported: minimizing accuracy is won by the inverted classifier")]
    [InlineData("[Minimize({|#0:FScore|})]", "[Minimize(FScore)] is not supported: minimizing the F-score is won by flagging nothing")]
    [InlineData("[{|#0:Maximize(Recall)|}]", "[Maximize(Recall)] without a [Constraint] is not supported: maximizing recall alone flags everything; add a constraint such as [Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("[{|#0:Maximize(TruePositiveRate)|}]", "[Maximize(TruePositiveRate)] without a [Constraint] is not supported: maximizing the true-positive rate alone flags everything; add a constraint such as [Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("[{|#0:Minimize(FalseNegativeRate)|}]", "[Minimize(FalseNegativeRate)] without a [Constraint] is not supported: minimizing the false-negative rate alone flags everything; add a constraint such as [Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("[{|#0:Minimize(FalsePositiveRate)|}]", "[Minimize(FalsePositiveRate)] without a [Constraint] is not supported: minimizing the false-positive rate alone flags nothing; add a constraint such as [Constraint(Recall, \">=\", r)]")]
    [InlineData("[{|#0:Maximize(TrueNegativeRate)|}]", "[Maximize(TrueNegativeRate)] without a [Constraint] is not supported: maximizing the true-negative rate alone flags nothing; add a constraint such as [Constraint(Recall, \">=\", r)]")]
    [InlineData("[{|#0:Maximize(Specificity)|}]", "[Maximize(Specificity)] without a [Constraint] is not supported: maximizing specificity alone flags nothing; add a constraint such as [Constraint(Recall, \">=\", r)]")]
    [InlineData("[Maximize(Recall)] [Constraint({|#0:RocAuc|}, \">=\", 0.5)]", "[Constraint(RocAuc, \">=\", 0.5)] is not supported: an area under the curve is not a rate at one threshold, so no Lagrangian constraint bounds it; constrain a rate such as Precision or Recall, or maximize PrAuc or RocAuc instead")]
    [InlineData("[Maximize(Accuracy)] [Constraint({|#0:PrAuc|}, \">=\", 0.5)]", "[Constraint(PrAuc, \">=\", 0.5)] is not supported: an area under the curve is not a rate at one threshold, so no Lagrangian constraint bounds it; constrain a rate such as Precision or Recall, or maximize PrAuc or RocAuc instead")]
    public Task GOBJ014_UnsupportedObjective_SaysWhy(string attributes, string message) => AnalyzerAsync(
        Source(attributes + " public partial class C { }"),
        Error("GOBJ014", message));

    [Theory]
    [InlineData("[Maximize(RocAuc)] [{|#0:PrecisionRange(0.1, 0.9)|}]", "[PrecisionRange]", "[Maximize(PrAuc)]", "[Maximize(RocAuc)]")]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] [{|#0:Anchors(3)|}]", "[Anchors]", "[Maximize(PrAuc)] and [Maximize(RocAuc)] with [FprRange]", "[Maximize(Recall)]")]
    [InlineData("[Maximize(RocAuc)] [{|#0:Anchors(3)|}]", "[Anchors]", "[Maximize(PrAuc)] and [Maximize(RocAuc)] with [FprRange]", "[Maximize(RocAuc)] without [FprRange]")]
    [InlineData("[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.9)] [{|#0:PrecisionRange(0.5, 1.0)|}]", "[PrecisionRange]", "[Maximize(PrAuc)]", "[Minimize(FalsePositiveRate)]")]
    [InlineData("[Maximize(PrAuc)] [{|#0:FprRange(0, 0.1)|}]", "[FprRange]", "[Maximize(RocAuc)]", "[Maximize(PrAuc)]")]
    [InlineData("[Maximize(Accuracy)] [{|#0:FprRange(0, 0.1)|}]", "[FprRange]", "[Maximize(RocAuc)]", "[Maximize(Accuracy)]")]
    [InlineData("[Maximize(Recall, {|#0:Beta = 2|})] [Constraint(Precision, \">=\", 0.8)]", "Beta", "the FScore metric", "[Maximize(Recall)]")]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8, {|#0:Beta = 1|})]", "Beta", "the FScore metric", "[Constraint(Precision, \">=\", 0.8)]")]
    [InlineData("[Maximize(PrAuc, {|#0:Beta = 0.5|})]", "Beta", "the FScore metric", "[Maximize(PrAuc)]")]
    public Task GOBJ015_AttributeThatDoesNotApply_IsAWarning(string attributes, string attribute, string applies, string objective) => AnalyzerAsync(
        Source(attributes + " public partial class C { }"),
        Warning("GOBJ015", $"{attribute} only configures {applies}; it is ignored on {objective}"));

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

    private const string PerfectTail = ": the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1); use a target strictly between 0 and 1";

    [Theory]
    [InlineData("Maximize(Recall)", "Precision", ">=", "1.0", "1", "no false positive at all")]
    [InlineData("Maximize(Precision)", "Recall", ">=", "1", "1", "no false negative at all")]
    [InlineData("Maximize(Precision)", "FalseNegativeRate", "<=", "0", "0", "no false negative at all")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "<=", "0.0", "0", "no false positive at all")]
    [InlineData("Maximize(Recall)", "Specificity", ">=", "1", "1", "no false positive at all")]
    [InlineData("Maximize(Recall)", "NegativePredictiveValue", ">=", "1", "1", "no false negative at all")]
    [InlineData("Maximize(Recall)", "Accuracy", ">=", "1", "1", "no false positive and no false negative at all")]
    [InlineData("Maximize(Accuracy)", "FScore", ">=", "1", "1", "no false positive and no false negative at all")]
    public Task GOBJ017_PerfectTarget_IsAWarningOnTheTarget(string objective, string metric, string comparison, string written, string shown, string requirement) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, \"{comparison}\", {{|#0:{written}|}})] public partial class C {{ }}"),
        Warning("GOBJ017", $"[Constraint({metric}, \"{comparison}\", {shown})] demands {requirement}{PerfectTail}"));

    [Theory]
    [InlineData("Maximize(Precision)", "Recall", ">=", "0.0", "0", "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2")]
    [InlineData("Maximize(Precision)", "TruePositiveRate", ">=", "0", "0", "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2")]
    [InlineData("Maximize(Precision)", "FalseNegativeRate", "<=", "1", "1", "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2")]
    [InlineData("Maximize(Recall)", "Precision", ">=", "0", "0", "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2")]
    [InlineData("Maximize(Recall)", "FScore", ">=", "0", "0", "FN_ub ≤ P, which bites whenever positives average ℓ⁺ > m2")]
    [InlineData("Maximize(TruePositiveRate)", "FalsePositiveRate", "<=", "1.0", "1", "FP_ub ≤ N_neg, which bites whenever negatives average ℓ⁻ > m2")]
    [InlineData("Maximize(Recall)", "TrueNegativeRate", ">=", "0", "0", "FP_ub ≤ N_neg, which bites whenever negatives average ℓ⁻ > m2")]
    [InlineData("Maximize(Recall)", "NegativePredictiveValue", ">=", "0", "0", "FP_ub ≤ N_neg, which bites whenever negatives average ℓ⁻ > m2")]
    [InlineData("Maximize(Recall)", "Accuracy", ">=", "0", "0", "FN_ub + FP_ub ≤ N, which bites whenever examples average a surrogate loss above m2")]
    public Task GOBJ017_VacuousTarget_IsAWarningThatItStillTrains(string objective, string metric, string comparison, string written, string shown, string relaxation) => AnalyzerAsync(
        Source($"[{objective}] [Constraint({metric}, \"{comparison}\", {{|#0:{written}|}})] public partial class C {{ }}"),
        Warning("GOBJ017", $"[Constraint({metric}, \"{comparison}\", {shown})] is vacuous: it always holds, yet its relaxation still trains ({metric} {(comparison == ">=" ? "≥" : "≤")} {shown} becomes {relaxation}); remove it"));

    [Theory]
    [InlineData("Maximize(Recall)", "TruePositiveRate", ">=", "0.5", "recall", "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("Maximize(Recall)", "FalseNegativeRate", "<=", "0.1", "recall (FalseNegativeRate <= 0.1 is Recall >= 0.9)", "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("Minimize(FalseNegativeRate)", "Recall", ">=", "0.5", "recall", "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]")]
    [InlineData("Maximize(Precision)", "Precision", ">=", "0.5", "precision", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Minimize(FalsePositiveRate)", "FalsePositiveRate", "<=", "0.5", "the false-positive rate", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Minimize(FalsePositiveRate)", "Specificity", ">=", "0.9", "the false-positive rate (Specificity >= 0.9 is FalsePositiveRate <= 0.1)", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Maximize(TrueNegativeRate)", "FalsePositiveRate", "<=", "0.5", "the false-positive rate", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Maximize(Accuracy)", "Accuracy", ">=", "0.5", "accuracy", "[Constraint(Recall, \">=\", r)]")]
    [InlineData("Maximize(FScore)", "FScore", ">=", "0.5", "the F-score", "[Constraint(Precision, \">=\", p)] or [Constraint(Recall, \">=\", r)]")]
    public Task GOBJ018_OwnMetricConstrained_OnTheMetric(string objective, string metric, string comparison, string target, string words, string example) => AnalyzerAsync(
        // Maximize(Precision) also needs a true-positive floor (GOBJ023), which the recall constraint gives it.
        Source($"[{objective}] [Constraint({{|#0:{metric}|}}, \"{comparison}\", {target})]{(objective == "Maximize(Precision)" ? " [Constraint(Recall, \">=\", 0.3)]" : "")} public partial class C {{ }}"),
        Error("GOBJ018", $"[Constraint({metric}, \"{comparison}\", {target})] constrains {words}, the metric that [{objective}] optimizes; constrain another metric, for example {example}"));

    [Fact]
    public Task GOBJ018_FScoreWithAnotherBeta_IsAnotherMetric() => AnalyzerAsync(
        Source("[Maximize(FScore)] [Constraint(FScore, \">=\", 0.5, Beta = 2)] public partial class C { }"));

    [Fact]
    public Task GOBJ018_FScoreWithTheSameBeta_IsTheOwnMetric() => AnalyzerAsync(
        Source("[Maximize(FScore, Beta = 2)] [Constraint({|#0:FScore|}, \">=\", 0.5, Beta = 2)] public partial class C { }"),
        Error("GOBJ018", "[Constraint(FScore, \">=\", 0.5, Beta = 2)] constrains the F-score with Beta = 2, the metric that [Maximize(FScore, Beta = 2)] optimizes; constrain another metric, for example [Constraint(Precision, \">=\", p)] or [Constraint(Recall, \">=\", r)]"));

    [Theory]
    [InlineData("[{|#0:Constraint(Precision, \">=\", 0.8)|}] [Constraint(Precision, \">=\", 0.9)]", "[Constraint(Precision, \">=\", 0.8)]", "[Constraint(Precision, \">=\", 0.9)]", "Precision >= 0.9")]
    [InlineData("[Constraint(Precision, \">=\", 0.8)] [{|#0:Constraint(Precision, \">=\", 0.8)|}]", "[Constraint(Precision, \">=\", 0.8)]", "[Constraint(Precision, \">=\", 0.8)]", "Precision >= 0.8")]
    [InlineData("[Constraint(FalsePositiveRate, \"<=\", 0.05)] [{|#0:Constraint(Specificity, \">=\", 0.9)|}]", "[Constraint(Specificity, \">=\", 0.9)]", "[Constraint(FalsePositiveRate, \"<=\", 0.05)]", "FalsePositiveRate <= 0.05")]
    [InlineData("[{|#0:Constraint(FalsePositiveRate, \"<=\", 0.1)|}] [Constraint(TrueNegativeRate, \">=\", 0.95)]", "[Constraint(FalsePositiveRate, \"<=\", 0.1)]", "[Constraint(TrueNegativeRate, \">=\", 0.95)]", "FalsePositiveRate <= 0.05")]
    [InlineData("[Constraint(FalsePositiveRate, \"<=\", 0.1)] [{|#0:Constraint(TrueNegativeRate, \">=\", 0.9)|}]", "[Constraint(TrueNegativeRate, \">=\", 0.9)]", "[Constraint(FalsePositiveRate, \"<=\", 0.1)]", "FalsePositiveRate <= 0.1")]
    public Task GOBJ019_Redundant_IsAWarningOnTheLooserOne(string constraints, string looser, string tighter, string bound) => AnalyzerAsync(
        Source($"[Maximize(Recall)] {constraints} public partial class C {{ }}"),
        Warning("GOBJ019", $"{looser} is implied by {tighter} ({bound}); remove it"));

    [Fact]
    public Task GOBJ019_Redundant_ThroughAComplement() => AnalyzerAsync(
        Source("[Maximize(Precision)] [{|#0:Constraint(Recall, \">=\", 0.9)|}] [Constraint(FalseNegativeRate, \"<=\", 0.05)] public partial class C { }"),
        Warning("GOBJ019", "[Constraint(Recall, \">=\", 0.9)] is implied by [Constraint(FalseNegativeRate, \"<=\", 0.05)] (Recall >= 0.95); remove it"));

    [Fact]
    public Task GOBJ019_FScoreImpliesPrecisionAndRecall() => AnalyzerAsync(
        Source("[Maximize(Accuracy)] [Constraint(FScore, \">=\", 0.8)] [{|#0:Constraint(Precision, \">=\", 0.4)|}] [{|#1:Constraint(FalseNegativeRate, \"<=\", 0.7)|}] [Constraint(Recall, \">=\", 0.5)] public partial class C { }"),
        Warning("GOBJ019", "[Constraint(Precision, \">=\", 0.4)] is implied by [Constraint(FScore, \">=\", 0.8)] (FScore >= 0.8 implies Precision >= 0.4); remove it"),
        Warning("GOBJ019", "[Constraint(FalseNegativeRate, \"<=\", 0.7)] is implied by [Constraint(Recall, \">=\", 0.5)] (Recall >= 0.5); remove it", location: 1));

    [Fact]
    public Task GOBJ019_FScoreWithBeta_ImpliesRecall() => AnalyzerAsync(
        Source("[Maximize(Precision)] [Constraint(FScore, \">=\", 0.5, Beta = 2)] [{|#0:Constraint(Recall, \">=\", 0.4)|}] public partial class C { }"),
        Warning("GOBJ019", "[Constraint(Recall, \">=\", 0.4)] is implied by [Constraint(FScore, \">=\", 0.5, Beta = 2)] (FScore (Beta = 2) >= 0.5 implies Recall >= 0.4); remove it"));

    [Fact]
    public Task GOBJ019_PrecisionAndRecallImplyFScore() => AnalyzerAsync(
        Source("[Maximize(Accuracy)] [{|#0:Constraint(FScore, \">=\", 0.5)|}] [Constraint(Precision, \">=\", 0.8)] [Constraint(Recall, \">=\", 0.6)] public partial class C { }"),
        Warning("GOBJ019", "[Constraint(FScore, \">=\", 0.5)] is implied by [Constraint(Precision, \">=\", 0.8)] and [Constraint(Recall, \">=\", 0.6)] (Precision >= 0.8 and Recall >= 0.6 imply FScore >= 0.685714285714); remove it"));

    [Fact]
    public Task GOBJ019_NotWhenTheBoundsDoNotImplyEachOther() => AnalyzerAsync(
        Source("[Maximize(Accuracy)] [Constraint(FScore, \">=\", 0.8)] [Constraint(Precision, \">=\", 0.5)] [Constraint(Recall, \">=\", 0.9)] public partial class C { }"));

    [Theory]
    [InlineData("[Constraint(Recall, \">=\", 0.9)] [{|#0:Constraint(FalseNegativeRate, \">=\", 0.2)|}]", "[Constraint(FalseNegativeRate, \">=\", 0.2)]", "[Constraint(Recall, \">=\", 0.9)]", "Recall >= 0.9 and Recall <= 0.8")]
    [InlineData("[Constraint(Recall, \"<=\", 0.5)] [{|#0:Constraint(TruePositiveRate, \">=\", 0.6)|}]", "[Constraint(TruePositiveRate, \">=\", 0.6)]", "[Constraint(Recall, \"<=\", 0.5)]", "Recall >= 0.6 and Recall <= 0.5")]
    public Task GOBJ020_Contradictory_OnTheLaterOne_InsteadOfTheDirectionError(string constraints, string later, string earlier, string bounds) => AnalyzerAsync(
        Source($"[Maximize(Precision)] {constraints} public partial class C {{ }}"),
        Error("GOBJ020", $"{later} contradicts {earlier}: together they require {bounds}, which no classifier satisfies"));

    [Fact]
    public Task GOBJ020_ThroughTheFalsePositiveRate() => AnalyzerAsync(
        Source("[Maximize(Recall)] [Constraint(Specificity, \"<=\", 0.8)] [{|#0:Constraint(FalsePositiveRate, \"<=\", 0.1)|}] public partial class C { }"),
        Error("GOBJ020", "[Constraint(FalsePositiveRate, \"<=\", 0.1)] contradicts [Constraint(Specificity, \"<=\", 0.8)]: together they require FalsePositiveRate >= 0.2 and FalsePositiveRate <= 0.1, which no classifier satisfies"));

    [Theory]
    [InlineData("RocAuc")]
    [InlineData("PrAuc")]
    public Task GOBJ021_ConstraintOnAuc_OnTheConstraint(string metric) => AnalyzerAsync(
        Source($"[Maximize({metric})] [{{|#0:Constraint(Precision, \">=\", 0.8)|}}] public partial class C {{ }}"),
        Error("GOBJ021", $"[Maximize({metric})] takes no [Constraint]: the area under the curve already covers every operating point; remove the constraint, or restrict the area with [PrecisionRange] (PR-AUC) or [FprRange] (ROC-AUC)"));

    [Theory]
    [InlineData("")]
    [InlineData(" [Constraint(FalsePositiveRate, \"<=\", 0.1)]")]
    [InlineData(" [Constraint(Specificity, \">=\", 0.9)] [Constraint(NegativePredictiveValue, \">=\", 0.5)] [Constraint(Accuracy, \">=\", 0.8)]")]
    public Task GOBJ023_PrecisionWithoutATruePositiveFloor_OnTheObjective(string constraints) => AnalyzerAsync(
        Source($"[{{|#0:Maximize(Precision)|}}]{constraints} public partial class C {{ }}"),
        Error("GOBJ023", "[Maximize(Precision)] has no true-positive floor among its constraints: maximizing precision alone flags nothing; add a constraint such as [Constraint(Recall, \">=\", r)], [Constraint(FalseNegativeRate, \"<=\", f)] or [Constraint(FScore, \">=\", q)]"));

    [Theory]
    [InlineData("[Maximize(FScore, Beta = {|#0:0|})]", "Maximize", "0")]
    [InlineData("[Maximize(FScore, Beta = {|#0:-2|})]", "Maximize", "-2")]
    [InlineData("[Maximize(FScore, Beta = {|#0:double.NaN|})]", "Maximize", "NaN")]
    [InlineData("[Maximize(Recall)] [Constraint(FScore, \">=\", 0.5, Beta = {|#0:double.PositiveInfinity|})]", "Constraint", "Infinity")]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.5, Beta = {|#0:-1|})]", "Constraint", "-1")]
    [InlineData("[Maximize(FScore, Beta = {|#0:1e200|})]", "Maximize", "1E+200")]
    public Task GOBJ006_InvalidBeta_OnItsValue(string attributes, string attribute, string shown) => AnalyzerAsync(
        Source(attributes + " public partial class C { }"),
        Error("GOBJ006", $"Argument 'Beta' of [{attribute}] is missing or not a constant of the expected type (a finite number greater than 0 whose square is finite too (β² enters the loss), not {shown})"));

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
