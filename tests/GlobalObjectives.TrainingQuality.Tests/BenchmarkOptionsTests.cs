using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>The command line: defaults, the quick plan, narrowing, validation messages, worker arguments and job counts.</summary>
public sealed class BenchmarkOptionsTests
{
    private static readonly string[] FullDataSets = ["spam", "flchain", "fertility", "ticdata", "lending_club", "diamonds_fair"];

    private static string ParseError(params string[] args)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchmarkOptions.Parse(args));
        Assert.Equal("args", e.ParamName);
        return e.Message;
    }

    private static void AssertSamePlan(BenchmarkPlan expected, BenchmarkPlan actual)
    {
        Assert.Equal(expected.DataSets.Select(d => d.DataSet), actual.DataSets.Select(d => d.DataSet));
        for (int i = 0; i < expected.DataSets.Count; i++)
            Assert.Equal(expected.DataSets[i].Objectives, actual.DataSets[i].Objectives);
        Assert.Equal(expected.Models, actual.Models);
        Assert.Equal(expected.Optimizers, actual.Optimizers);
        Assert.Equal(expected.Seeds, actual.Seeds);
    }

    [Fact]
    public void Parse_NoArguments_IsTheFullRunWithDefaultSettings()
    {
        var options = BenchmarkOptions.Parse([]);

        Assert.Same(BenchmarkPlan.Full, options.Plan);
        Assert.Equal(FullDataSets, options.Plan.DataSets.Select(d => d.DataSet));
        Assert.Equal([1, 2, 3], options.Plan.Seeds);
        Assert.Equal([ModelKind.Linear, ModelKind.Mlp], options.Plan.Models);
        Assert.Equal([OptimizerKind.Adam, OptimizerKind.SgdMomentum], options.Plan.Optimizers);
        Assert.Equal(new TrainingSettings(), options.Settings);
        Assert.Equal(2000, options.Settings.Steps);
        Assert.Null(options.Settings.DualLearningRate);
        Assert.Equal(Environment.ProcessorCount, options.Jobs);
        Assert.False(options.Quick || options.Explore || options.ShowHelp || options.Partial);
        Assert.Null(options.Worker);
        Assert.Null(options.ResultsFile);
        Assert.Null(options.ReportFrom);
        Assert.Null(options.OutputDirectory);
        Assert.Equal(["--steps", "2000"], options.WorkerArguments);
        Assert.Equal(Path.Combine("/repo", "docs"), options.ResolveOutputDirectory("/repo"));
    }

    [Fact]
    public void Parse_Quick_IsOneDataSetAndOneSeed_WithEveryModelAndOptimizer()
    {
        var options = BenchmarkOptions.Parse(["--quick"]);

        Assert.True(options.Quick);
        Assert.False(options.Partial);
        var entry = Assert.Single(options.Plan.DataSets);
        Assert.Equal("flchain", entry.DataSet);
        Assert.Equal(BenchmarkPlan.Full.DataSets[1].Objectives, entry.Objectives);
        Assert.Equal([1], options.Plan.Seeds);
        Assert.Equal(BenchmarkPlan.Full.Models, options.Plan.Models);
        Assert.Equal(BenchmarkPlan.Full.Optimizers, options.Plan.Optimizers);
        Assert.Equal(["--quick", "--steps", "2000"], options.WorkerArguments);
        Assert.Equal(Path.Combine("/repo", "TestResults", "training-quality-quick"), options.ResolveOutputDirectory("/repo"));
        Assert.Equal("/elsewhere", BenchmarkOptions.Parse(["--quick", "--out", "/elsewhere"]).ResolveOutputDirectory("/repo"));
    }

    [Fact]
    public void Parse_Data_KeepsThePlansOrderAndObjectives_AndMarksPartial()
    {
        var options = BenchmarkOptions.Parse(["--data", "ticdata, spam"]);

        Assert.Equal(["spam", "ticdata"], options.Plan.DataSets.Select(d => d.DataSet));
        Assert.Equal(BenchmarkPlan.Full.DataSets[0].Objectives, options.Plan.DataSets[0].Objectives);
        Assert.Equal(BenchmarkPlan.Full.DataSets[3].Objectives, options.Plan.DataSets[1].Objectives);
        Assert.Equal(BenchmarkPlan.Full.Seeds, options.Plan.Seeds);
        Assert.True(options.Partial);
        Assert.Equal(["--data", "ticdata,spam", "--steps", "2000"], options.WorkerArguments);
    }

    [Fact]
    public void Parse_Data_UnknownSet_ListsThePlansSets()
    {
        Assert.Equal("--data: 'iris' is not in the plan; expected some of spam, flchain, fertility, ticdata, lending_club, diamonds_fair. (Parameter 'args')",
                     ParseError("--data", "spam,iris"));
        // The quick plan has only flchain.
        Assert.StartsWith("--data: 'spam' is not in the plan; expected some of flchain.", ParseError("--quick", "--data", "spam"));
    }

    [Theory]
    [InlineData("--seeds", "0", "--seeds expects a positive whole number, got '0'.")]
    [InlineData("--seeds", "-2", "--seeds expects a positive whole number, got '-2'.")]
    [InlineData("--seeds", "two", "--seeds expects a positive whole number, got 'two'.")]
    [InlineData("--seeds", "1.5", "--seeds expects a positive whole number, got '1.5'.")]
    [InlineData("--steps", "0", "--steps expects a positive whole number, got '0'.")]
    [InlineData("--steps", "+100", "--steps expects a positive whole number, got '+100'.")]
    [InlineData("--jobs", "none", "--jobs expects a positive whole number, got 'none'.")]
    [InlineData("--dual-learning-rate", "0", "--dual-learning-rate expects a positive finite number, got '0'.")]
    [InlineData("--dual-learning-rate", "-0.1", "--dual-learning-rate expects a positive finite number, got '-0.1'.")]
    [InlineData("--dual-learning-rate", "Infinity", "--dual-learning-rate expects a positive finite number, got 'Infinity'.")]
    [InlineData("--dual-learning-rate", "NaN", "--dual-learning-rate expects a positive finite number, got 'NaN'.")]
    [InlineData("--dual-warmup-positives", "-1", "--dual-warmup-positives expects a finite number ≥ 0, got '-1'.")]
    [InlineData("--initial-lambda", "NaN", "--initial-lambda expects a finite number ≥ 0, got 'NaN'.")]
    [InlineData("--worker", "2/2", "--worker expects <shard>/<count> with 0 <= shard < count, got '2/2'.")]
    [InlineData("--worker", "1", "--worker expects <shard>/<count> with 0 <= shard < count, got '1'.")]
    public void Parse_BadValue_NamesTheOptionAndTheValue(string option, string value, string message)
    {
        Assert.StartsWith(message, ParseError(option, value, "--results", "r.json"));
    }

    [Theory]
    [InlineData("--seeds")]
    [InlineData("--steps")]
    [InlineData("--data")]
    [InlineData("--out")]
    [InlineData("--dual-learning-rate")]
    public void Parse_MissingValue_NamesTheOption(string option)
    {
        Assert.StartsWith($"{option} expects a value.", ParseError(option));
        Assert.StartsWith($"{option} expects a value.", ParseError(option, "--quick")); // the next option is not a value
    }

    [Fact]
    public void Parse_SeedsAndSteps_SetThePlanAndSettings_PartialUnlessTheDefault()
    {
        var two = BenchmarkOptions.Parse(["--seeds", "2", "--steps", "300"]);
        Assert.Equal([1, 2], two.Plan.Seeds);
        Assert.Equal(300, two.Settings.Steps);
        Assert.True(two.Partial);
        Assert.Equal(["--seeds", "2", "--steps", "300"], two.WorkerArguments);

        Assert.False(BenchmarkOptions.Parse(["--seeds", "3"]).Partial);  // the full plan's seeds
        Assert.False(BenchmarkOptions.Parse(["--steps", "2000"]).Partial);
        Assert.True(BenchmarkOptions.Parse(["--seeds", "4"]).Partial);
        Assert.True(BenchmarkOptions.Parse(["--steps", "100"]).Partial);
    }

    [Fact]
    public void Parse_DualLearningRate_SetsTheSettingAndMarksPartial()
    {
        var options = BenchmarkOptions.Parse(["--dual-learning-rate", "0.025"]);
        Assert.Equal(0.025, options.Settings.DualLearningRate);
        Assert.True(options.Partial);
        Assert.Same(BenchmarkPlan.Full, options.Plan);
        Assert.Equal(["--steps", "2000", "--dual-learning-rate", "0.025"], options.WorkerArguments);
        Assert.Contains("dual learning rate 0.025 (not the default)", options.Settings.Describe());
    }

    [Fact]
    public void Parse_DualWarmupAndInitialLambda_SetTheSettingsAndMarkPartial()
    {
        var options = BenchmarkOptions.Parse(["--dual-warmup-positives", "0", "--initial-lambda", "5"]);
        Assert.Equal(0.0, options.Settings.DualWarmupPositives);
        Assert.Equal(5.0, options.Settings.InitialLambda);
        Assert.True(options.Partial);
        Assert.Equal(["--steps", "2000", "--dual-warmup-positives", "0", "--initial-lambda", "5"], options.WorkerArguments);
        Assert.Contains("dual warm-up 0 positives (not the default), initial λ 5 (not the default)", options.Settings.Describe());
    }

    [Fact]
    public void Parse_WorkerNeedsResults_AndReadsItsShard()
    {
        Assert.StartsWith("--worker needs --results <file>.", ParseError("--worker", "1/4"));

        var worker = BenchmarkOptions.Parse(["--worker", "1/4", "--results", "shard1.json"]);
        Assert.Equal((1, 4), worker.Worker);
        Assert.Equal("shard1.json", worker.ResultsFile);
    }

    [Fact]
    public void Parse_OtherOptions()
    {
        Assert.True(BenchmarkOptions.Parse(["--help"]).ShowHelp);
        Assert.True(BenchmarkOptions.Parse(["-h"]).ShowHelp);
        Assert.True(BenchmarkOptions.Parse(["--explore"]).Explore);
        Assert.Equal(3, BenchmarkOptions.Parse(["--jobs", "3"]).Jobs);
        Assert.Equal("earlier.json", BenchmarkOptions.Parse(["--report-from", "earlier.json"]).ReportFrom);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("quick")]
    [InlineData("-q")]
    public void Parse_UnknownArgument_NamesIt(string argument)
    {
        Assert.StartsWith($"Unknown argument '{argument}'.", ParseError("--quick", argument));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--quick")]
    [InlineData("--data flchain,spam --seeds 2 --steps 300")]
    [InlineData("--quick --seeds 2 --dual-learning-rate 0.0125")]
    [InlineData("--dual-learning-rate 0.1 --jobs 2 --out somewhere")]
    [InlineData("--quick --dual-warmup-positives 0 --initial-lambda 2.5")]
    [InlineData("--seeds 3 --steps 2000")]
    public void WorkerArguments_RebuildTheSamePlanAndSettings(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parent = BenchmarkOptions.Parse(args);
        var worker = BenchmarkOptions.Parse([.. parent.WorkerArguments, "--worker", "0/2", "--results", "r.json"]);

        AssertSamePlan(parent.Plan, worker.Plan);
        Assert.Equal(parent.Settings, worker.Settings);
        Assert.Equal(parent.Quick, worker.Quick);
        Assert.Equal(parent.Partial, worker.Partial);
        Assert.Equal(parent.WorkerArguments, worker.WorkerArguments);
        Assert.Equal((0, 2), worker.Worker);
    }

    [Fact]
    public void CountJobs_OfTheFullAndQuickPlans()
    {
        // Per data set, model, optimizer and seed: 1 cross-entropy run, plus 2 per objective (default and seed mode)
        // except ROC-AUC with 1 (no multipliers, no seed mode); partial ROC-AUC has per-anchor multipliers, so 2:
        //   spam          recall@precision, FPR@TPR, ROC-AUC, pAUC              1 + 2 + 2 + 1 + 2     = 8
        //   flchain       TPR@FPR, precision@recall, recall@prec                1 + 2 + 2 + 2         = 7
        //   fertility     FPR@TPR, TPR@FPR, PR-AUC                              1 + 2 + 2 + 2         = 7
        //   ticdata       TPR@FPR, PR-AUC                                       1 + 2 + 2             = 5
        //   lending_club  TPR@FPR, ROC-AUC                                      1 + 2 + 1             = 4
        //   diamonds_fair recall@precision, precision@recall, PR-AUC, ROC-AUC, pAUC 1 + 2 + 2 + 2 + 1 + 2 = 10
        // Full: 41 × 2 models × 2 optimizers × 3 seeds = 492. Quick (flchain, seed 1): 7 × 2 × 2 × 1 = 28.
        Assert.Equal(FullDataSets, BenchmarkPlan.Full.DataSets.Select(d => d.DataSet));
        Assert.Equal(
            [
                "recall_at_precision_0.95 fpr_at_tpr_0.95 roc_auc partial_roc_auc_0.1",
                "tpr_at_fpr_0.05 precision_at_recall_0.8 recall_at_precision_0.8",
                "fpr_at_tpr_0.8 tpr_at_fpr_0.2 pr_auc",
                "tpr_at_fpr_0.1 pr_auc",
                "tpr_at_fpr_0.1 roc_auc",
                "recall_at_precision_0.8 precision_at_recall_0.7 pr_auc roc_auc partial_roc_auc_0.1",
            ],
            BenchmarkPlan.Full.DataSets.Select(d => string.Join(' ', d.Objectives.Select(o => o.Key))));
        Assert.Equal(492, BenchmarkRunner.CountJobs(BenchmarkPlan.Full));
        Assert.Equal(28, BenchmarkRunner.CountJobs(BenchmarkPlan.Quick));

        // Narrowed from the command line: spam and ticdata, two seeds: (8 + 5) × 2 × 2 × 2 = 104.
        Assert.Equal(104, BenchmarkRunner.CountJobs(BenchmarkOptions.Parse(["--data", "spam,ticdata", "--seeds", "2"]).Plan));
        // ROC-AUC alone, one model, one optimizer, two seeds: (1 + 1) × 2 = 4.
        var rocOnly = new BenchmarkPlan([new DataSetObjectives("x", [BenchmarkObjective.RocAuc])], [ModelKind.Mlp], [OptimizerKind.Adam], [1, 2]);
        Assert.Equal(4, BenchmarkRunner.CountJobs(rocOnly));
        // Partial ROC-AUC alone: (1 + 2) × 2 = 6 (default and seed mode).
        var partialOnly = rocOnly with { DataSets = [new DataSetObjectives("x", [BenchmarkObjective.PartialRocAuc])] };
        Assert.Equal(6, BenchmarkRunner.CountJobs(partialOnly));
    }

    [Fact]
    public void FullPlan_PutsPartialRocAucBesideTheFullRocAuc_OnTwoDataSets()
    {
        // Every data set with the partial ROC-AUC also has the full ROC-AUC objective, so both losses train the same
        // models' architecture on the same splits and are scored on both areas; and, like every family, it is on two sets.
        var withPartial = BenchmarkPlan.Full.DataSets.Where(d => d.Objectives.Contains(BenchmarkObjective.PartialRocAuc)).ToList();
        Assert.Equal(["spam", "diamonds_fair"], withPartial.Select(d => d.DataSet));
        Assert.All(withPartial, d => Assert.Contains(BenchmarkObjective.RocAuc, d.Objectives));
        Assert.All(Enum.GetValues<ObjectiveFamily>(), family =>
            Assert.True(BenchmarkPlan.Full.DataSets.Count(d => d.Objectives.Any(o => o.Family == family)) >= 2, family.ToString()));
        // The quick (CI) plan is unchanged: flchain has no ROC objective.
        Assert.DoesNotContain(BenchmarkPlan.Quick.DataSets.Single().Objectives, o => o.IsRocFamily);
    }

    [Fact]
    public void JudgedOn_RocLossesAreScoredOnBothAreas_OtherLossesOnTheirOwnObjective()
    {
        var spam = BenchmarkPlan.Full.DataSets[0].Objectives; // recall@precision, FPR@TPR, ROC-AUC, pAUC
        Assert.Equal([BenchmarkObjective.PartialRocAuc, BenchmarkObjective.RocAuc], BenchmarkRunner.JudgedOn(BenchmarkObjective.PartialRocAuc, spam));
        Assert.Equal([BenchmarkObjective.RocAuc, BenchmarkObjective.PartialRocAuc], BenchmarkRunner.JudgedOn(BenchmarkObjective.RocAuc, spam));
        Assert.Equal([spam[0]], BenchmarkRunner.JudgedOn(spam[0], spam));

        // A set without the other ROC objective (lending_club's ROC-AUC): its own objective only.
        var lendingClub = BenchmarkPlan.Full.DataSets[4].Objectives;
        Assert.Equal([BenchmarkObjective.RocAuc], BenchmarkRunner.JudgedOn(BenchmarkObjective.RocAuc, lendingClub));
        // PR-AUC is not a ROC objective: judged on its own, even beside the ROC ones (diamonds_fair).
        var diamonds = BenchmarkPlan.Full.DataSets[5].Objectives;
        Assert.Equal([BenchmarkObjective.PrAuc], BenchmarkRunner.JudgedOn(BenchmarkObjective.PrAuc, diamonds));
    }
}
