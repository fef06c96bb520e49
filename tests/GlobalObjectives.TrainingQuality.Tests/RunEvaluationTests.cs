using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Reporting;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>How a trained model's scores become evaluations: one per judged objective, with the loss it was trained by.</summary>
public sealed class RunEvaluationTests
{
    // Held-out scores and labels are ScoresTests.HandExample's: ROC-AUC 0.75, normalized pAUC over FPR ≤ 0.1 0.4.
    private static readonly float[] HeldOutScores = [3f, 2f, 2f, 1f, 0f, 0f, -1f];
    private static readonly float[] HeldOutLabels = [1f, 0f, 1f, 0f, 1f, 0f, 0f];

    // Training: a perfect ranking (both areas 1).
    private static readonly float[] TrainScores = [2f, 1f, -1f, -2f];
    private static readonly float[] TrainLabels = [1f, 1f, 0f, 0f];

    private static TensorSplit Split() => new(new SplitDataSet("toy", 1, [0f, 1f, 2f, 3f], TrainLabels, new float[HeldOutLabels.Length], HeldOutLabels,
                                                               new FeatureStatistics([0.0], [1.0]), [0, 1, 2, 3], [4, 5, 6, 7, 8, 9, 10], Standardized: true), seed: 2);

    private static RunOutput Output(IReadOnlyList<TracePoint>? trace = null) => new(TrainScores, HeldOutScores, 1.5, trace ?? []);

    [Fact]
    public void Evaluate_RocLoss_JudgedOnBothAreas_RecordsTheLossThatTrainedIt()
    {
        using var split = Split();
        var trace = new[] { new TracePoint(50, double.NaN, double.NaN, double.NaN) };
        var spec = new RunSpec(split, BenchmarkObjective.RocAuc, Method.Default, ModelKind.Mlp, OptimizerKind.SgdMomentum);

        var evaluations = RunEvaluation.Evaluate(spec, [BenchmarkObjective.RocAuc, BenchmarkObjective.PartialRocAuc], Output(trace));

        Assert.Equal(["roc_auc", "partial_roc_auc_0.1"], evaluations.Select(e => e.ObjectiveKey));
        Assert.All(evaluations, e =>
        {
            Assert.Equal("toy", e.DataSet);
            Assert.Equal("roc_auc", e.TrainedOn);
            Assert.Equal(Method.Default, e.Method);
            Assert.Equal(ModelKind.Mlp, e.Model);
            Assert.Equal(OptimizerKind.SgdMomentum, e.Optimizer);
            Assert.Equal(2, e.Seed);
            Assert.Equal(1.5, e.Seconds);
            Assert.Same(trace, e.Trace);
            // Threshold-free: no threshold, the oracle is the metric itself, no constraint.
            Assert.True(double.IsNaN(e.Threshold) && double.IsNaN(e.TrainSlack) && double.IsNaN(e.HeldOutConstraint));
            Assert.Equal(e.HeldOutMetric, e.OracleMetric);
            Assert.Equal(4.0 / 7, e.HeldOutPredictedPositiveRate, 12); // above logit 0: 3, 2, 2, 1 of 7
        });
        Assert.Equal(0.75, evaluations[0].HeldOutMetric, 12);
        Assert.Equal(0.4, evaluations[1].HeldOutMetric, 12);
        // Judged on its own objective, then on the other one.
        Assert.True(evaluations[0].TrainedOnItsObjective);
        Assert.False(evaluations[1].TrainedOnItsObjective);
    }

    [Fact]
    public void Evaluate_CrossEntropy_HasNoTrainingObjective()
    {
        using var split = Split();
        var spec = new RunSpec(split, null, Method.CrossEntropy, ModelKind.Linear, OptimizerKind.Adam);

        var evaluation = Assert.Single(RunEvaluation.Evaluate(spec, [BenchmarkObjective.PartialRocAuc], Output()));

        Assert.Null(evaluation.TrainedOn);
        Assert.False(evaluation.TrainedOnItsObjective);
        Assert.Equal("partial_roc_auc_0.1", evaluation.ObjectiveKey);
        Assert.Equal(0.4, evaluation.HeldOutMetric, 12);
    }

    [Fact]
    public void TrainedOnItsObjective_TreatsAMissingTrainedOnAsItsOwnObjective()
    {
        // Results written before TrainedOn existed: every loss run was judged on its own objective only.
        var old = SyntheticRuns.Auc(BenchmarkObjective.RocAuc, Method.Default, 1, 0.9) with { TrainedOn = null };
        Assert.True(old.TrainedOnItsObjective);
        Assert.False((old with { Method = Method.CrossEntropy }).TrainedOnItsObjective);
        Assert.False((old with { TrainedOn = "partial_roc_auc_0.1" }).TrainedOnItsObjective);
    }

    [Fact]
    public void ResultsJson_RoundTripsTrainedOn_AndReadsRunsWithoutIt()
    {
        string folder = Directory.CreateTempSubdirectory("training-quality-tests-").FullName;
        try
        {
            string path = Path.Combine(folder, "runs.json");
            var runs = new List<RunEvaluation>
            {
                SyntheticRuns.Auc(BenchmarkObjective.RocAuc, Method.Default, 1, 0.9, trainedOn: BenchmarkObjective.PartialRocAuc.Key),
                SyntheticRuns.Auc(BenchmarkObjective.RocAuc, Method.CrossEntropy, 1, 0.8),
            };
            ResultsJson.WriteRuns(runs, path);
            var read = ResultsJson.ReadRuns(path);
            Assert.Equal("partial_roc_auc_0.1", read[0].TrainedOn);
            Assert.Null(read[1].TrainedOn);

            // An older file has no "trainedOn": it reads as null.
            string text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), ",?\"trainedOn\":(\"[^\"]*\"|null)", "");
            Assert.DoesNotContain("trainedOn", text);
            File.WriteAllText(path, text);
            Assert.All(ResultsJson.ReadRuns(path), r => Assert.Null(r.TrainedOn));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
