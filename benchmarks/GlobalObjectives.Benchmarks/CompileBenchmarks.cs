using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// What the generated code costs the compiler in every consumer build, in memory and warm: binding and emitting the
/// declarations with the generator's output (<see cref="WithGeneratedCode"/>) against the declarations alone
/// (<see cref="DeclarationsOnly"/>, where the attribute classes compile to empty classes). Each invocation compiles a
/// clone of the compilation (new symbols, so everything is bound again; the referenced assemblies' metadata stays loaded,
/// as in the compiler server).
/// </summary>
[MemoryDiagnoser]
public class GeneratedCodeCompileBenchmarks
{
    private CSharpCompilation _declarations = null!;
    private Compilation _withGenerated = null!;

    [Params(1, 100)]
    public int Declarations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _declarations = GeneratorBenchmarks.CreateCompilation(Declarations);
        CSharpGeneratorDriver.Create(new GlobalObjectives.Generator.ObjectiveGenerator())
            .RunGeneratorsAndUpdateCompilation(_declarations, out _withGenerated, out _);
        CompileBenchmarkSupport.Emit(_withGenerated);   // fails here, not in a measurement, if the output does not compile
    }

    [Benchmark(Baseline = true)]
    public long DeclarationsOnly() => CompileBenchmarkSupport.Emit(_declarations.Clone());

    [Benchmark]
    public long WithGeneratedCode() => CompileBenchmarkSupport.Emit(_withGenerated.Clone());
}

/// <summary>
/// What one expression form costs the compiler: a method of 100 statements of the form against TorchSharp (tensors a and
/// b, a double x), bound and emitted. The forms the emitter chooses between: TorchSharp's operators or its methods (the
/// same kernels), and a lambda or numbers for a target function.
/// </summary>
[MemoryDiagnoser]
public class ExpressionFormCompileBenchmarks
{
    private const int Statements = 100;
    private CSharpCompilation _compilation = null!;

    [Params("a * b", "a.mul(b)", "a + x", "a.add(x)", "-a * b", "a.mul(b).neg()", "F(static t => 1.0 - t)", "G(x, 1.0, -1.0)")]
    public string Form { get; set; } = "a * b";

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("""
            using TorchSharp;
            using static TorchSharp.torch;
            public static class Forms
            {
                private static double F(System.Func<double, double> f) => f(0.5);
                private static double G(double t, double constant, double slope) => constant + slope * t;
                public static void M(Tensor a, Tensor b, double x)
                {

            """);
        for (int i = 0; i < Statements; i++) text.Append("        var r").Append(i).Append(" = ").Append(Form).AppendLine(";");
        text.AppendLine("    }").AppendLine("}");
        _compilation = GeneratorBenchmarks.CreateCompilation(0)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(text.ToString(), new CSharpParseOptions(LanguageVersion.Latest), path: "Forms.cs", encoding: Encoding.UTF8));
        CompileBenchmarkSupport.Emit(_compilation);
    }

    [Benchmark]
    public long Compile() => CompileBenchmarkSupport.Emit(_compilation.Clone());
}

internal static class CompileBenchmarkSupport
{
    /// <summary>Emits <paramref name="compilation"/> to memory; the image's size, or an exception naming the first error.</summary>
    public static long Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
            throw new InvalidOperationException("The benchmark's code does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
        return stream.Length;
    }
}
