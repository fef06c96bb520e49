using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using GlobalObjectives.Generator.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Generator.Tests;

/// <summary>Builds hermetic compilations, runs the generator through the driver, and compares golden files.</summary>
internal static class GeneratorHarness
{
    /// <summary>The version placeholder written into baselines instead of the generator's assembly version.</summary>
    public const string VersionPlaceholder = "%VERSION%";

    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(GlobalObjectiveLoss).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(MaximizeAttribute).Assembly.Location),
    ];

    /// <summary>A compilation of <paramref name="sources"/> against .NET 10 reference assemblies, TorchSharp, Runtime and Attributes.</summary>
    public static CSharpCompilation Compile(params string[] sources) => Compile(References, sources);

    /// <summary>A compilation without the Runtime assembly (only Attributes).</summary>
    public static CSharpCompilation CompileWithoutRuntime(params string[] sources)
        => Compile([.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(MaximizeAttribute).Assembly.Location)], sources);

    /// <summary>A compilation like <see cref="Compile(string[])"/> parsed with <paramref name="parseOptions"/> (another language version).</summary>
    public static CSharpCompilation Compile(CSharpParseOptions parseOptions, params string[] sources) => Compile(References, sources, parseOptions);

    private static CSharpCompilation Compile(IEnumerable<MetadataReference> references, string[] sources, CSharpParseOptions? parseOptions = null)
        => CSharpCompilation.Create(
            "GeneratorTests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions ?? ParseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the SDK does by default (NoWarn 1701;1702): reference-unification notices about TorchSharp's System.Runtime version.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    /// <summary>A driver with step tracking on.</summary>
    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new ObjectiveGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once on <paramref name="sources"/>.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator once on <paramref name="compilation"/>.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, output);
    }

    /// <summary>Every diagnostic of the output compilation (errors and warnings), formatted.</summary>
    public static string[] CompilationProblems(Compilation output)
        => output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();

    /// <summary>The generated text with the version replaced by <see cref="VersionPlaceholder"/>.</summary>
    public static string Normalize(string generated)
        => generated.Replace($"\"{LossEmitter.ToolName}\", \"{LossEmitter.GeneratorVersion}\"", $"\"{LossEmitter.ToolName}\", \"{VersionPlaceholder}\"")
            .Replace("\r\n", "\n");

    /// <summary>
    /// Compares <paramref name="actual"/> with Baselines/{group}/{name}.txt. With UPDATE_BASELINES=1 the file is
    /// (re)written instead; otherwise a mismatch fails with a line diff.
    /// </summary>
    public static void MatchBaseline(string actual, string group, string name, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", group);
        string path = Path.Combine(directory, name + ".txt");
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Baseline {path} is missing; run the tests with UPDATE_BASELINES=1 to create it, then review it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;
        Assert.Fail($"Generated source differs from baseline {path} (set UPDATE_BASELINES=1 to accept):\n{Diff(expected, actual)}");
    }

    /// <summary>A unified-style line diff (only changed lines with 2 lines of context).</summary>
    public static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var lines = model.Lines;
        var show = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
            if (lines[i].Type != ChangeType.Unchanged)
                for (int j = Math.Max(0, i - 2); j <= Math.Min(lines.Count - 1, i + 2); j++) show[j] = true;
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            if (!show[i]) continue;
            string prefix = lines[i].Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " };
            builder.Append(prefix).AppendLine(lines[i].Text);
        }
        return builder.ToString();
    }
}
