using System.Globalization;
using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Evaluation;
using GlobalObjectives.TrainingQuality.Training;
using static GlobalObjectives.TrainingQuality.Experiments.BenchmarkObjective;

namespace GlobalObjectives.TrainingQuality.Experiments;

/// <summary>
/// <c>--explore</c>: what each data set allows, so that targets can be chosen where they bind. Trains cross-entropy
/// (seed 1, Adam, both models) and prints, on training and held-out data, each family's best value at a feasible
/// threshold for a ladder of targets, and the AUCs (with the normalized partial ROC-AUC over FPR ∈ [0, 0.1]).
/// </summary>
public static class Explorer
{
    private static readonly BenchmarkObjective[] Ladder =
    [
        .. new[] { 0.5, 0.7, 0.8, 0.9, 0.95 }.Select(RecallAtPrecision),
        .. new[] { 0.5, 0.7, 0.8, 0.9 }.Select(PrecisionAtRecall),
        .. new[] { 0.02, 0.05, 0.1, 0.2 }.Select(TprAtFpr),
        .. new[] { 0.8, 0.9, 0.95 }.Select(FprAtTpr),
    ];

    public static void Run(TrainingSettings settings, string dataDirectory, IEnumerable<string> dataSets, TextWriter output)
    {
        foreach (string name in dataSets)
        {
            var data = DataCatalog.Load(name, dataDirectory);
            using var split = new TensorSplit(Splits.Split(data, seed: 1), seed: 1);
            foreach (var model in new[] { ModelKind.Linear, ModelKind.Mlp })
            {
                var run = RunTrainer.Train(new RunSpec(split, null, Method.CrossEntropy, model, OptimizerKind.Adam), settings);
                var train = new Scores(run.TrainScores, split.Split.TrainLabels);
                var heldOut = new Scores(run.HeldOutScores, split.Split.HeldOutLabels);
                var partial = PartialRocAuc;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {model} cross-entropy ({run.Seconds:F1} s): ROC-AUC {train.RocAuc():F3}/{heldOut.RocAuc():F3}, " +
                    $"PR-AUC {train.AveragePrecision():F3}/{heldOut.AveragePrecision():F3}, " +
                    $"{partial.MetricName} {partial.MetricAtLogitZero(train):F3}/{partial.MetricAtLogitZero(heldOut):F3} (train/held-out)"));
                foreach (var objective in Ladder)
                {
                    var atZero = heldOut.At(0.0);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {objective.Name,-24} best {objective.BestFeasible(train).Value:F3} train, {objective.BestFeasible(heldOut).Value:F3} held-out; " +
                        $"at logit 0 held-out: {objective.ConstraintName} {objective.ConstraintValue(atZero):F3}, {objective.MetricName} {objective.ObjectiveValue(atZero):F3}"));
                }
            }
        }
    }
}
