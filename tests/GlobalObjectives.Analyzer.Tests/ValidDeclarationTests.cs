using System.Collections.Immutable;
using GlobalObjectives.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// Valid declarations give no diagnostic; warnings never stop generation, errors always do; warnings obey
/// <c>#pragma warning disable</c> and per-ID severity options (what .editorconfig sets).
/// </summary>
public sealed class ValidDeclarationTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "recall at precision", "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)] public partial class C { }" },
        { "precision at recall", "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.7)] public partial class C { }" },
        { "FPR at TPR", "[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.9)] internal partial class C { }" },
        { "TPR at FPR", "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 0.1)] public sealed partial class C { }" },
        { "TPR at FPR spelled Recall", "[Maximize(Recall)] [Constraint(FalsePositiveRate, \"<=\", 0.05)] public partial class C { }" },
        { "PR-AUC", "[Maximize(PrAuc)] public partial class C { }" },
        { "PR-AUC with every option", "[Maximize(PrAuc)] [PrecisionRange(0.5, 1.0)] [Anchors(5)] [Surrogate(SurrogateType.Hinge)] public partial class C { }" },
        { "PR-AUC at the limits", "[Maximize(PrAuc)] [PrecisionRange(0.0, 1.0)] [Anchors(1000)] public partial class C { }" },
        { "ROC-AUC", "[Maximize(RocAuc)] public partial class C { }" },
        { "ROC-AUC hinge", "[Maximize(RocAuc)] [Surrogate(SurrogateType.Hinge)] public partial class C { }" },
        { "named arguments", "[Maximize(metric: Recall)] [Constraint(target: 0.8, comparison: \">=\", metric: Precision)] public partial class C { }" },
        { "nested", "public static partial class Losses { internal partial class Inner { [Maximize(RocAuc)] public partial class C { } } }" },
        { "split over parts", "[Maximize(Recall)] public partial class C { }\n[Constraint(Precision, \">=\", 0.9)] public partial class C { }" },
        { "constant arguments", "public static class Targets { public const double P = 0.75; public const string AtLeast = \">=\"; }\n[Maximize(Recall)] [Constraint(Precision, Targets.AtLeast, Targets.P)] public partial class C { }" },
    };

    private static string Source(string declaration) => Usings + "namespace Demo;\n\n" + declaration + "\n";

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task ValidDeclaration_NoDiagnostic_OneCompilingSource(string name, string declaration)
    {
        await AnalyzerAsync(Source(declaration));

        var (result, output, driverDiagnostics) = Generate(Compile(Source(declaration)));
        Assert.Null(result.Exception);
        Assert.Empty(driverDiagnostics);
        Assert.Single(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        // The generated part is not analyzed and the completed class stays valid.
        Assert.Empty(await AnalyzeAsync(output));
        Assert.False(string.IsNullOrEmpty(name));
    }

    public static TheoryData<string, string> WarningsOnly => new()
    {
        { "GOBJ015", "[Maximize(RocAuc)] [PrecisionRange(0.1, 0.9)] public partial class C { }" },
        { "GOBJ015", "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.7)] [Anchors(4)] public partial class C { }" },
        { "GOBJ017", "[Maximize(Recall)] [Constraint(Precision, \">=\", 1.0)] public partial class C { }" },
        { "GOBJ017", "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 1.0)] public partial class C { }" },
        { "GOBJ015", "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.7, Beta = 2)] public partial class C { }" },
        { "GOBJ015", "[Maximize(RocAuc)] [Anchors(8)] public partial class C { }" },
        { "GOBJ022", "[Maximize(PrAuc)] [Anchors(1001)] public partial class C { }" },
        { "GOBJ022", "[Maximize(PrAuc)] [Anchors(10000)] public partial class C { }" },
    };

    [Theory]
    [MemberData(nameof(WarningsOnly))]
    public async Task Warning_DoesNotStopGeneration(string id, string declaration)
    {
        var compilation = Compile(Source(declaration));
        var diagnostic = Assert.Single(await AnalyzeAsync(compilation));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);

        var (result, output, _) = Generate(compilation);
        Assert.Null(result.Exception);
        Assert.Single(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task IgnoredAttributes_DoNotChangeTheGeneratedCode()
    {
        var plain = Generate(Compile(Source("[Maximize(RocAuc)] public partial class C { }"))).Result.GeneratedSources.Single().SourceText.ToString();
        var withIgnored = Generate(Compile(Source("[Maximize(RocAuc)] [PrecisionRange(0.1, 0.9)] [Anchors(7)] public partial class C { }")))
            .Result.GeneratedSources.Single().SourceText.ToString();
        Assert.Equal(plain, withIgnored);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("[Maximize(Recall)] [Constraint(Precision, \"=>\", 0.8)] public partial class C { }")]
    [InlineData("[Maximize(RocAuc)] [Constraint(Precision, \">=\", 0.8)] public partial class C { }")]
    [InlineData("[Maximize(Recall)] [Constraint(Recall, \">=\", 0.8)] public partial class C { }")]
    [InlineData("[Maximize(PrAuc)] [Anchors(0)] public partial class C { }")]
    [InlineData("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.9)] [Constraint(FalseNegativeRate, \">=\", 0.2)] public partial class C { }")]
    [InlineData("[Maximize(Precision)] [Constraint(FalsePositiveRate, \"<=\", 0.1)] public partial class C { }")]
    [InlineData("[Maximize(RocAuc)] [FprRange(0.5, 0.1)] public partial class C { }")]
    [InlineData("[Maximize(FScore, Beta = -1)] public partial class C { }")]
    public async Task Error_StopsGeneration(string declaration)
    {
        var compilation = Compile(Source(declaration));
        Assert.Contains(await AnalyzeAsync(compilation), d => d.Severity == DiagnosticSeverity.Error);
        var (result, _, driverDiagnostics) = Generate(compilation);
        Assert.Null(result.Exception);
        Assert.Empty(driverDiagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public async Task PragmaWarningDisable_SuppressesAWarning()
    {
        const string declaration = """
            [Maximize(Recall)]
            #pragma warning disable GOBJ017 // p = 1 on purpose: weighted cross-entropy baseline
            [Constraint(Precision, ">=", 1.0)]
            #pragma warning restore GOBJ017
            public partial class C { }
            """;
        var compilation = Compile(Source(declaration));
        Assert.Empty(await AnalyzeAsync(compilation));

        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false,
            logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var all = await compilation.WithAnalyzers([new ObjectiveAnalyzer()], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var suppressed = Assert.Single(all);
        Assert.Equal("GOBJ017", suppressed.Id);
        Assert.True(suppressed.IsSuppressed);

        // Suppressing the warning leaves generation alone.
        Assert.Single(Generate(compilation).Result.GeneratedSources);
    }

    [Fact]
    public async Task PragmaWarningDisable_WithoutRestore_DoesNotHideOtherIds()
    {
        const string declaration = """
            #pragma warning disable GOBJ017
            [Maximize(Recall)] [Constraint(Precision, ">=", 1.0)] public partial class C { }
            [Maximize(RocAuc)] [PrecisionRange(0.2, 0.4)] public partial class D { }
            """;
        var diagnostic = Assert.Single(await AnalyzeAsync(Compile(Source(declaration))));
        Assert.Equal("GOBJ015", diagnostic.Id);
    }

    [Theory]
    [InlineData(ReportDiagnostic.Suppress, null)]
    [InlineData(ReportDiagnostic.Error, DiagnosticSeverity.Error)]
    [InlineData(ReportDiagnostic.Info, DiagnosticSeverity.Info)]
    public async Task SeverityOption_AppliesToTheAnalyzerDiagnostics(ReportDiagnostic option, DiagnosticSeverity? expected)
    {
        // What `dotnet_diagnostic.GOBJ022.severity = ...` in .editorconfig (or <WarningsAsErrors>/<NoWarn>) does.
        var compilation = Compile(Source("[Maximize(PrAuc)] [Anchors(2000)] public partial class C { }"));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("GOBJ022", option)));
        var diagnostics = await AnalyzeAsync(compilation);
        if (expected is null)
            Assert.Empty(diagnostics);
        else
            Assert.Equal(expected, Assert.Single(diagnostics).Severity);
    }

    [Fact]
    public async Task TypesWithoutObjectiveAttributes_AreIgnored()
    {
        const string declaration = """
            [System.Obsolete] public class Plain { }
            public class Outer { public class Inner { } }
            namespace Other { public sealed class MaximizeAttribute : System.Attribute { public MaximizeAttribute(int metric) { } } [Maximize(3)] public class Lookalike { } }
            """;
        Assert.Empty(await AnalyzeAsync(Compile(Usings + declaration)));
    }
}
