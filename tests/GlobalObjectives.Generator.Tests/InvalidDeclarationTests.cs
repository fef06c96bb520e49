using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace GlobalObjectives.Generator.Tests;

/// <summary>Invalid declarations produce no source, no generator exception and no generator diagnostic; the parser names the problem.</summary>
public sealed class InvalidDeclarationTests
{
    public static TheoryData<string, string, ProblemKind> Cases => new()
    {
        { "not partial", "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] public class C { }", ProblemKind.NotPartial },
        { "static", "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] public static partial class C { }", ProblemKind.UnsupportedTypeShape },
        { "abstract", "[Maximize(RocAuc)] public abstract partial class C { }", ProblemKind.UnsupportedTypeShape },
        { "generic", "[Maximize(RocAuc)] public partial class C<T> { }", ProblemKind.UnsupportedTypeShape },
        { "file-local", "[Maximize(RocAuc)] file partial class C { }", ProblemKind.UnsupportedTypeShape },
        { "nested in non-partial", "public class Outer { [Maximize(RocAuc)] public partial class C { } }", ProblemKind.ContainingTypeNotPartial },
        { "nested in generic", "public partial class Outer<T> { [Maximize(RocAuc)] public partial class C { } }", ProblemKind.UnsupportedTypeShape },
        { "base class", "public class Base { } [Maximize(RocAuc)] public partial class C : Base { }", ProblemKind.HasBaseClass },
        { "target above 1", "[Maximize(Recall)] [Constraint(Precision, \">=\", 1.5)] public partial class C { }", ProblemKind.TargetOutOfRange },
        { "negative target", "[Maximize(Precision)] [Constraint(Recall, \">=\", -0.1)] public partial class C { }", ProblemKind.TargetOutOfRange },
        { "NaN target", "[Maximize(Recall)] [Constraint(Precision, \">=\", double.NaN)] public partial class C { }", ProblemKind.TargetOutOfRange },
        { "unknown operator", "[Maximize(Recall)] [Constraint(Precision, \"=>\", 0.8)] public partial class C { }", ProblemKind.InvalidComparison },
        { "null operator", "[Maximize(Recall)] [Constraint(Precision, null, 0.8)] public partial class C { }", ProblemKind.InvalidArgument },
        { "wrong direction", "[Maximize(Recall)] [Constraint(Precision, \"<=\", 0.8)] public partial class C { }", ProblemKind.ComparisonDirectionMismatch },
        { "FPR at least", "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \">=\", 0.1)] public partial class C { }", ProblemKind.ComparisonDirectionMismatch },
        { "undefined metric", "[Maximize((Metric)999)] public partial class C { }", ProblemKind.UndefinedEnumValue },
        { "undefined constraint metric", "[Maximize(Recall)] [Constraint((Metric)(-1), \">=\", 0.5)] public partial class C { }", ProblemKind.UndefinedEnumValue },
        { "undefined surrogate", "[Maximize(RocAuc)] [Surrogate((SurrogateType)7)] public partial class C { }", ProblemKind.UndefinedEnumValue },
        { "both objectives", "[Maximize(Recall)] [Minimize(FalsePositiveRate)] [Constraint(Precision, \">=\", 0.8)] public partial class C { }", ProblemKind.ConflictingObjectives },
        { "repeated objective", "[Maximize(RocAuc)] [Maximize(RocAuc)] public partial class C { }", ProblemKind.ConflictingObjectives },
        { "constraint on PR-AUC", "[Maximize(PrAuc)] [Constraint(Precision, \">=\", 0.8)] public partial class C { }", ProblemKind.ConstraintOnAuc },
        // [PrecisionRange]/[Anchors] on another objective are warnings (GOBJ015) that do not stop generation: see tests/GlobalObjectives.Analyzer.Tests.
        { "reversed range", "[Maximize(PrAuc)] [PrecisionRange(0.9, 0.1)] public partial class C { }", ProblemKind.InvalidPrecisionRange },
        { "empty range", "[Maximize(PrAuc)] [PrecisionRange(0.5, 0.5)] public partial class C { }", ProblemKind.InvalidPrecisionRange },
        { "zero anchors", "[Maximize(PrAuc)] [Anchors(0)] public partial class C { }", ProblemKind.AnchorCountOutOfRange },
        { "too many anchors", "[Maximize(PrAuc)] [Anchors(100000)] public partial class C { }", ProblemKind.AnchorCountOutOfRange },
        { "no constraint", "[Maximize(Recall)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "precision without a true-positive floor", "[Maximize(Precision)] [Constraint(FalsePositiveRate, \"<=\", 0.1)] public partial class C { }", ProblemKind.PrecisionWithoutTruePositiveFloor },
        { "minimize recall", "[Minimize(Recall)] [Constraint(Precision, \">=\", 0.8)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "maximize NPV", "[Maximize(NegativePredictiveValue)] [Constraint(Recall, \">=\", 0.8)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "minimize FPR alone", "[Minimize(FalsePositiveRate)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "constraint on an AUC", "[Maximize(Accuracy)] [Constraint(RocAuc, \">=\", 0.8)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "own metric through a complement", "[Maximize(Recall)] [Constraint(FalseNegativeRate, \"<=\", 0.1)] public partial class C { }", ProblemKind.OwnMetricConstrained },
        { "contradictory through a complement", "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.9)] [Constraint(FalseNegativeRate, \">=\", 0.2)] public partial class C { }", ProblemKind.ContradictoryConstraints },
        { "band", "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.5)] [Constraint(Recall, \"<=\", 0.8)] public partial class C { }", ProblemKind.ComparisonDirectionMismatch },
        { "reversed NPV", "[Maximize(Recall)] [Constraint(NegativePredictiveValue, \"<=\", 0.8)] public partial class C { }", ProblemKind.ComparisonDirectionMismatch },
        { "invalid Beta", "[Maximize(FScore, Beta = 0)] public partial class C { }", ProblemKind.InvalidArgument },
        { "invalid constraint Beta", "[Maximize(Recall)] [Constraint(FScore, \">=\", 0.5, Beta = double.NaN)] public partial class C { }", ProblemKind.InvalidArgument },
        { "reversed FPR range", "[Maximize(RocAuc)] [FprRange(0.2, 0.1)] public partial class C { }", ProblemKind.InvalidPrecisionRange },
        { "FPR range above 1", "[Maximize(RocAuc)] [FprRange(0, 2)] public partial class C { }", ProblemKind.InvalidPrecisionRange },
        { "partial ROC-AUC with zero anchors", "[Maximize(RocAuc)] [FprRange(0, 0.1)] [Anchors(0)] public partial class C { }", ProblemKind.AnchorCountOutOfRange },
        { "objective in its own constraint", "[Maximize(Recall)] [Constraint(Recall, \">=\", 0.5)] public partial class C { }", ProblemKind.OwnMetricConstrained },
        { "minimize AUC", "[Minimize(RocAuc)] public partial class C { }", ProblemKind.UnsupportedCombination },
        { "missing argument", "[Maximize(Recall)] [Constraint(Precision, \">=\")] public partial class C { }", ProblemKind.InvalidArgument },
        { "wrong argument type", "[Maximize(Recall)] [Constraint(Precision, \">=\", \"high\")] public partial class C { }", ProblemKind.InvalidArgument },
        { "undefined name", "[Maximize(Recal)] public partial class C { }", ProblemKind.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProducesNoSourceAndNeverThrows(string name, string declaration, ProblemKind expected)
    {
        string source = Declarations.Usings + "namespace Demo { " + declaration + " }";
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);

        var symbol = compilation.GetTypeByMetadataName("Demo.C") ?? compilation.GetTypeByMetadataName("Demo.C`1")
            ?? compilation.GetTypeByMetadataName("Demo.Outer+C") ?? compilation.GetTypeByMetadataName("Demo.Outer`1+C")
            ?? compilation.GetSymbolsWithName("C", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var parsed = ObjectiveParser.Parse(symbol, compilation, CancellationToken.None);
        Assert.Null(parsed.Spec);
        Assert.True(parsed.Problems.Any(p => p.Kind == expected),
            $"{name}: expected {expected}, got {string.Join("; ", parsed.Problems.Select(p => $"{p.Kind}: {p.Message}"))}");
        Assert.All(parsed.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Fact]
    public void RuntimeNotReferencedProducesNoSource()
    {
        var compilation = GeneratorHarness.CompileWithoutRuntime(Declarations.RocAuc);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        var parsed = ObjectiveParser.Parse(compilation.GetTypeByMetadataName("Demo.RocAucLoss"), compilation, CancellationToken.None);
        Assert.Equal(ProblemKind.RuntimeNotReferenced, Assert.Single(parsed.Problems).Kind);
    }

    [Fact]
    public void ProblemsPointAtTheAttributeAndArgument()
    {
        string source = Declarations.Usings + """
            namespace Demo
            {
                [Surrogate(SurrogateType.Hinge)]
                [Maximize(Recall)]
                [Constraint(Precision, ">=", 1.25)]
                public partial class C { }
            }
            """;
        var compilation = GeneratorHarness.Compile(source);
        var symbol = compilation.GetTypeByMetadataName("Demo.C")!;
        var problem = Assert.Single(ObjectiveParser.Parse(symbol, compilation, CancellationToken.None).Problems);

        Assert.Equal(ProblemKind.TargetOutOfRange, problem.Kind);
        Assert.Equal("GOBJ009", problem.Id);
        Assert.Equal("ConstraintAttribute", symbol.GetAttributes()[problem.AttributeIndex].AttributeClass!.Name);
        Assert.Equal(2, problem.ArgumentIndex);
        Assert.Equal("Target 1.25 of the Precision constraint is outside [0, 1]", problem.Message);
    }

    [Fact]
    public void TruncatedDeclarationsNeverThrow()
    {
        string valid = Declarations.PrAucRangeHinge;
        var tokens = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(valid).GetRoot().DescendantTokens().ToList();
        foreach (var token in tokens)
        {
            var (result, _) = GeneratorHarness.Run(valid.Substring(0, token.Span.End));
            Assert.True(result.GeneratedSources.Length <= 1);
        }
    }

    [Fact]
    public void ProblemIdsAreStableAndUnique()
    {
        var kinds = Enum.GetValues<ProblemKind>();
        Assert.Equal("GOBJ001", ProblemCatalog.Id(ProblemKind.NotPartial));
        Assert.Equal(kinds.Length, kinds.Select(ProblemCatalog.Id).Distinct().Count());
        Assert.All(kinds, kind => Assert.False(string.IsNullOrWhiteSpace(ProblemCatalog.Title(kind))));
    }
}
