using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Generator.Tests;

/// <summary>The pipeline caches: equal inputs give Cached/Unchanged steps, and the model holds no Roslyn objects.</summary>
public sealed class CacheabilityTests
{
    private static readonly string[] TrackedStepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private const string Unrelated = """
        namespace Demo
        {
            public class Unrelated { public int Value => 42; }
        }
        """;

    [Fact]
    public void SecondRunOnNewButEqualCompilationIsCached()
    {
        var sources = new[] { Declarations.RecallAtPrecision, Declarations.PrAuc, Declarations.RocAuc, Declarations.FprAtTpr };
        var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(sources));
        var first = driver.GetRunResult().Results.Single();
        driver = driver.RunGenerators(GeneratorHarness.Compile(sources));
        var second = driver.GetRunResult().Results.Single();

        foreach (var name in TrackedStepNames)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            var firstOutputs = first.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            var secondOutputs = second.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(firstOutputs, secondOutputs.Select(o => o.Value));
            Assert.All(secondOutputs, output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }
        AssertOutputs(second, IncrementalStepRunReason.Cached, expectedCount: 4);
    }

    [Fact]
    public void UnrelatedEditLeavesOutputsCached()
    {
        var compilation = GeneratorHarness.Compile(Declarations.RecallAtPrecision, Declarations.TprAtFpr);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertOutputs(result, IncrementalStepRunReason.Cached, expectedCount: 2);
    }

    [Fact]
    public void WhitespaceAndCommentEditOnTheLossClassLeavesTheOutputUnchanged()
    {
        var compilation = GeneratorHarness.Compile(Declarations.RecallAtPrecision);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var editedText = Declarations.RecallAtPrecision.Replace("public partial class RecallAtPrecision80 { }", "// a comment\n    public partial class RecallAtPrecision80\n    {\n    }");
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var parse = result.TrackedSteps[TrackingNames.MaximizeParseResults].SelectMany(s => s.Outputs).Single();
        Assert.Equal(IncrementalStepRunReason.Unchanged, parse.Reason);
        AssertOutputs(result, IncrementalStepRunReason.Cached, expectedCount: 1);
    }

    [Fact]
    public void ChangingTheTargetModifiesTheOutput()
    {
        var compilation = GeneratorHarness.Compile(Declarations.RecallAtPrecision, Declarations.RocAuc);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Declarations.RecallAtPrecision.Replace("0.8", "0.9"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);            // the ROC-AUC loss is untouched
        Assert.Contains("DeclaredPrecisionTarget = 0.9;", result.GeneratedSources.Single(s => s.HintName.Contains("RecallAtPrecision80")).SourceText.ToString());
    }

    [Fact]
    public void AddingASecondLossLeavesTheFirstCached()
    {
        var compilation = GeneratorHarness.Compile(Declarations.RecallAtPrecision);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Declarations.PrecisionAtRecall, GeneratorHarness.ParseOptions, path: "Second.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.New], reasons.OrderBy(r => r == IncrementalStepRunReason.New));
    }

    [Fact]
    public void UnrelatedEditInALargeProjectRegeneratesNothing()
    {
        var sources = Enumerable.Range(0, 100)
            .Select(i => Declarations.Usings + $"namespace Many {{ [Maximize(Recall)] [Constraint(Precision, \">=\", 0.{i % 9 + 1})] public partial class Loss{i} {{ }} }}")
            .ToArray();
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Equal(100, driver.GetRunResult().GeneratedTrees.Length);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        AssertOutputs(driver.RunGenerators(edited).GetRunResult().Results.Single(), IncrementalStepRunReason.Cached, expectedCount: 100);
    }

    [Fact]
    public void ModelObjectGraphHoldsNoRoslynObjects()
    {
        var sources = new[] { Declarations.RecallAtPrecision, Declarations.PrAucRangeHinge, Declarations.Nested, Declarations.RocAuc, Declarations.FprAtTpr };
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(sources)).GetRunResult().Results.Single();
        int walked = 0;
        foreach (var name in TrackedStepNames)
            foreach (var step in result.TrackedSteps[name])
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    walked++;
                }
        Assert.True(walked >= 5 * 5, $"only {walked} step outputs were walked");
    }

    [Fact]
    public void TheWalkerCatchesARoslynObject()
    {
        var holder = new Tuple<object>(CSharpSyntaxTree.ParseText("class C { }").GetRoot());
        Assert.ThrowsAny<Exception>(() => AssertNoRoslynObjects(holder, "probe", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static void AssertOutputs(GeneratorRunResult result, IncrementalStepRunReason expected, int expectedCount)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(expectedCount, outputs.Count);
        Assert.All(outputs, output => Assert.Equal(expected, output.Reason));
    }

    private static readonly Type[] Forbidden = [typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Location), typeof(SyntaxTree), typeof(AttributeData)];

    private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> visited)
    {
        if (value is null) return;
        var type = value.GetType();
        foreach (var forbidden in Forbidden)
            Assert.False(forbidden.IsAssignableFrom(type), $"step {step} holds a {forbidden.Name} ({type.FullName})");
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
        if (!type.IsValueType && !visited.Add(value)) return;
        if (value is IEnumerable sequence)
            foreach (var item in sequence) AssertNoRoslynObjects(item, step, visited);
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                AssertNoRoslynObjects(field.GetValue(value), step, visited);
    }
}
