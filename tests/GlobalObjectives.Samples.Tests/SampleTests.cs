using System.Globalization;
using System.Text.Json;

namespace GlobalObjectives.Samples.Tests;

/// <summary>The sample end to end: command line, results.json's shape, the λ/slack trace, both PNGs, monitor lines, determinism and the seed's claim.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "go-sample-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private (int ExitCode, string Output, string Error) RunApp(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = SampleApp.Run(args, output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ShortRun_WritesResultsJsonOfTheDocumentedShapeAndAPng()
    {
        var (code, output, error) = RunApp("--out", _folder, "--iterations", "12", "--seed", "7");
        Assert.True(code == 0, error);
        Assert.Contains("| precision at recall 0.98 (eval) |", output);
        Assert.Contains("cross-entropy | seed-exact (GradientReversal) | default (ProjectedAscent) |", output);
        Assert.Contains("seed-exact (GradientReversal) step   12/12  loss", output);
        Assert.Contains("default (ProjectedAscent)     step   12/12  loss", output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var root = json.RootElement;
        Assert.Equal("precision-at-recall", root.GetProperty("objective").GetString());
        Assert.Equal(0.98, root.GetProperty("target_recall").GetDouble());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(12, root.GetProperty("iterations").GetInt32());
        Assert.Equal(15.0, root.GetProperty("dual_rate_factor").GetDouble());
        foreach (var name in new[] { "cross_entropy", "global_objective", "global_objective_default" })
        {
            var model = root.GetProperty(name);
            double precision = model.GetProperty("precision_at_recall").GetDouble();
            Assert.InRange(precision, 0.0, 1.0);
            Assert.Equal(JsonValueKind.Number, model.GetProperty("threshold").ValueKind);
            Assert.True(model.GetProperty("train_seconds").GetDouble() >= 0);
            Assert.Equal(2, model.GetProperty("weights").GetArrayLength());
            Assert.InRange(model.GetProperty("recall").GetDouble(), 0.9, 1.0);
        }
        var crossEntropy = root.GetProperty("cross_entropy");
        var seedExact = root.GetProperty("global_objective");
        var byDefault = root.GetProperty("global_objective_default");
        Assert.Equal(("cross-entropy", false, false), (crossEntropy.GetProperty("run").GetString(), crossEntropy.TryGetProperty("lambda", out _), crossEntropy.TryGetProperty("dual_update", out _)));
        Assert.Equal(("seed-exact (GradientReversal)", "GradientReversal"), (seedExact.GetProperty("run").GetString(), seedExact.GetProperty("dual_update").GetString()));
        Assert.Equal(("default (ProjectedAscent)", "ProjectedAscent"), (byDefault.GetProperty("run").GetString(), byDefault.GetProperty("dual_update").GetString()));
        Assert.True(seedExact.GetProperty("lambda").GetDouble() > 0);
        Assert.InRange(byDefault.GetProperty("lambda").GetDouble(), 0.0, 100.0); // λ_max of the default options

        AssertPng(Path.Combine(_folder, "results.png"));
        AssertPng(Path.Combine(_folder, "results-duals.png"));
    }

    [Fact]
    public void ShortRun_WritesTheLambdaAndSlackTraceOfBothGlobalObjectiveRuns()
    {
        var (code, _, error) = RunApp("--out", _folder, "--iterations", "12", "--seed", "7");
        Assert.True(code == 0, error);

        var lines = File.ReadAllLines(Path.Combine(_folder, "results-duals.csv"));
        Assert.Equal("step,lambda_seed_exact,slack_seed_exact,lambda_default,slack_default", lines[0]);
        var rows = lines[1..].Select(l => l.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double)i), rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            Assert.Equal(5, row.Length);
            Assert.True(row[1] >= 0 && row[3] >= 0, $"λ must be non-negative: {string.Join(",", row)}");
            Assert.InRange(row[2], -0.98, 0.02); // recall − 0.98 on the training set
            Assert.InRange(row[4], -0.98, 0.02);
        }
        // The default run moves λ by at most η_λ·|g| ≤ 0.1 per step from λ₀ = 1.
        Assert.All(rows, r => Assert.InRange(r[3], 0.0, 1.0 + 0.1 * r[0]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        Assert.Equal(json.RootElement.GetProperty("global_objective").GetProperty("lambda").GetDouble(), rows[^1][1], 5);
        Assert.Equal(json.RootElement.GetProperty("global_objective_default").GetProperty("lambda").GetDouble(), rows[^1][3], 5);
    }

    [Fact]
    public void MonitorLines_ComeEveryNIterationsAndAtTheLast_ForBothGlobalObjectiveRuns()
    {
        var (code, output, error) = RunApp("--out", _folder, "--iterations", "10", "--monitor-every", "4");
        Assert.True(code == 0, error);
        var monitorLines = output.Split('\n').Where(l => l.Contains("monitor:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, monitorLines.Length);
        foreach (var (run, callsPerIteration) in new[] { ("seed-exact (GradientReversal)", 2), ("default (ProjectedAscent)", 1) })
        {
            foreach (int step in new[] { 4, 8, 10 })
            {
                // The loss's own step counts its training calls: two per seed-exact iteration (a primal and a dual pass).
                string prefix = $"{run.PadRight(29)} step {step,4}/10  monitor: step {step * callsPerIteration} | precision ";
                Assert.Contains(monitorLines, l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains("| recall ", StringComparison.Ordinal) && l.Contains("≥ 0.98, slack ", StringComparison.Ordinal) && l.Contains("| λ ", StringComparison.Ordinal));
            }
        }
        Assert.DoesNotContain(monitorLines, l => l.StartsWith("cross-entropy", StringComparison.Ordinal));

        var (quietCode, quiet, quietError) = RunApp("--out", _folder, "--iterations", "3", "--monitor-every", "0");
        Assert.True(quietCode == 0, quietError);
        Assert.DoesNotContain("monitor:", quiet);
    }

    [Fact]
    public void MonitorLines_DoNotChangeTraining()
    {
        // Reading the monitor (and resetting its running sums) must leave every run's numbers as they are.
        var demo = Demo.Find("precision-at-recall")!;
        var silent = Experiment.Run(new ExperimentSettings(demo, 3, 8, MonitorEvery: 0), new NullProgress());
        var chatty = Experiment.Run(new ExperimentSettings(demo, 3, 8, MonitorEvery: 1), new NullProgress());
        foreach (var (a, b) in silent.Models.Zip(chatty.Models))
        {
            Assert.Equal(a.Model.Weights, b.Model.Weights);
            Assert.Equal(a.Model.Bias, b.Model.Bias);
            Assert.Equal(a.Model.Lambdas, b.Model.Lambdas);
            Assert.Equal(a.Model.DualTrace, b.Model.DualTrace);
        }
    }

    [Fact]
    public void SeedExample_GlobalObjectiveBeatsCrossEntropyAtRecall098()
    {
        // The seed's claim with its settings (150 iterations, dual rate factor 15), on the default data.
        var demo = Demo.Find("precision-at-recall")!;
        var result = Experiment.Run(new ExperimentSettings(demo, SampleOptions.DefaultSeed, 150), new NullProgress());
        double crossEntropy = result.CrossEntropy.Eval.Metric;
        double seedExact = result.SeedExact.Eval.Metric;
        Assert.True(seedExact > crossEntropy + 0.3,
            $"precision at recall 0.98: seed-exact global objective {seedExact:0.0000} vs cross-entropy {crossEntropy:0.0000}");
        // The best linear rule here lets all 100 far negatives through: 539 / 639 ≈ 0.8435 at 98 % recall.
        Assert.InRange(seedExact, 0.8, 0.85);
        Assert.InRange(result.SeedExact.Eval.Recall, 0.98, 1.0);
        Assert.InRange(result.CrossEntropy.Eval.Recall, 0.98, 1.0);
        // The seed-exact run keeps the numbers the README shows (and had before the default run was added).
        Assert.Equal(0.8409, seedExact, 4);
        Assert.Equal(20.877, result.SeedExact.Model.Lambdas![0], 3);
        // The default run's λ rises while recall is short of 0.98 and never leaves [0, λ_max].
        var trace = result.Default.Model.DualTrace!;
        Assert.Equal(150, trace.Count);
        Assert.All(trace, p => Assert.InRange(p.Lambda, 0.0, 100.0));
        Assert.True(trace[^1].Lambda > trace[0].Lambda, "λ of the default run should grow while the constraint is violated");
    }

    [Fact]
    public void SameSeed_GivesIdenticalResults()
    {
        var demo = Demo.Find("precision-at-recall")!;
        var first = Experiment.Run(new ExperimentSettings(demo, 3, 8), new NullProgress());
        var second = Experiment.Run(new ExperimentSettings(demo, 3, 8), new NullProgress());
        foreach (var (a, b) in first.Models.Zip(second.Models))
        {
            Assert.Equal(a.Model.Weights, b.Model.Weights);
            Assert.Equal(a.Model.Bias, b.Model.Bias);
            Assert.Equal(a.Model.Lambdas, b.Model.Lambdas);
            Assert.Equal(a.Eval, b.Eval);
        }
    }

    [Theory]
    [InlineData("recall-at-precision", "recall_at_precision", "target_precision", 0.95)]
    [InlineData("pr-auc", "average_precision", null, 0.0)]
    public void OtherObjectives_WriteTheirMetric(string objective, string metricKey, string? targetKey, double target)
    {
        var (code, _, error) = RunApp("--objective", objective, "--out", _folder, "--iterations", "5");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var root = json.RootElement;
        Assert.Equal(objective, root.GetProperty("objective").GetString());
        if (targetKey is null) Assert.False(root.TryGetProperty("target_recall", out _));
        else Assert.Equal(target, root.GetProperty(targetKey).GetDouble());
        foreach (var name in new[] { "cross_entropy", "global_objective", "global_objective_default" })
            Assert.InRange(root.GetProperty(name).GetProperty(metricKey).GetDouble(), 0.0, 1.0);
        if (objective == "pr-auc")
        {
            Assert.Equal(20, root.GetProperty("global_objective").GetProperty("lambdas").GetArrayLength());
            Assert.Equal(20, root.GetProperty("global_objective_default").GetProperty("lambdas").GetArrayLength());
        }

        // The trace holds one row per iteration; PR-AUC's λ column is the mean over its anchors.
        var last = File.ReadAllLines(Path.Combine(_folder, "results-duals.csv"))[^1].Split(',');
        Assert.Equal("5", last[0]);
        var finalLambdas = root.GetProperty("global_objective_default").TryGetProperty("lambdas", out var perAnchor)
            ? perAnchor.EnumerateArray().Select(l => l.GetDouble()).ToArray()
            : [root.GetProperty("global_objective_default").GetProperty("lambda").GetDouble()];
        Assert.Equal(finalLambdas.Average(), double.Parse(last[3], CultureInfo.InvariantCulture), 5);
    }

    [Fact]
    public void Help_PrintsUsage()
    {
        var (code, output, _) = RunApp("--help");
        Assert.Equal(0, code);
        Assert.Contains("--objective <name>", output);
        Assert.Contains("--monitor-every <n>", output);
        Assert.Contains("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.98)]", output);
        Assert.Contains("recall-at-precision-and-fpr  [Maximize(Recall)] [Constraint(Precision, \">=\", 0.9)] [Constraint(FalsePositiveRate, \"<=\", 0.02)]", output);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option '--bogus'")]
    [InlineData(new[] { "--iterations", "0" }, "--iterations expects an integer of at least 1, got '0'")]
    [InlineData(new[] { "--seed" }, "Option --seed needs a value")]
    [InlineData(new[] { "--objective=roc" }, "Unknown objective 'roc'; expected one of: precision-at-recall, recall-at-precision, pr-auc, recall-at-precision-and-fpr.")]
    [InlineData(new[] { "--dual-rate-factor", "-1" }, "--dual-rate-factor expects a positive number, got '-1'")]
    [InlineData(new[] { "--monitor-every", "-1" }, "--monitor-every expects an integer of at least 0, got '-1'")]
    public void BadCommandLines_ExitWith2AndSayWhy(string[] args, string message)
    {
        var (code, output, error) = RunApp(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Contains("Usage:", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Options_AcceptBothSpellingsAndDefaults()
    {
        var defaults = SampleOptions.Parse([]);
        Assert.Equal(("out", 2018, 150, "precision-at-recall", (double?)null, 25),
            (defaults.OutputFolder, defaults.Seed, defaults.Iterations, defaults.Demo.Name, defaults.DualRateFactor, defaults.MonitorEvery));
        var parsed = SampleOptions.Parse(["--out=x/y", "--seed", "-4", "--iterations=3", "--objective", "PR-AUC", "--dual-rate-factor=2.5", "--monitor-every=0"]);
        Assert.Equal(("x/y", -4, 3, "pr-auc", (double?)2.5, 0),
            (parsed.OutputFolder, parsed.Seed, parsed.Iterations, parsed.Demo.Name, parsed.DualRateFactor, parsed.MonitorEvery));
    }

    private static void AssertPng(string path)
    {
        var png = File.ReadAllBytes(path);
        Assert.True(png.Length > 20_000, $"{Path.GetFileName(path)} is suspiciously small ({png.Length} bytes)");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
    }

    private sealed class NullProgress : ITrainingProgress
    {
        public void Report(TrainingStep step)
        {
        }

        public void Monitor(string run, int step, int total, string line)
        {
        }
    }
}
