using System.Text.Json;

namespace GlobalObjectives.Samples.Tests;

/// <summary>The sample end to end: command line, results.json's shape, the PNG, determinism and the seed's claim.</summary>
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
        Assert.Contains("global objective step   12/12", output);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "results.json")));
        var root = json.RootElement;
        Assert.Equal("precision-at-recall", root.GetProperty("objective").GetString());
        Assert.Equal(0.98, root.GetProperty("target_recall").GetDouble());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(12, root.GetProperty("iterations").GetInt32());
        Assert.Equal(15.0, root.GetProperty("dual_rate_factor").GetDouble());
        foreach (var name in new[] { "cross_entropy", "global_objective" })
        {
            var model = root.GetProperty(name);
            double precision = model.GetProperty("precision_at_recall").GetDouble();
            Assert.InRange(precision, 0.0, 1.0);
            Assert.Equal(JsonValueKind.Number, model.GetProperty("threshold").ValueKind);
            Assert.True(model.GetProperty("train_seconds").GetDouble() >= 0);
            Assert.Equal(2, model.GetProperty("weights").GetArrayLength());
            Assert.InRange(model.GetProperty("recall").GetDouble(), 0.9, 1.0);
        }
        Assert.False(root.GetProperty("cross_entropy").TryGetProperty("lambda", out _));
        Assert.True(root.GetProperty("global_objective").GetProperty("lambda").GetDouble() > 0);

        var png = File.ReadAllBytes(Path.Combine(_folder, "results.png"));
        Assert.True(png.Length > 20_000, $"the plot is suspiciously small ({png.Length} bytes)");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
    }

    [Fact]
    public void SeedExample_GlobalObjectiveBeatsCrossEntropyAtRecall098()
    {
        // The seed's claim with its settings (150 iterations, dual rate factor 15), on the default data.
        var demo = Demo.Find("precision-at-recall")!;
        var result = Experiment.Run(new ExperimentSettings(demo, SampleOptions.DefaultSeed, 150), new NullProgress());
        double crossEntropy = result.CrossEntropy.Eval.Metric;
        double globalObjective = result.GlobalObjective.Eval.Metric;
        Assert.True(globalObjective > crossEntropy + 0.3,
            $"precision at recall 0.98: global objective {globalObjective:0.0000} vs cross-entropy {crossEntropy:0.0000}");
        // The best linear rule here lets all 100 far negatives through: 539 / 639 ≈ 0.8435 at 98 % recall.
        Assert.InRange(globalObjective, 0.8, 0.85);
        Assert.InRange(result.GlobalObjective.Eval.Recall, 0.98, 1.0);
        Assert.InRange(result.CrossEntropy.Eval.Recall, 0.98, 1.0);
    }

    [Fact]
    public void SameSeed_GivesIdenticalResults()
    {
        var demo = Demo.Find("precision-at-recall")!;
        var first = Experiment.Run(new ExperimentSettings(demo, 3, 8), new NullProgress());
        var second = Experiment.Run(new ExperimentSettings(demo, 3, 8), new NullProgress());
        Assert.Equal(first.GlobalObjective.Model.Weights, second.GlobalObjective.Model.Weights);
        Assert.Equal(first.GlobalObjective.Model.Lambdas, second.GlobalObjective.Model.Lambdas);
        Assert.Equal(first.CrossEntropy.Model.Bias, second.CrossEntropy.Model.Bias);
        Assert.Equal(first.GlobalObjective.Eval, second.GlobalObjective.Eval);
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
        Assert.InRange(root.GetProperty("global_objective").GetProperty(metricKey).GetDouble(), 0.0, 1.0);
        Assert.InRange(root.GetProperty("cross_entropy").GetProperty(metricKey).GetDouble(), 0.0, 1.0);
        if (objective == "pr-auc")
            Assert.Equal(20, root.GetProperty("global_objective").GetProperty("lambdas").GetArrayLength());
    }

    [Fact]
    public void Help_PrintsUsage()
    {
        var (code, output, _) = RunApp("--help");
        Assert.Equal(0, code);
        Assert.Contains("--objective <name>", output);
        Assert.Contains("[Maximize(Precision)] [Constraint(Recall, \">=\", 0.98)]", output);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option '--bogus'")]
    [InlineData(new[] { "--iterations", "0" }, "--iterations expects an integer of at least 1, got '0'")]
    [InlineData(new[] { "--seed" }, "Option --seed needs a value")]
    [InlineData(new[] { "--objective=roc" }, "Unknown objective 'roc'; expected one of: precision-at-recall, recall-at-precision, pr-auc")]
    [InlineData(new[] { "--dual-rate-factor", "-1" }, "--dual-rate-factor expects a positive number, got '-1'")]
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
        Assert.Equal(("out", 2018, 150, "precision-at-recall", (double?)null),
            (defaults.OutputFolder, defaults.Seed, defaults.Iterations, defaults.Demo.Name, defaults.DualRateFactor));
        var parsed = SampleOptions.Parse(["--out=x/y", "--seed", "-4", "--iterations=3", "--objective", "PR-AUC", "--dual-rate-factor=2.5"]);
        Assert.Equal(("x/y", -4, 3, "pr-auc", (double?)2.5),
            (parsed.OutputFolder, parsed.Seed, parsed.Iterations, parsed.Demo.Name, parsed.DualRateFactor));
    }

    private sealed class NullProgress : ITrainingProgress
    {
        public void Report(string run, int step, int total, double loss, double trainMetric)
        {
        }
    }
}
