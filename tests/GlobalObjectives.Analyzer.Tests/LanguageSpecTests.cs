using System.Reflection;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Parsing;
using Microsoft.CodeAnalysis;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// The accepted language: no false alarm on a corpus of valid declarations, and the spec the parser returns (declared
/// metrics, comparisons and targets kept as written, β, ranges, anchors, family).
/// </summary>
public sealed class LanguageSpecTests
{
    private static string Source(string declaration) => Usings + "namespace Demo;\n\n" + declaration + "\n";

    /// <summary>Valid declarations covering every metric, Beta, FprRange and sets of several constraints.</summary>
    public static TheoryData<string> ValidCorpus => new()
    {
        "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 0.02)] public partial class C { }",
        "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.8)] [Constraint(Accuracy, \">=\", 0.9)] public partial class C { }",
        "[Minimize(FalseNegativeRate)] [Constraint(Specificity, \">=\", 0.95)] public partial class C { }",
        "[Maximize(Recall)] [Constraint(FScore, \">=\", 0.7)] public partial class C { }",
        "[Maximize(FScore, Beta = 2)] public partial class C { }",
        "[Maximize(FScore)] public partial class C { }",
        "[Maximize(FScore, Beta = 0.5)] [Constraint(Recall, \">=\", 0.5)] [Constraint(FScore, \">=\", 0.6)] public partial class C { }",
        "[Maximize(Accuracy)] public partial class C { }",
        "[Maximize(Accuracy)] [Constraint(Recall, \">=\", 0.6)] [Constraint(Precision, \">=\", 0.6)] [Constraint(NegativePredictiveValue, \">=\", 0.9)] [Constraint(TrueNegativeRate, \">=\", 0.8)] public partial class C { }",
        "[Maximize(RocAuc)] [FprRange(0, 0.1)] public partial class C { }",
        "[Maximize(RocAuc)] [FprRange(0.05, 0.2)] [Anchors(40)] [Surrogate(SurrogateType.Hinge)] public partial class C { }",
        "[Maximize(TruePositiveRate)] [Constraint(TrueNegativeRate, \">=\", 0.9)] public partial class C { }",
        "[Maximize(TrueNegativeRate)] [Constraint(Recall, \">=\", 0.9)] public partial class C { }",
        "[Maximize(Specificity)] [Constraint(TruePositiveRate, \">=\", 0.8)] [Constraint(Precision, \">=\", 0.3)] public partial class C { }",
        "[Minimize(FalsePositiveRate)] [Constraint(FalseNegativeRate, \"<=\", 0.1)] public partial class C { }",
        "[Minimize(FalsePositiveRate)] [Constraint(Recall, \">=\", 0.8)] [Constraint(NegativePredictiveValue, \">=\", 0.99)] public partial class C { }",
        "[Maximize(Precision)] [Constraint(FalseNegativeRate, \"<=\", 0.2)] public partial class C { }",
        "[Maximize(Precision)] [Constraint(FScore, \">=\", 0.6, Beta = 2)] public partial class C { }",
        "[Maximize(Recall)] [Constraint(NegativePredictiveValue, \">=\", 0.9)] [Constraint(Accuracy, \">=\", 0.8)] public partial class C { }",
        "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 0.05)] [Constraint(Precision, \">=\", 0.6)] [Constraint(NegativePredictiveValue, \">=\", 0.99)] [Constraint(Accuracy, \">=\", 0.9)] public partial class C { }",
        "[Maximize(Accuracy)] [Constraint(FScore, \">=\", 0.8)] [Constraint(FScore, \">=\", 0.8, Beta = 2)] [Constraint(Precision, \">=\", 0.5)] public partial class C { }",
        "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] [Constraint(FalsePositiveRate, \"<=\", 0.1)] [Constraint(Accuracy, \">=\", 0.7)] [Constraint(NegativePredictiveValue, \">=\", 0.95)] public partial class C { }",
    };

