using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The source generator's warm path, in memory: compilations with 1, 10 and 100 objective declarations (one file each,
/// cycling through the families, several-constraint ones included), a driver without step tracking as the compiler
/// runs it, and the JIT already warm (BenchmarkDotNet's warm-up). What a build pays on top (the compiler process, the
/// generator's JIT, binding the declarations in a cold compilation) is measured in a real consumer build by
/// benchmarks/generator-cost/measure.sh.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _unrelatedEdit = null!;
    private CSharpCompilation _oneObjectiveEdit = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(1, 10, 100)]
    public int Declarations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateCompilation(Declarations);
        _unrelatedEdit = AddUnrelatedFile(_compilation);
        _oneObjectiveEdit = EditFirstObjective(_compilation);
        _warmDriver = CreateDriver(trackSteps: false).RunGenerators(_compilation);
    }

    /// <summary>
    /// A new driver on a new compilation of the same sources (<see cref="Compilation.Clone"/>: new symbols, so the
    /// declarations are bound again): what a compile pays when the generator is warm but nothing is cached, such as the
    /// first build in a running compiler server.
    /// </summary>
    [Benchmark]
    public GeneratorDriver FullRunOnNewCompilation() => CreateDriver(trackSteps: false).RunGenerators(_compilation.Clone());

    /// <summary>A new driver on the same, already bound compilation: the generator's own work (parse, plan, emit).</summary>
    [Benchmark]
    public GeneratorDriver FullRun() => CreateDriver(trackSteps: false).RunGenerators(_compilation);

    /// <summary>The warm driver after an unrelated file was added: every output comes from the cache.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_unrelatedEdit);

    /// <summary>The warm driver after one objective's target changed: that objective is regenerated, the others come from the cache.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRunAfterEditingOneObjective() => _warmDriver.RunGenerators(_oneObjectiveEdit);

    /// <summary>
    /// Declaration <paramref name="index"/>: the six seed families, then multi-constraint, F-score, complement and
    /// partial-AUC ones (the same mix as benchmarks/generator-cost/measure.sh).
    /// </summary>
    public static string DeclarationSource(int index, string target = "0.8")
    {
        string attributes = (index % 12) switch
        {
            0 => $"[Maximize(Recall)] [Constraint(Precision, \">=\", {target})]",
            1 => "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.9)]",
            2 => "[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.9)]",
            3 => "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]",
            4 => "[Maximize(PrAuc)] [Anchors(20)]",
            5 => "[Maximize(RocAuc)]",
            6 => "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 0.02)]",
            7 => "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.8)] [Constraint(Accuracy, \">=\", 0.9)] [Constraint(NegativePredictiveValue, \">=\", 0.95)]",
            8 => "[Maximize(FScore, Beta = 2)] [Constraint(Precision, \">=\", 0.5)]",
            9 => "[Minimize(FalseNegativeRate)] [Constraint(Specificity, \">=\", 0.95)]",
            10 => "[Maximize(Recall)] [Constraint(FScore, \">=\", 0.6, Beta = 0.5)] [Surrogate(SurrogateType.Hinge)]",
            _ => "[Maximize(RocAuc)] [FprRange(0, 0.1)] [Anchors(4)]",
        };
        return $"using GlobalObjectives;\nusing static GlobalObjectives.Metric;\nnamespace Demo;\n\n{attributes}\npublic partial class Objective{index} {{ }}\n";
    }

    /// <summary>One file per declaration, against .NET 10 reference assemblies, the attributes, the runtime and TorchSharp.</summary>
    public static CSharpCompilation CreateCompilation(int declarations)
    {
        var trees = Enumerable.Range(0, declarations)
            .Select(i => CSharpSyntaxTree.ParseText(DeclarationSource(i), ParseOptions, path: $"Objective{i}.cs", encoding: Encoding.UTF8));
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(MaximizeAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(GlobalObjectiveLoss).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        return CSharpCompilation.Create("GeneratorBenchmark", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The compilation with an unrelated file added.</summary>
    public static CSharpCompilation AddUnrelatedFile(CSharpCompilation compilation)
        => compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Demo { public class Unrelated { public int Value => 42; } }", ParseOptions, path: "Unrelated.cs", encoding: Encoding.UTF8));

    /// <summary>The compilation with the first objective's target changed (0.8 to 0.85) in its file.</summary>
    public static CSharpCompilation EditFirstObjective(CSharpCompilation compilation)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Objective0.cs");
        return compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(DeclarationSource(0, target: "0.85"), ParseOptions, path: tree.FilePath, encoding: Encoding.UTF8));
    }

    private static GeneratorDriver CreateDriver(bool trackSteps) => CSharpGeneratorDriver.Create(
        [new GlobalObjectives.Generator.ObjectiveGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// Runs the generator on <paramref name="declarations"/> declarations, then after an unrelated edit, then after an edit
    /// to declaration 0's target; returns the files generated and the outputs not served from the cache in each later run.
    /// </summary>
    public static (int Generated, int RegeneratedAfterUnrelatedEdit, int RegeneratedAfterOneObjectiveEdit) CheckIncremental(int declarations)
    {
        var compilation = CreateCompilation(declarations);
        var driver = CreateDriver(trackSteps: true).RunGenerators(compilation);
        int generated = driver.GetRunResult().GeneratedTrees.Length;
        int afterUnrelated = NotCached(driver.RunGenerators(AddUnrelatedFile(compilation)));
        int afterOne = NotCached(driver.RunGenerators(EditFirstObjective(compilation)));
        return (generated, afterUnrelated, afterOne);
    }

    private static int NotCached(GeneratorDriver driver) => driver.GetRunResult().Results.Single().TrackedOutputSteps
        .SelectMany(step => step.Value).SelectMany(run => run.Outputs)
        .Count(output => output.Reason != IncrementalStepRunReason.Cached);
}
