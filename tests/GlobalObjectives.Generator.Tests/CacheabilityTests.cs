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

    /// <summary>Six objectives, both pipelines, one to three constraints; class Objective{i}.</summary>
    private static string Objective(int index, string target = "0.8")
    {
        string attributes = index switch
        {
            0 => $"[Maximize(Recall)] [Constraint(Precision, \">=\", {target})]",
            1 => $"[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", {target})]",
            2 => $"[Maximize(Precision)] [Constraint(Recall, \">=\", {target})] [Constraint(Accuracy, \">=\", 0.9)] [Constraint(NegativePredictiveValue, \">=\", 0.95)]",
            3 => $"[Maximize(Recall)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 0.02)]",
            4 => "[Maximize(PrAuc)] [Anchors(8)]",
            _ => "[Maximize(RocAuc)]",
        };
        return Declarations.Usings + $"namespace Many\n{{\n    {attributes}\n    public partial class Objective{index} {{ }}\n}}\n";
    }

    private const int ObjectiveCount = 6;

    /// <summary>Objective{i} in Objective{i}.cs, plus an unrelated file.</summary>
    private static CSharpCompilation CompileOneFileEach()
        => Rename(GeneratorHarness.Compile([.. Enumerable.Range(0, ObjectiveCount).Select(i => Objective(i)), Unrelated]));

    // GeneratorHarness names files Source{i}.cs; give each objective's file its class's name so the edits below can find it.
    private static CSharpCompilation Rename(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees.ToList())
        {
            string name = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().First().Identifier.ValueText;
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithFilePath(name + ".cs"));
        }
        return compilation;
    }

    private static CSharpCompilation ReplaceFile(CSharpCompilation compilation, string path, string text)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: path));
    }

    public static TheoryData<string> UnrelatedEdits => ["add a file", "edit a file"];

    [Theory]
    [MemberData(nameof(UnrelatedEdits))]
    public void UnrelatedEditRegeneratesNothing(string edit)
    {
        var compilation = CompileOneFileEach();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = edit == "add a file"
            ? compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { class Added { } }", GeneratorHarness.ParseOptions, path: "Added.cs"))
            : ReplaceFile(compilation, "Unrelated.cs", Unrelated.Replace("42", "43"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = StepReasons(result);
        Assert.All(TrackedStepNames, name => Assert.True(reasons.ContainsKey(name), $"step {name} was not tracked"));
        // The parse runs again for every declaration (the compilation changed) and finds them equal; nothing after it runs.
        foreach (var (step, outputs) in reasons)
        {
            bool parse = step is TrackingNames.MaximizeParseResults or TrackingNames.MinimizeParseResults;
            Assert.All(outputs, output => Assert.True(
                parse ? output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged : output.Reason == IncrementalStepRunReason.Cached,
                $"{step}, {output.Objective}: {output.Reason}"));
        }
        AssertOutputs(result, IncrementalStepRunReason.Cached, expectedCount: ObjectiveCount);
    }

    public static TheoryData<int> EditedObjectives => [0, 1, 2];   // a Maximize, the Minimize, and a three-constraint declaration

    [Theory]
    [MemberData(nameof(EditedObjectives))]
    public void EditingOneObjectiveAmongSeveralRegeneratesOnlyThatObjective(int index)
    {
        var compilation = CompileOneFileEach();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = ReplaceFile(compilation, $"Objective{index}.cs", Objective(index, target: "0.85"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // ForAttributeWithMetadataName runs the parse again for every declaration whenever the compilation changes (its
        // semantics may have); the others' results compare equal (Unchanged), so nothing after the parse runs for them.
        AssertOnlyObjectiveModified(result, $"Objective{index}");
        Assert.Contains("0.85", result.GeneratedSources.Single(s => s.HintName == $"Many.Objective{index}.g.cs").SourceText.ToString());
    }

    [Fact]
    public void EditingOneObjectiveInAFileWithOthersRegeneratesOnlyThatObjective()
    {
        string shared = string.Concat(Enumerable.Range(0, ObjectiveCount).Select(i => Objective(i)));
        var compilation = GeneratorHarness.Compile(shared, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        string editedText = string.Concat(Enumerable.Range(0, ObjectiveCount).Select(i => Objective(i, target: i == 2 ? "0.85" : "0.8")));
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedText, GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertOnlyObjectiveModified(result, "Objective2");
    }

    /// <summary>
    /// Every tracked step and the source output: the edited objective's entries are Modified; every other objective's
    /// parse results are Unchanged or Cached and everything after them Cached (not run again); each objective appears
    /// once per step, and only the edited objective's source is regenerated.
    /// </summary>
    private static void AssertOnlyObjectiveModified(GeneratorRunResult result, string edited)
    {
        var reasons = StepReasons(result);
        foreach (var name in TrackedStepNames)
        {
            Assert.True(reasons.ContainsKey(name), $"step {name} was not tracked");
            var outputs = reasons[name];
            Assert.Equal(outputs.Count, outputs.Select(o => o.Objective).Distinct().Count());
        }
        foreach (var (step, outputs) in reasons)
        {
            bool parse = step is TrackingNames.MaximizeParseResults or TrackingNames.MinimizeParseResults;
            foreach (var (objective, reason) in outputs)
            {
                if (objective == edited)
                    Assert.True(reason == IncrementalStepRunReason.Modified, $"{step}, {objective}: {reason}, expected Modified");
                else if (parse)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}, {objective}: {reason}");
                else
                    Assert.True(reason == IncrementalStepRunReason.Cached, $"{step}, {objective}: {reason}, expected Cached");
            }
        }
        Assert.Single(reasons[TrackingNames.ValidPlans], o => o.Objective == edited);
        var sourceOutputs = reasons[SourceOutput];
        Assert.Equal(ObjectiveCount, sourceOutputs.Count);
        Assert.Equal([edited], sourceOutputs.Where(o => o.Reason != IncrementalStepRunReason.Cached).Select(o => o.Objective));
    }

    private const string SourceOutput = "SourceOutput";

    /// <summary>Per tracking name (and <see cref="SourceOutput"/> for the source output), each output's objective and reason.</summary>
    private static Dictionary<string, List<(string? Objective, IncrementalStepRunReason Reason)>> StepReasons(GeneratorRunResult result)
    {
        var reasons = new Dictionary<string, List<(string?, IncrementalStepRunReason)>>();
        foreach (var name in TrackedStepNames)
            if (result.TrackedSteps.TryGetValue(name, out var steps))
                reasons[name] = steps.SelectMany(step => step.Outputs.Select(o => (ObjectiveOf(o.Value) ?? ObjectiveOfInputs(step), o.Reason))).ToList();
        reasons[SourceOutput] = result.TrackedOutputSteps.SelectMany(kv => kv.Value)
            .SelectMany(step => step.Outputs.Select(o => (ObjectiveOfInputs(step), o.Reason))).ToList();
        return reasons;
    }

    private static string? ObjectiveOf(object? value) => value switch
    {
        Parsing.ParseResult result => result.Spec?.Type.Name,
        Model.ObjectiveSpec spec => spec.Type.Name,
        Model.ObjectivePlan plan => plan.Spec.Type.Name,
        _ => null,
    };

    /// <summary>The objective a step was computed from, found through its inputs (a source output's input is the plan).</summary>
    private static string? ObjectiveOfInputs(IncrementalGeneratorRunStep step)
    {
        foreach (var (source, index) in step.Inputs)
            if ((ObjectiveOf(source.Outputs[index].Value) ?? ObjectiveOfInputs(source)) is { } name) return name;
        return null;
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