    [Theory]
    [MemberData(nameof(ValidCorpus))]
    public async Task ValidSpec_NoDiagnosticAtAll(string declaration)
    {
        var compilation = Compile(Source(declaration));
        var diagnostics = await AnalyzeAsync(compilation);
        Assert.True(diagnostics.IsEmpty, string.Join("; ", diagnostics));
        Assert.NotNull(Parse(compilation).Spec);

        var (result, output, driverDiagnostics) = Generate(compilation);
        Assert.Null(result.Exception);
        Assert.Empty(driverDiagnostics);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>Every declaration of the generator tests' <c>Declarations</c> (read by reflection, so new ones are covered).</summary>
    public static TheoryData<string> GeneratorDeclarations()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(GlobalObjectives.Generator.Tests.Declarations).GetFields(BindingFlags.Public | BindingFlags.Static))
            if (field.Name != "Usings") data.Add(field.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratorDeclarations))]
    public async Task GeneratorTestDeclarations_NoFalseAlarm(string name)
    {
        string source = (string)typeof(GlobalObjectives.Generator.Tests.Declarations).GetField(name)!.GetValue(null)!;
        var compilation = Compile(source);
        var diagnostics = await AnalyzeAsync(compilation);
        if (name == "GlobalNamespace")
        {
            // Recall >= 1 on purpose (a weighted cross-entropy baseline in the golden files): the perfect-target warning, and only it.
            Assert.Equal("GOBJ017", Assert.Single(diagnostics).Id);
            return;
        }
        Assert.True(diagnostics.IsEmpty, string.Join("; ", diagnostics));
        var (result, output, driverDiagnostics) = Generate(compilation);
        Assert.Null(result.Exception);
        Assert.Empty(driverDiagnostics);
        Assert.Single(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static ParseResult Parse(Compilation compilation, string name = "Demo.C")
        => ObjectiveParser.Parse(compilation.GetTypeByMetadataName(name), compilation, CancellationToken.None);

    private static ObjectiveSpec SpecOf(string declaration)
    {
        var result = Parse(Compile(Source(declaration)));
        Assert.True(result.Spec is not null, string.Join("; ", result.Problems.Select(p => p.Message)));
        return result.Spec!;
    }

    [Fact]
    public void Spec_KeepsTheDeclaredConstraints_InOrder_WithoutCanonicalizing()
    {
        var spec = SpecOf("[Minimize(FalseNegativeRate)] [Constraint(Specificity, \">=\", 0.95)] [Constraint(FalsePositiveRate, \"<=\", 0.1)] [Constraint(Precision, \">=\", 0.5)] public partial class C { }");
        Assert.Equal(ObjectiveFamily.RateConstraints, spec.Family);
        Assert.Equal(ObjectiveDirection.Minimize, spec.Direction);
        Assert.Equal(ObjectiveMetric.FalseNegativeRate, spec.Metric);
        Assert.Equal(
            [
                new ConstraintSpec(ObjectiveMetric.Specificity, ComparisonKind.AtLeast, 0.95),
                new ConstraintSpec(ObjectiveMetric.FalsePositiveRate, ComparisonKind.AtMost, 0.1),
                new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.5),
            ],
            spec.Constraints.ToArray());
        Assert.Equal((0.0, 0.0, 0), (spec.RangeLower, spec.RangeUpper, spec.Anchors));
        Assert.Equal(1.0, spec.ObjectiveBeta);
    }

    [Fact]
    public void Spec_CarriesBeta_OnlyForFScore()
    {
        var spec = SpecOf("[Maximize(FScore, Beta = 2)] [Constraint(FScore, \">=\", 0.5, Beta = 0.5)] [Constraint(Recall, \">=\", 0.3)] public partial class C { }");
        Assert.Equal(2.0, spec.ObjectiveBeta);
        Assert.Equal(new ConstraintSpec(ObjectiveMetric.FScore, ComparisonKind.AtLeast, 0.5, 0.5), spec.Constraints[0]);
        Assert.Equal("[Maximize(FScore, Beta = 2)]", spec.ObjectiveText);
        Assert.Equal("[Constraint(FScore, \">=\", 0.5, Beta = 0.5)]", spec.Constraints[0].DeclarationText);

        // On another metric Beta is ignored (GOBJ015): the spec keeps β = 1, so the generated code is unchanged.
        var result = Parse(Compile(Source("[Maximize(Recall, Beta = 3)] [Constraint(Precision, \">=\", 0.8, Beta = 2)] public partial class C { }")));
        Assert.Equal(new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.8), Assert.Single(result.Spec!.Constraints));
        Assert.Equal(1.0, result.Spec.ObjectiveBeta);
        Assert.All(result.Problems, p => Assert.Equal(ProblemKind.NotApplicable, p.Kind));
        Assert.Equal(2, result.Problems.Count);
    }

    [Theory]
    [InlineData("[Maximize(RocAuc)] [FprRange(0, 0.1)]", ObjectiveFamily.PartialRocAuc, 0.0, 0.1, 20)]
    [InlineData("[Maximize(RocAuc)] [FprRange(0.05, 0.3)] [Anchors(7)]", ObjectiveFamily.PartialRocAuc, 0.05, 0.3, 7)]
    [InlineData("[Maximize(RocAuc)]", ObjectiveFamily.RocAuc, 0.0, 0.0, 0)]
    [InlineData("[Maximize(PrAuc)] [PrecisionRange(0.5, 0.9)] [Anchors(12)]", ObjectiveFamily.PrecisionRecallAuc, 0.5, 0.9, 12)]
    [InlineData("[Maximize(PrAuc)]", ObjectiveFamily.PrecisionRecallAuc, 0.0, 1.0, 20)]
    public void Spec_RangeAndAnchors(string attributes, ObjectiveFamily family, double lower, double upper, int anchors)
    {
        var spec = SpecOf(attributes + " public partial class C { }");
        Assert.Equal((family, lower, upper, anchors), (spec.Family, spec.RangeLower, spec.RangeUpper, spec.Anchors));
        Assert.Empty(spec.Constraints);
    }

    [Theory]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)]", ObjectiveFamily.RecallAtPrecision)]
    [InlineData("[Maximize(TruePositiveRate)] [Constraint(Precision, \">=\", 0.8)]", ObjectiveFamily.RecallAtPrecision)]
    [InlineData("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.8)]", ObjectiveFamily.PrecisionAtRecall)]
    [InlineData("[Maximize(Precision)] [Constraint(TruePositiveRate, \">=\", 0.8)]", ObjectiveFamily.PrecisionAtRecall)]
    [InlineData("[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.8)]", ObjectiveFamily.FalsePositiveRateAtTruePositiveRate)]
    [InlineData("[Minimize(FalsePositiveRate)] [Constraint(Recall, \">=\", 0.8)]", ObjectiveFamily.FalsePositiveRateAtTruePositiveRate)]
    [InlineData("[Maximize(Recall)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]", ObjectiveFamily.TruePositiveRateAtFalsePositiveRate)]
    [InlineData("[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]", ObjectiveFamily.TruePositiveRateAtFalsePositiveRate)]
    // Complements and new metrics are not seed families, even when they mean the same bound.
    [InlineData("[Minimize(FalseNegativeRate)] [Constraint(Precision, \">=\", 0.8)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(TrueNegativeRate)] [Constraint(Recall, \">=\", 0.8)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(Precision)] [Constraint(FalseNegativeRate, \"<=\", 0.2)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(Recall)] [Constraint(Specificity, \">=\", 0.9)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(Accuracy)]", ObjectiveFamily.RateConstraints)]
    [InlineData("[Maximize(FScore)] [Constraint(Precision, \">=\", 0.5)]", ObjectiveFamily.RateConstraints)]
    public void Spec_Family(string attributes, ObjectiveFamily family)
        => Assert.Equal(family, SpecOf(attributes + " public partial class C { }").Family);

    [Fact]
    public void Warnings_TravelWithTheSpec()
    {
        var result = Parse(Compile(Source("[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 1)] public partial class C { }")));
        Assert.NotNull(result.Spec);
        Assert.Equal(3, result.Spec.Constraints.Count);
        Assert.Equal(["GOBJ017", "GOBJ019"], result.Problems.Select(p => p.Id).Order().ToArray());
        Assert.All(result.Problems, p => Assert.False(p.IsError));
        Assert.All(result.Problems, p => Assert.True(p.RemoveAttribute));
        // The redundant one is the looser precision bound, the attribute at index 1 (after [Maximize]).
        var redundant = result.Problems.Single(p => p.Id == "GOBJ019");
        Assert.Equal((1, -1), (redundant.AttributeIndex, redundant.ArgumentIndex));
        Assert.Equal(DiagnosticSeverity.Warning, ProblemCatalog.Severity(redundant.Kind));
    }

    [Fact]
    public void ProblemsPointAtTheRightAttributeAndArgument()
    {
        var compilation = Compile(Source("[Surrogate(SurrogateType.Hinge)] [Maximize(Precision)] [Constraint(Recall, \">=\", 0.5)] [Constraint(FalseNegativeRate, \">=\", 0.2)] [Constraint(FScore, \">=\", 0.5, Beta = -1)] public partial class C { }"));
        var symbol = compilation.GetTypeByMetadataName("Demo.C")!;
        var problems = Parse(compilation).Problems;
        var reversed = problems.Single(p => p.Kind == ProblemKind.ComparisonDirectionMismatch);
        Assert.Equal((3, 1, "<="), (reversed.AttributeIndex, reversed.ArgumentIndex, reversed.Replacement));
        var beta = problems.Single(p => p.Kind == ProblemKind.InvalidArgument);
        Assert.Equal((4, "Beta"), (beta.AttributeIndex, beta.NamedArgument));
        Assert.Equal("ConstraintAttribute", symbol.GetAttributes()[beta.AttributeIndex].AttributeClass!.Name);
        Assert.Equal(2, problems.Count);
    }
}
