using System.Collections.Immutable;
using GlobalObjectives.Generator;
using GlobalObjectives.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>References, compilations and the Roslyn SDK test drivers (offline: .NET 10 reference assemblies from Basic.Reference.Assemblies).</summary>
internal static class Verify
{
    public const string Usings = """
        using GlobalObjectives;
        using static GlobalObjectives.Metric;

        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Attributes, Runtime and TorchSharp: what a consuming project references.</summary>
    public static readonly ImmutableArray<MetadataReference> ProjectReferences =
    [
        MetadataReference.CreateFromFile(typeof(MaximizeAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(GlobalObjectiveLoss).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
    ];

    public static readonly ImmutableArray<MetadataReference> AllReferences = [.. Basic.Reference.Assemblies.Net100.References.All, .. ProjectReferences];

    private static readonly CSharpCompilationOptions CompilationOptions =
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);

    /// <summary>An empty compilation with every reference bound once; add trees to it (the reference binding is reused).</summary>
    public static readonly CSharpCompilation Empty = CSharpCompilation.Create("AnalyzerTests", [], AllReferences, CompilationOptions);

    public static CSharpCompilation Compile(params string[] sources)
        => Empty.AddSyntaxTrees(sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")));

    /// <summary>The analyzer's diagnostics (unsuppressed only, as a build shows them) and any analyzer exception.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, List<Exception>? exceptions = null)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, _, _) => (exceptions ?? throw new InvalidOperationException("analyzer exception", exception)).Add(exception),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        return await compilation.WithAnalyzers([new ObjectiveAnalyzer()], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    /// <summary>Runs the generator: its result (sources, exception) and the updated compilation.</summary>
    public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics) Generate(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new ObjectiveGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver.GetRunResult().Results.Single(), output, diagnostics);
    }

    /// <summary>An analyzer test of <paramref name="source"/> (markup) expecting exactly <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ObjectiveAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>A code-fix test: <paramref name="source"/> (markup) with <paramref name="expected"/>, fixed into <paramref name="fixedSource"/> with no diagnostic left.</summary>
    public static Task CodeFixAsync<TCodeFix>(string source, DiagnosticResult[] expected, string fixedSource)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ObjectiveAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public static void Configure(SolutionState state, bool withRuntime = true)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        state.AdditionalReferences.Add(ProjectReferences[0]);
        if (withRuntime) state.AdditionalReferences.AddRange(ProjectReferences.Skip(1));
    }

    /// <summary>An expected diagnostic at markup location 0 with its exact message.</summary>
    public static DiagnosticResult Diagnostic(string id, DiagnosticSeverity severity, string message, int location = 0)
        => new DiagnosticResult(id, severity).WithLocation(location).WithMessage(message);
}
