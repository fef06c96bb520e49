using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// Robustness: more than 10,000 mutated or truncated variants of valid declarations (deterministic seed) go through
/// both the generator and the analyzer. Neither may throw (no generator exception, no CS8785, no AD0001, no GOBJ016),
/// and every generated file must compile (no error located in a generated tree).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20170420;

    /// <summary>Generated texts whose method bodies were already compiled (see <see cref="CheckAsync"/>).</summary>
    private static readonly ConcurrentDictionary<string, bool> BodiesChecked = new(StringComparer.Ordinal);
    private const int MinimumVariants = 10_000;

    private static readonly string[] ValidSources =
    [
        Usings + "namespace Demo;\n[Maximize(Recall)]\n[Constraint(Precision, \">=\", 0.8)]\npublic partial class RecallAtPrecision80 { }\n",
        Usings + "namespace Demo\n{\n    [Maximize(Precision)] [Constraint(Recall, \">=\", 0.7)] [Surrogate(SurrogateType.Hinge)]\n    public sealed partial class PrecisionAtRecall { }\n}\n",
        Usings + "namespace Demo;\n[Minimize(FalsePositiveRate)]\n[Constraint(TruePositiveRate, \">=\", 0.9)]\ninternal partial class FprAtTpr { }\n",
        Usings + "[Maximize(TruePositiveRate)]\n[Constraint(FalsePositiveRate, \"<=\", 0.1)]\npublic partial class TprAtFpr { }\n",
        Usings + "namespace Demo.Losses;\n[Maximize(PrAuc)]\n[PrecisionRange(0.5, 1.0)]\n[Anchors(5)]\npublic partial class PrAuc50 { }\n",
        Usings + "namespace Demo;\npublic static partial class Outer\n{\n    internal partial class Inner\n    {\n        [Maximize(RocAuc)] [Surrogate(SurrogateType.Xent)]\n        public partial class RocAucLoss { }\n    }\n}\n",
        Usings + "namespace Demo;\n[Maximize(Recall)] public partial class Split { }\n[Constraint(target: 0.25, comparison: \"<=\", metric: FalsePositiveRate)] public partial class Split { }\n",
        Usings + "namespace @class;\n[Maximize(PrAuc)] public partial class @event { }\n[Maximize(RocAuc)] public partial class Second { }\n",
        Usings + "namespace Demo;\n[Maximize(Recall)]\n[Constraint(Precision, \">=\", 0.9)]\n[Constraint(FalsePositiveRate, \"<=\", 0.02)]\npublic partial class TwoConstraints { }\n",
        Usings + "namespace Demo;\n[Maximize(FScore, Beta = 2)] [Constraint(Accuracy, \">=\", 0.8)] [Constraint(FScore, \">=\", 0.5, Beta = 0.5)]\npublic partial class F2 { }\n",
        Usings + "namespace Demo;\n[Maximize(RocAuc)] [FprRange(0, 0.1)] [Anchors(8)]\npublic partial class PartialRoc { }\n",
        Usings + "namespace Demo;\n[Minimize(FalseNegativeRate)] [Constraint(Specificity, \">=\", 0.95)] [Constraint(NegativePredictiveValue, \">=\", 0.5)]\npublic partial class FnrAtSpecificity { }\n",
    ];

    private static readonly string[] MetricNames =
    [
        "Recall", "Precision", "TruePositiveRate", "FalsePositiveRate", "PrAuc", "RocAuc", "TrueNegativeRate", "Specificity",
        "FalseNegativeRate", "NegativePredictiveValue", "Accuracy", "FScore",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "0.0", "1.0", "0.5", "-0.0", "-1", "2", "1e-300", "1e308", "-1e308", "1e400", "double.NaN", "double.PositiveInfinity",
        "double.NegativeInfinity", "double.MaxValue", "double.MinValue", "double.Epsilon", "int.MaxValue", "int.MinValue", "long.MaxValue",
        "0.999999999999", "1.0000000001", "(0.5)", "0.5f", "0.5m", "1/3", "0.1 + 0.2", "\"0.5\"", "null", "true", "'a'", "Recall", "999999",
        "-2147483648", "2147483647", "1001", "10000", "10001", "1_000", "0x10",
    ];

    private static readonly string[] Betas = ["1", "2", "0.5", "0", "-1", "double.NaN", "double.PositiveInfinity", "1e308", "\"2\"", "null"];

    private static readonly string[] ExtraAttributes =
    [
        "FprRange(0, 0.1)", "FprRange(0.3, 0.1)", "FprRange(0, double.NaN)", "Constraint(FScore, \">=\", 0.6, Beta = 2)",
        "Constraint(FalseNegativeRate, \"<=\", 0.1)", "Constraint(Specificity, \">=\", 0.9)", "Constraint(Accuracy, \">=\", 0)",
        "Constraint(NegativePredictiveValue, \"<=\", 0.5)", "Constraint(RocAuc, \">=\", 0.5)", "Anchors(3)",
    ];

    private static readonly string[] Comparisons =
    [
        ">=", "<=", "=>", "=<", ">", "<", "==", "!=", "", " >=", ">= ", "≥", "≤", ">>=", "gte", "\\u003e=", "\\\"", "\\n", "\\0", "null",
    ];

    private static readonly string[] TypeKeywords =
    [
        "partial class", "class", "static partial class", "abstract partial class", "sealed partial class", "partial struct", "partial record",
        "partial record struct", "partial interface", "file partial class", "unsafe partial class", "ref partial struct", "enum", "partial record class",
    ];

    private static readonly string[] Containers =
    [
        "public partial class Wrap{0} {{ {1} }}", "public class Wrap{0} {{ {1} }}", "public static partial class Wrap{0} {{ {1} }}",
        "public partial class Wrap{0}<T> {{ {1} }}", "public partial struct Wrap{0} {{ {1} }}", "public partial interface IWrap{0} {{ {1} }}",
        "public partial record Wrap{0} {{ {1} }}", "namespace N{0} {{ {1} }}", "public partial record struct Wrap{0}(int X) {{ {1} }}",
    ];

    [Fact]
    public async Task MutatedDeclarations_NeverCrashTheGeneratorOrTheAnalyzer_AndGeneratedCodeCompiles()
    {
        var variants = Variants(MinimumVariants);
        Assert.True(variants.Count >= MinimumVariants, $"only {variants.Count} distinct variants");

        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new ConcurrentQueue<string>();
        int generatedFiles = 0, generatingVariants = 0;
        await Parallel.ForEachAsync(variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (source, _) =>
        {
            var (files, failure) = await CheckAsync(source);
            if (failure is not null) failures.Enqueue(failure + "\n--- source ---\n" + source);
            if (files > 0) Interlocked.Increment(ref generatingVariants);
            Interlocked.Add(ref generatedFiles, files);
        });
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        // FUZZ_FAILURES=path writes every failure there, for debugging.
        if (Environment.GetEnvironmentVariable("FUZZ_FAILURES") is { Length: > 0 } path)
            File.WriteAllText(path, string.Join("\n\n=====\n\n", failures));
        output.WriteLine($"{variants.Count} variants in {stopwatch.Elapsed.TotalSeconds:F1} s ({cpu.TotalSeconds:F1} s of CPU); {generatingVariants} produced code ({generatedFiles} files)");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {variants.Count} variants failed; first ones:\n\n" + string.Join("\n\n", failures.Take(3)));
        // The mutations keep a good share of variants valid, so the compile check is exercised.
        Assert.True(generatingVariants > variants.Count / 20, $"only {generatingVariants} variants produced code");
    }

    /// <summary>Runs the generator and the analyzer; returns the number of generated files and a failure description, if any.</summary>
    private static async Task<(int Files, string? Failure)> CheckAsync(string source)
    {
        var compilation = Compile(source);
        var (result, generated, driverDiagnostics) = Generate(compilation);
        if (result.Exception is not null) return (0, "generator exception: " + result.Exception);
        if (driverDiagnostics.FirstOrDefault(d => d.Id is "CS8785" or "CS8784") is { } crash) return (0, "generator crash: " + crash);
        if (result.Diagnostics.Length > 0) return (0, "the generator reported diagnostics itself: " + string.Join("; ", result.Diagnostics));

        // Every generated file compiles: declaration diagnostics (conflicts with the user's parts, containing types and
        // namespaces) in every variant's own compilation; method bodies too the first time a generated text is seen. A body
        // only binds the class's generated members, the runtime and TorchSharp (all global::-qualified), so the same text
        // binds the same way whatever user declarations surround it; binding each body once keeps this test fast.
        foreach (var file in result.GeneratedSources)
        {
            var tree = generated.SyntaxTrees.Single(t => t.FilePath.EndsWith(file.HintName, StringComparison.Ordinal));
            var model = generated.GetSemanticModel(tree);
            string text = file.SourceText.ToString();
            var diagnostics = BodiesChecked.TryAdd(text, true) ? model.GetDiagnostics() : model.GetDeclarationDiagnostics();
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0) return (0, $"generated file {file.HintName} does not compile: {string.Join("; ", errors.Take(3))}\n--- generated ---\n{text}");
        }

        // The analyzer on the user's compilation, as the IDE sees it while typing (before the generator's output exists).
        var exceptions = new List<Exception>();
        var analyzerDiagnostics = await AnalyzeAsync(compilation, exceptions);
        if (exceptions.Count > 0) return (0, "analyzer exception: " + exceptions[0]);
        if (analyzerDiagnostics.FirstOrDefault(d => d.Id is "AD0001" or "GOBJ016") is { } failure) return (0, "analyzer failure: " + failure);

        return (result.GeneratedSources.Length, null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Variants
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>At least <paramref name="target"/> distinct variants, the same ones on every run.</summary>
    private static List<string> Variants(int target)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var variants = new List<string>();
        void Add(string variant)
        {
            if (seen.Add(variant)) variants.Add(variant);
        }

        foreach (var source in ValidSources) Add(source);

        // Truncation at every character position of three sources.
        foreach (var source in ValidSources.Take(3))
            for (int length = 0; length < source.Length; length++)
                Add(source.Substring(0, length));

        // Deletion of each token, and of each pair of neighbouring tokens, of every source.
        foreach (var source in ValidSources)
        {
            var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
            for (int i = 0; i < tokens.Count; i++)
            {
                Add(source.Remove(tokens[i].SpanStart, tokens[i].Span.Length));
                if (i + 1 < tokens.Count) Add(source.Remove(tokens[i].SpanStart, tokens[i + 1].Span.End - tokens[i].SpanStart));
            }
        }

        // Random compositions of 1 to 4 mutations, until there are enough distinct variants.
        var random = new Random(Seed);
        for (int attempt = 0; variants.Count < target && attempt < 20 * target; attempt++)
        {
            string source = ValidSources[random.Next(ValidSources.Length)];
            int count = 1 + random.Next(4);
            for (int m = 0; m < count; m++) source = Mutate(source, random);
            Add(source);
        }
        return variants;
    }

    private static readonly Regex MetricPattern = new(@"\b(Recall|Precision|TruePositiveRate|FalsePositiveRate|PrAuc|RocAuc|TrueNegativeRate|Specificity|FalseNegativeRate|NegativePredictiveValue|Accuracy|FScore)\b(?!\s*[:(])");
    private static readonly Regex NumberPattern = new(@"(?<![\w.])\d+(\.\d+)?(?![\w.])");
    private static readonly Regex ComparisonPattern = new("\"(>=|<=)\"");
    private static readonly Regex AttributePattern = new(@"\[(Maximize|Minimize|Constraint|PrecisionRange|FprRange|Anchors|Surrogate)\([^\]]*\)\]");
    private static readonly Regex TypePattern = new(@"(public |internal )?(static |sealed )?partial class (\w+|@\w+)");
    private static readonly Regex DeclarationPattern = new(@"(\[[^\n]*\]\s*)*(public |internal )?(static |sealed )?partial class [^\n]*\{ \}", RegexOptions.Singleline);

    private static string Mutate(string source, Random random)
    {
        switch (random.Next(13))
        {
            case 11: return ReplaceOne(source, AttributePattern, random, m => m.Value.Replace(")]", random.Next(2) == 0   // a Beta argument
                ? ", Beta = " + Betas[random.Next(Betas.Length)] + ")]" : ", Beta = " + (random.NextDouble() * 4 - 1).ToString("R", CultureInfo.InvariantCulture) + ")]"));
            case 12: return ReplaceOne(source, AttributePattern, random, m => m.Value + " [" + ExtraAttributes[random.Next(ExtraAttributes.Length)] + "]");
            case 0: return ReplaceOne(source, MetricPattern, random, _ => random.Next(4) == 0
                ? $"(Metric)({random.Next(-3, 9).ToString(CultureInfo.InvariantCulture)})"
                : MetricNames[random.Next(MetricNames.Length)]);
            case 1: return ReplaceOne(source, NumberPattern, random, _ => random.Next(3) == 0
                ? (random.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture)
                : Numbers[random.Next(Numbers.Length)]);
            case 2: return ReplaceOne(source, ComparisonPattern, random, _ => "\"" + RandomComparison(random) + "\"");
            case 3: return ReplaceOne(source, AttributePattern, random, m => m.Value + (random.Next(2) == 0 ? " " : "\n") + m.Value);   // duplicated attribute
            case 4: return ReplaceOne(source, AttributePattern, random, _ => "");                                                      // removed attribute
            case 5: return ReplaceOne(source, TypePattern, random, m => TypeKeywords[random.Next(TypeKeywords.Length)] + " " + m.Groups[3].Value);
            case 6: return ReplaceOne(source, TypePattern, random, m => m.Value + (random.Next(2) == 0 ? "<T>" : "<T, U> where T : class"));   // generics
            case 7: return ReplaceOne(source, DeclarationPattern, random, m =>                                                          // nesting
                string.Format(CultureInfo.InvariantCulture, Containers[random.Next(Containers.Length)], random.Next(100), m.Value));
            case 8: return ReplaceOne(source, TypePattern, random, m => m.Value + " : " + (random.Next(3) switch
                { 0 => "System.Exception", 1 => "GlobalObjectives.GlobalObjectiveLoss", _ => "System.IDisposable" }));
            case 9:                                                                                                                     // a random token deleted
            {
                var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
                if (tokens.Count == 0) return source;
                var token = tokens[random.Next(tokens.Count)];
                return source.Remove(token.SpanStart, token.Span.Length);
            }
            default:                                                                                                                    // truncated
                return source.Substring(0, random.Next(source.Length + 1));
        }
    }

    private static string RandomComparison(Random random)
    {
        if (random.Next(2) == 0) return Comparisons[random.Next(Comparisons.Length)];
        const string alphabet = "<>=!≥≤ ab";
        var builder = new StringBuilder();
        for (int i = random.Next(4); i > 0; i--) builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }

    private static string ReplaceOne(string source, Regex pattern, Random random, Func<Match, string> replacement)
    {
        var matches = pattern.Matches(source);
        if (matches.Count == 0) return source;
        var match = matches[random.Next(matches.Count)];
        return source.Substring(0, match.Index) + replacement(match) + source.Substring(match.Index + match.Length);
    }
}
