using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The source generator on compilations with 1, 10 and 100 objective declarations: a full run, and an
/// incremental run after an unrelated edit (which should regenerate nothing).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(1, 10, 100)]
    public int Declarations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateCompilation(Declarations);
        var unrelated = CSharpSyntaxTree.ParseText("namespace Demo { public class Unrelated { public int Value => 42; } }", ParseOptions, path: "Unrelated.cs");
        _edited = _compilation.AddSyntaxTrees(unrelated);
        _warmDriver = CreateDriver().RunGenerators(_compilation);
    }

    /// <summary>A cold driver over the whole compilation.</summary>
    [Benchmark]
    public GeneratorDriver FullRun() => CreateDriver().RunGenerators(_compilation);

    /// <summary>A warm driver after an unrelated file was added: every output should come from the cache.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    /// <summary>Declarations cycling through the six families, in one file.</summary>
    public static CSharpCompilation CreateCompilation(int declarations)
    {
        var source = new StringBuilder("using GlobalObjectives;\nusing static GlobalObjectives.Metric;\nnamespace Demo;\n");
        for (int i = 0; i < declarations; i++)
        {
            string attributes = (i % 6) switch
            {
                0 => "[Maximize(Recall)] [Constraint(Precision, \">=\", 0.8)]",
                1 => "[Maximize(Precision)] [Constraint(Recall, \">=\", 0.9)]",
                2 => "[Minimize(FalsePositiveRate)] [Constraint(TruePositiveRate, \">=\", 0.9)]",
                3 => "[Maximize(TruePositiveRate)] [Constraint(FalsePositiveRate, \"<=\", 0.1)]",
                4 => "[Maximize(PrAuc)] [Anchors(20)]",
                _ => "[Maximize(RocAuc)]",
            };
            source.Append(attributes).Append(" public partial class Objective").Append(i).Append(" { }\n");
        }
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(MaximizeAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(GlobalObjectiveLoss).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location));
        return CSharpCompilation.Create("GeneratorBenchmark",
            [CSharpSyntaxTree.ParseText(source.ToString(), ParseOptions, path: "Objectives.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new GlobalObjectives.Generator.ObjectiveGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="declarations"/> declarations, then once more after an unrelated edit,
    /// and returns (files generated, outputs not served from the cache in the second run).</summary>
    public static (int Generated, int Regenerated) CheckIncremental(int declarations)
    {
        var compilation = CreateCompilation(declarations);
        var driver = CreateDriver().RunGenerators(compilation);
        int generated = driver.GetRunResult().GeneratedTrees.Length;
        var unrelated = CSharpSyntaxTree.ParseText("namespace Demo { public class Unrelated { } }", ParseOptions, path: "Unrelated.cs");
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(unrelated));
        int regenerated = driver.GetRunResult().Results.Single().TrackedOutputSteps
            .SelectMany(step => step.Value).SelectMany(run => run.Outputs)
            .Count(output => output.Reason != IncrementalStepRunReason.Cached);
        return (generated, regenerated);
    }
}
