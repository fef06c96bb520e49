namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// Golden-file tests of the generated source, one per family and placement, each also compiled with zero diagnostics
/// (errors, warnings and missing XML docs) against the .NET 10 reference assemblies, TorchSharp and the runtime.
/// Baselines live in Baselines/Snapshots/{case}.txt; run with UPDATE_BASELINES=1 to rewrite them, then review the diff.
/// </summary>
public sealed class SnapshotTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "RecallAtPrecision", Declarations.RecallAtPrecision, "Demo.RecallAtPrecision80.g.cs" },
        { "PrecisionAtRecall", Declarations.PrecisionAtRecall, "Demo.PrecisionAtRecall70.g.cs" },
        { "FprAtTpr", Declarations.FprAtTpr, "Demo.FprAtTpr90.g.cs" },
        { "TprAtFpr", Declarations.TprAtFpr, "Demo.TprAtFpr10.g.cs" },
        { "PrAuc", Declarations.PrAuc, "Demo.PrAucLoss.g.cs" },
        { "PrAucRangeHinge", Declarations.PrAucRangeHinge, "Demo.PrAucUpperHalf.g.cs" },
        { "RocAuc", Declarations.RocAuc, "Demo.RocAucLoss.g.cs" },
        { "RecallAtPrecisionHinge", Declarations.RecallAtPrecisionHinge, "Demo.RecallAtPrecision95Hinge.g.cs" },
        { "FileScopedNamespace", Declarations.FileScopedNamespace, "Demo.FileScoped.FileScopedLoss.g.cs" },
        { "GlobalNamespace", Declarations.GlobalNamespace, "GlobalLoss.g.cs" },
        { "Nested", Declarations.Nested, "Demo.Nested.Losses.Holder.TprAtFpr5.g.cs" },
        { "KeywordNames", Declarations.KeywordNames, "event.class.object.g.cs" },
        { "TwoConstraints", LanguageV2Declarations.TwoConstraints, "Demo.RecallAtPrecisionAndFpr.g.cs" },
        { "ThreeConstraints", LanguageV2Declarations.ThreeConstraints, "Demo.PrecisionAtThreeFloors.g.cs" },
        { "FnrAtSpecificity", LanguageV2Declarations.FnrAtSpecificity, "Demo.FnrAtSpecificity95.g.cs" },
        { "TnrAtFnr", LanguageV2Declarations.TnrAtFnr, "Demo.TnrAtFnr10.g.cs" },
        { "Accuracy", LanguageV2Declarations.Accuracy, "Demo.AccuracyLoss.g.cs" },
        { "F1", LanguageV2Declarations.F1, "Demo.F1Loss.g.cs" },
        { "F2AtPrecision", LanguageV2Declarations.F2AtPrecision, "Demo.F2AtPrecision50.g.cs" },
        { "RecallAtFHalfHinge", LanguageV2Declarations.RecallAtFHalf, "Demo.RecallAtF05.g.cs" },
        { "PartialRocAuc", LanguageV2Declarations.PartialRocAuc, "Demo.PartialRocAuc10.g.cs" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GeneratedSourceMatchesBaselineAndCompilesCleanly(string name, string source, string hintName)
    {
        var (result, output) = GeneratorHarness.Run(source);

        var generated = Assert.Single(result.GeneratedSources);
        Assert.Equal(hintName, generated.HintName);
        GeneratorHarness.MatchBaseline(generated.SourceText.ToString(), "Snapshots", name);
        Assert.Empty(GeneratorHarness.CompilationProblems(output));
    }

    [Fact]
    public void BaselineMismatchIsReportedAsALineDiff()
    {
        string diff = GeneratorHarness.Diff("a\nb\nc\nd\n", "a\nb\nX\nd\n");
        Assert.Contains("- c", diff);
        Assert.Contains("+ X", diff);
        Assert.Contains("  b", diff);
    }

    [Fact]
    public void AllFamiliesTogetherCompileCleanly()
    {
        var sources = Cases.Select(row => (string)row[1]).ToArray();
        var (result, output) = GeneratorHarness.Run(sources);

        Assert.Equal(sources.Length, result.GeneratedSources.Length);
        Assert.Equal(sources.Length, result.GeneratedSources.Select(s => s.HintName).Distinct().Count());
        Assert.Empty(GeneratorHarness.CompilationProblems(output));
    }

    /// <summary>
    /// The generator reads the declaration as the compiler binds it: a target given by a constant, a constant expression
    /// or an enum member through an alias generates exactly what the literal declaration generates.
    /// </summary>
    [Fact]
    public void ConstantsExpressionsAndAliasesGenerateWhatTheLiteralDeclarationGenerates()
    {
        const string bound = """
            using GlobalObjectives;
            using Goal = GlobalObjectives.MaximizeAttribute;
            using M = GlobalObjectives.Metric;

            namespace Demo
            {
                internal static class Targets
                {
                    public const double Precision = 0.5 + 0.3;
                }

                [Goal(M.Recall)]
                [Constraint(M.Precision, ">" + "=", Targets.Precision)]
                public partial class RecallAtPrecision80 { }
            }
            """;
        var (literal, _) = GeneratorHarness.Run(Declarations.RecallAtPrecision);
        var (result, output) = GeneratorHarness.Run(bound);

        Assert.Empty(GeneratorHarness.CompilationProblems(output));
        Assert.Equal(literal.GeneratedSources.Single().SourceText.ToString(), result.GeneratedSources.Single().SourceText.ToString());
    }

    /// <summary>Another library's attribute named Maximize triggers nothing, even next to GlobalObjectives' own.</summary>
    [Fact]
    public void AnAttributeOfTheSameNameFromAnotherNamespaceGeneratesNothing()
    {
        var (result, output) = GeneratorHarness.Run(Declarations.RecallAtPrecision, """
            namespace Other
            {
                /// <summary>A lookalike.</summary>
                internal sealed class MaximizeAttribute : System.Attribute { internal MaximizeAttribute(int metric) { } }

                [Maximize(3)]
                internal partial class Lookalike { }
            }
            """);

        Assert.Empty(GeneratorHarness.CompilationProblems(output));
        Assert.Equal("Demo.RecallAtPrecision80.g.cs", result.GeneratedSources.Single().HintName);
    }

    [Fact]
    public void GeneratedCodeUsesTheGeneratorVersionAndNoCurrentCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A comma-decimal culture must not leak into the literals.
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var (result, _) = GeneratorHarness.Run(Declarations.RecallAtPrecision);
            string text = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("public const double DeclaredPrecisionTarget = 0.8;", text);
            Assert.Contains($"GeneratedCode(\"GlobalObjectives.Gen\", \"{typeof(ObjectiveGenerator).Assembly.GetName().Version}\")", text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
