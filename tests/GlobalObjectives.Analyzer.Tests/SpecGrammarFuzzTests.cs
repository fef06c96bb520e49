using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// Grammar fuzzing of the objective language: more than 10,000 random declarations (every metric, both directions, valid
/// and invalid Beta values, FprRange, PrecisionRange, Anchors, 0–4 constraints), many classes per compilation. For every
/// class: the parser and the analyzer never throw (no exception, no AD0001, no GOBJ016), the generator never throws; a
/// declaration either gets an error (from the parser, reported by the analyzer or by the compiler) or a spec that lies
/// in the accepted language (checked here against an independent statement of its rules); every accepted declaration gets
/// a generated source, and every generated source compiles without errors or warnings.
/// </summary>
public sealed class SpecGrammarFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20170421;
    private const int Specs = 12_000;
    private const int ClassesPerCompilation = 400;

    private static readonly string[] Metrics =
    [
        "Recall", "Precision", "TruePositiveRate", "FalsePositiveRate", "PrAuc", "RocAuc", "TrueNegativeRate", "Specificity",
        "FalseNegativeRate", "NegativePredictiveValue", "Accuracy", "FScore",
    ];

    /// <summary>The supported objectives, drawn most of the time so that many declarations are valid.</summary>
    private static readonly string[] Objectives =
    [
        "Maximize(Recall)", "Maximize(TruePositiveRate)", "Minimize(FalseNegativeRate)", "Minimize(FalsePositiveRate)", "Maximize(TrueNegativeRate)",
        "Maximize(Specificity)", "Maximize(Precision)", "Maximize(Accuracy)", "Maximize(FScore)", "Maximize(PrAuc)", "Maximize(RocAuc)",
    ];

    private static readonly string[] Targets = ["0", "1", "0.05", "0.1", "0.3", "0.5", "0.7", "0.8", "0.9", "0.95", "0.99"];
    private static readonly string[] InvalidTargets = ["1.5", "-0.1", "double.NaN", "double.NegativeInfinity"];
    private static readonly string[] Betas = ["1", "2", "0.5", "3", "1.0", "0", "-1", "double.NaN", "double.PositiveInfinity", "1e-300"];
    private static readonly string[] Bounds = ["0", "0.05", "0.1", "0.2", "0.5", "1", "-0.1", "1.5", "double.NaN"];
    private static readonly string[] AnchorCounts = ["1", "5", "20", "1000", "1001", "10000", "0", "-3", "20000"];

    [Fact]
    public async Task RandomDeclarations_GetAnErrorOrASpecInTheLanguage()
    {
        var random = new Random(Seed);
        var declarations = Enumerable.Range(0, Specs).Select(_ => Declaration(random)).ToList();
        var batches = declarations.Chunk(ClassesPerCompilation).ToList();

        var stopwatch = Stopwatch.StartNew();
        var failures = new ConcurrentQueue<string>();
        int accepted = 0, rejected = 0;
        var families = new ConcurrentDictionary<ObjectiveFamily, int>();
        await Parallel.ForEachAsync(batches.Select((b, i) => (Batch: b, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (item, _) =>
        {
            var (a, r) = await CheckBatchAsync(item.Batch, failures, families);
            Interlocked.Add(ref accepted, a);
            Interlocked.Add(ref rejected, r);
        });
        stopwatch.Stop();

        output.WriteLine($"{Specs} declarations in {batches.Count} compilations, {stopwatch.Elapsed.TotalSeconds:F1} s: {accepted} accepted, {rejected} rejected; "
            + string.Join(", ", families.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} failures; first ones:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.Equal(Specs, accepted + rejected);
        // The grammar keeps both outcomes common, so both sides are exercised.
        Assert.True(accepted > Specs / 10 && rejected > Specs / 10, $"{accepted} accepted, {rejected} rejected");
        Assert.True(families.ContainsKey(ObjectiveFamily.RateConstraints) && families.ContainsKey(ObjectiveFamily.PartialRocAuc));
    }

    private static async Task<(int Accepted, int Rejected)> CheckBatchAsync(string[] batch, ConcurrentQueue<string> failures, ConcurrentDictionary<ObjectiveFamily, int> families)
    {
        // One class per line, so a diagnostic's line tells its class.
        var source = new StringBuilder(Usings).Append("namespace Fuzz;\n");
        int firstLine = source.ToString().Count(c => c == '\n');
        for (int i = 0; i < batch.Length; i++) source.Append(batch[i]).Append(" public partial class C").Append(i).Append(" { }\n");
        var compilation = Compile(source.ToString());

        var exceptions = new List<Exception>();
        var analyzerDiagnostics = await AnalyzeAsync(compilation, exceptions);
        foreach (var exception in exceptions) failures.Enqueue("analyzer exception: " + exception);
        foreach (var crash in analyzerDiagnostics.Where(d => d.Id is "AD0001" or "GOBJ016")) failures.Enqueue("analyzer failure: " + crash);

        var (result, generated, driverDiagnostics) = Generate(compilation);
        if (result.Exception is not null) failures.Enqueue("generator exception: " + result.Exception);
        // Generated code compiles: no error and no warning inside any generated file (the user's own errors stay outside them).
        var generatedTrees = generated.SyntaxTrees.Except(compilation.SyntaxTrees).ToHashSet();
        foreach (var problem in generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).Take(3))
            failures.Enqueue("generated code does not compile cleanly: " + problem);
        foreach (var crash in driverDiagnostics.Where(d => d.Id is "CS8785" or "CS8784")) failures.Enqueue("generator crash: " + crash);
        if (result.Diagnostics.Length > 0) failures.Enqueue("the generator reported diagnostics itself: " + string.Join("; ", result.Diagnostics));

        int ClassOf(Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line - firstLine;
        var analyzerErrors = analyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(ClassOf).ToHashSet();
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(ClassOf).ToHashSet();

        int accepted = 0, rejected = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            ParseResult parsed;
            try
            {
                parsed = ObjectiveParser.Parse(compilation.GetTypeByMetadataName("Fuzz.C" + i), compilation, CancellationToken.None);
            }
            catch (Exception exception)
            {
                failures.Enqueue($"parser exception on {batch[i]}: {exception}");
                continue;
            }
            bool parserError = parsed.Problems.Any(p => p.IsError);
            if (parsed.Spec is null)
            {
                rejected++;
                if (!parserError) failures.Enqueue($"rejected without an error: {batch[i]}");
                else if (!analyzerErrors.Contains(i) && !compilerErrors.Contains(i))
                    failures.Enqueue($"rejected, but neither the analyzer nor the compiler reports an error: {batch[i]} ({string.Join("; ", parsed.Problems.Select(p => p.Message))})");
                continue;
            }
            accepted++;
            families.AddOrUpdate(parsed.Spec.Family, 1, (_, n) => n + 1);
            if (!result.GeneratedSources.Any(g => g.HintName == $"Fuzz.C{i}.g.cs"))
                failures.Enqueue($"accepted, but no source was generated: {batch[i]}");
            if (parserError || analyzerErrors.Contains(i))
                failures.Enqueue($"accepted with an error: {batch[i]}");
            if (LanguageViolation(parsed.Spec) is { } violation)
                failures.Enqueue($"accepted outside the language ({violation}): {batch[i]}");
        }
        return (accepted, rejected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The grammar
    // ---------------------------------------------------------------------------------------------------------

    private static string Declaration(Random random)
    {
        var attributes = new List<string>();
        string objective = random.Next(5) > 0
            ? Objectives[random.Next(Objectives.Length)]
            : (random.Next(2) == 0 ? "Minimize(" : "Maximize(") + (random.Next(20) == 0 ? "(Metric)42" : Metrics[random.Next(Metrics.Length)]) + ")";
        bool fScore = objective.Contains("FScore"), rocAuc = objective == "Maximize(RocAuc)";
        attributes.Add($"[{objective.TrimEnd(')')}{OptionalBeta(random, fScore ? 2 : 12)})]");
        if (random.Next(50) == 0) attributes.Add("[Minimize(Recall)]");

        int constraints = objective.Contains("Auc") && random.Next(8) > 0 ? 0 : random.Next(5);
        for (int c = 0; c < constraints; c++)
        {
            string metric = random.Next(60) == 0 ? "(Metric)(-1)" : Metrics[random.Next(Metrics.Length)];
            if (metric.EndsWith("Auc", StringComparison.Ordinal) && random.Next(4) > 0) metric = "Precision";   // a constraint on an AUC now and then
            string comparison = random.Next(30) == 0 ? (random.Next(2) == 0 ? "=>" : ">") : ExpectedOrReversed(metric, random);
            string target = random.Next(25) == 0 ? InvalidTargets[random.Next(InvalidTargets.Length)] : Targets[random.Next(Targets.Length)];
            attributes.Add($"[Constraint({metric}, \"{comparison}\", {target}{OptionalBeta(random, metric == "FScore" ? 2 : 12)})]");
        }
        if (random.Next(rocAuc ? 2 : 12) == 0) attributes.Add(Range("FprRange", random));
        if (random.Next(12) == 0) attributes.Add(Range("PrecisionRange", random));
        if (random.Next(6) == 0) attributes.Add($"[Anchors({(random.Next(3) > 0 ? "8" : AnchorCounts[random.Next(AnchorCounts.Length)])})]");
        if (random.Next(10) == 0) attributes.Add($"[Surrogate(SurrogateType.{(random.Next(2) == 0 ? "Hinge" : "Xent")})]");

        // Shuffle the attribute order now and then (the rules must not depend on it).
        if (random.Next(4) == 0) attributes = attributes.OrderBy(_ => random.Next()).ToList();
        return string.Join(" ", attributes);
    }

    private static string Range(string name, Random random)
        => random.Next(4) > 0
            ? $"[{name}({(random.Next(2) == 0 ? "0" : "0.05")}, {(random.Next(2) == 0 ? "0.1" : "0.5")})]"
            : $"[{name}({Bounds[random.Next(Bounds.Length)]}, {Bounds[random.Next(Bounds.Length)]})]";

    private static string OptionalBeta(Random random, int oneIn) => random.Next(oneIn) == 0 ? ", Beta = " + Betas[random.Next(Betas.Length)] : "";

    /// <summary>Mostly the metric's own direction, so that many declarations are valid.</summary>
    private static string ExpectedOrReversed(string metric, Random random)
    {
        bool errorRate = metric is "FalsePositiveRate" or "FalseNegativeRate";
        bool reversed = random.Next(15) == 0;
        return errorRate ^ reversed ? "<=" : ">=";
    }

    // ---------------------------------------------------------------------------------------------------------
    // The language, stated independently of the parser
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>What an accepted spec breaks of the accepted language, or null.</summary>
    private static string? LanguageViolation(ObjectiveSpec spec)
    {
        bool maximize = spec.Direction == ObjectiveDirection.Maximize;
        var constraints = spec.Constraints.ToArray();
        if (spec.Metric is ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc)
        {
            if (!maximize) return "minimized AUC";
            if (constraints.Length > 0) return "AUC with constraints";
            if (spec.ObjectiveBeta != 1.0) return "AUC with a β";
            return (spec.Metric, spec.Family) switch
            {
                (ObjectiveMetric.PrAuc, ObjectiveFamily.PrecisionRecallAuc) or (ObjectiveMetric.RocAuc, ObjectiveFamily.PartialRocAuc) =>
                    0 <= spec.RangeLower && spec.RangeLower < spec.RangeUpper && spec.RangeUpper <= 1 && spec.Anchors is >= 1 and <= ProblemCatalog.MaxAnchors
                        ? null : $"range ({spec.RangeLower}, {spec.RangeUpper}) or anchors {spec.Anchors}",
                (ObjectiveMetric.RocAuc, ObjectiveFamily.RocAuc) => spec.Anchors == 0 ? null : "full ROC-AUC with anchors",
                _ => $"family {spec.Family} for {spec.Metric}",
            };
        }

        // Rate objectives: the objective's canonical metric, and what it needs.
        string? objective = (spec.Metric, maximize) switch
        {
            (ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate, true) or (ObjectiveMetric.FalseNegativeRate, false) => "Recall",
            (ObjectiveMetric.FalsePositiveRate, false) or (ObjectiveMetric.TrueNegativeRate or ObjectiveMetric.Specificity, true) => "FalsePositiveRate",
            (ObjectiveMetric.Precision, true) => "Precision",
            (ObjectiveMetric.Accuracy, true) => "Accuracy",
            (ObjectiveMetric.FScore, true) => "FScore",
            _ => null,
        };
        if (objective is null) return $"unsupported objective {spec.Direction}({spec.Metric})";
        if (spec.Metric == ObjectiveMetric.FScore ? !(spec.ObjectiveBeta > 0 && !double.IsInfinity(spec.ObjectiveBeta)) : spec.ObjectiveBeta != 1.0)
            return $"objective β {spec.ObjectiveBeta}";
        if (objective is "Recall" or "FalsePositiveRate" && constraints.Length == 0) return "needs a constraint";
        if (spec.RangeLower != 0 || spec.RangeUpper != 0 || spec.Anchors != 0) return "rate objective with a range or anchors";

        var canonical = new List<(string Metric, bool AtLeast, double Target, double Beta)>();
        foreach (var c in constraints)
        {
            bool atLeast = c.Comparison == ComparisonKind.AtLeast;
            if (!(c.Target >= 0 && c.Target <= 1)) return $"target {c.Target}";
            if (c.Metric == ObjectiveMetric.FScore ? !(c.Beta > 0 && !double.IsInfinity(c.Beta)) : c.Beta != 1.0) return $"constraint β {c.Beta}";
            (string Metric, bool AtLeast, double Target)? bound = c.Metric switch
            {
                ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate => ("Recall", atLeast, c.Target),
                ObjectiveMetric.FalseNegativeRate => ("Recall", !atLeast, 1 - c.Target),
                ObjectiveMetric.FalsePositiveRate => ("FalsePositiveRate", atLeast, c.Target),
                ObjectiveMetric.TrueNegativeRate or ObjectiveMetric.Specificity => ("FalsePositiveRate", !atLeast, 1 - c.Target),
                ObjectiveMetric.Precision => ("Precision", atLeast, c.Target),
                ObjectiveMetric.NegativePredictiveValue => ("NegativePredictiveValue", atLeast, c.Target),
                ObjectiveMetric.Accuracy => ("Accuracy", atLeast, c.Target),
                ObjectiveMetric.FScore => ("FScore", atLeast, c.Target),
                _ => null,
            };
            if (bound is not { } b) return $"constraint on {c.Metric}";
            if (b.AtLeast != (b.Metric != "FalsePositiveRate")) return $"{c.Metric} bounded the wrong way";
            double beta = c.Metric == ObjectiveMetric.FScore ? c.Beta : 1.0;
            if (b.Metric == objective && (objective != "FScore" || beta == spec.ObjectiveBeta)) return $"constraint on the objective's own metric ({c.Metric})";
            canonical.Add((b.Metric, b.AtLeast, b.Target, beta));
        }
        if (objective == "Precision" && !canonical.Any(c => c.Metric is "Recall" or "FScore")) return "precision without a true-positive floor";

        // The family: a seed family for exactly the four seed pairs, RateConstraints otherwise.
        ObjectiveFamily expected = ObjectiveFamily.RateConstraints;
        if (constraints.Length == 1)
        {
            var m = constraints[0].Metric;
            bool recallObjective = maximize && spec.Metric is ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate;
            bool recallConstraint = m is ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate;
            if (recallObjective && m == ObjectiveMetric.Precision) expected = ObjectiveFamily.RecallAtPrecision;
            else if (maximize && spec.Metric == ObjectiveMetric.Precision && recallConstraint) expected = ObjectiveFamily.PrecisionAtRecall;
            else if (!maximize && spec.Metric == ObjectiveMetric.FalsePositiveRate && recallConstraint) expected = ObjectiveFamily.FalsePositiveRateAtTruePositiveRate;
            else if (recallObjective && m == ObjectiveMetric.FalsePositiveRate) expected = ObjectiveFamily.TruePositiveRateAtFalsePositiveRate;
        }
        return spec.Family == expected ? null : $"family {spec.Family}, expected {expected}";
    }
}
