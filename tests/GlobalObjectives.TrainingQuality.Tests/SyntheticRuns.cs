using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>Run evaluations written by hand (no training), for the row, target and report tests.</summary>
internal static class SyntheticRuns
{
    public const string DataSet = "toy";

    public static BenchmarkObjective RecallAtPrecision { get; } = BenchmarkObjective.RecallAtPrecision(0.8);

    /// <summary>One data set with a rate objective and an AUC, one model, one optimizer, seeds 1 and 2.</summary>
    public static BenchmarkPlan Plan { get; } = new(
        [new DataSetObjectives(DataSet, [RecallAtPrecision, BenchmarkObjective.PrAuc])],
        [ModelKind.Linear], [OptimizerKind.Adam], [1, 2]);

    /// <summary>A rate-family run; constraint values default to target + slack.</summary>
    public static RunEvaluation Rate(BenchmarkObjective objective, Method method, int seed, double metric, double oracle,
        double trainSlack = 0.0, double heldOutSlack = 0.0, double predicted = 0.1, double seconds = 1.0,
        string dataSet = DataSet, IReadOnlyList<TracePoint>? trace = null)
    {
        double sign = objective.Family == ObjectiveFamily.TprAtFpr ? -1.0 : 1.0; // "≤" constraints are mirrored
        return new RunEvaluation(dataSet, objective.Key, method, ModelKind.Linear, OptimizerKind.Adam, seed, seconds,
            Threshold: method == Method.CrossEntropy ? 0.25 : 0.0, HeldOutMetric: metric, OracleMetric: oracle,
            TrainConstraint: objective.Target + sign * trainSlack, HeldOutConstraint: objective.Target + sign * heldOutSlack,
            TrainSlack: trainSlack, HeldOutSlack: heldOutSlack, HeldOutPredictedPositiveRate: predicted, trace ?? [],
            TrainedOn: method == Method.CrossEntropy ? null : objective.Key);
    }

    /// <summary>
    /// An AUC-family run: the metric is threshold-free, so the oracle equals it and the rate fields are NaN. A loss run
    /// is trained by the objective it is judged on unless <paramref name="trainedOn"/> names another.
    /// </summary>
    public static RunEvaluation Auc(BenchmarkObjective objective, Method method, int seed, double metric,
                                    double seconds = 1.0, string dataSet = DataSet, string? trainedOn = null,
                                    ModelKind model = ModelKind.Linear, OptimizerKind optimizer = OptimizerKind.Adam) =>
        new(dataSet, objective.Key, method, model, optimizer, seed, seconds, double.NaN, metric, metric,
            double.NaN, double.NaN, double.NaN, double.NaN, 0.3, [],
            TrainedOn: method == Method.CrossEntropy ? null : trainedOn ?? objective.Key);

    /// <summary>One data set with the full and the partial ROC-AUC, one model, one optimizer, seeds 1 and 2.</summary>
    public static BenchmarkPlan RocPlan { get; } = new(
        [new DataSetObjectives(DataSet, [BenchmarkObjective.RocAuc, BenchmarkObjective.PartialRocAuc])],
        [ModelKind.Linear], [OptimizerKind.Adam], [1, 2]);

    /// <summary>
    /// The partial-against-full ROC-AUC example over two seeds: every model judged on both areas, as the runner does.
    /// <code>
    ///                         pAUC@0.1     ROC-AUC
    ///   cross-entropy         0.50, 0.54   0.90, 0.92
    ///   full ROC-AUC loss     0.44, 0.46   0.91, 0.93
    ///   partial loss          0.55, 0.57   0.89, 0.91
    ///   partial, seed mode    0.52, 0.52   0.88, 0.88
    /// </code>
    /// </summary>
    public static List<RunEvaluation> RocExample()
    {
        var roc = BenchmarkObjective.RocAuc;
        var partial = BenchmarkObjective.PartialRocAuc;
        return
        [
            Auc(partial, Method.CrossEntropy, 1, 0.50), Auc(partial, Method.CrossEntropy, 2, 0.54),
            Auc(roc, Method.CrossEntropy, 1, 0.90), Auc(roc, Method.CrossEntropy, 2, 0.92),
            Auc(roc, Method.Default, 2, 0.93), Auc(roc, Method.Default, 1, 0.91),
            Auc(partial, Method.Default, 1, 0.44, trainedOn: roc.Key), Auc(partial, Method.Default, 2, 0.46, trainedOn: roc.Key),
            Auc(partial, Method.Default, 1, 0.55), Auc(partial, Method.Default, 2, 0.57),
            Auc(roc, Method.Default, 1, 0.89, trainedOn: partial.Key), Auc(roc, Method.Default, 2, 0.91, trainedOn: partial.Key),
            Auc(partial, Method.SeedMode, 1, 0.52), Auc(partial, Method.SeedMode, 2, 0.52),
            Auc(roc, Method.SeedMode, 1, 0.88, trainedOn: partial.Key), Auc(roc, Method.SeedMode, 2, 0.88, trainedOn: partial.Key),
        ];
    }

    /// <summary>
    /// The worked example of <see cref="TargetsTests"/>: both objectives with cross-entropy, the default mode (which
    /// meets every target) and seed mode (which misses every one), over two seeds.
    /// </summary>
    public static List<RunEvaluation> WorkedExample()
    {
        var rap = RecallAtPrecision;
        var pr = BenchmarkObjective.PrAuc;
        return
        [
            // Cross-entropy: held-out recall at its training threshold, and the oracle's.
            Rate(rap, Method.CrossEntropy, 1, metric: 0.40, oracle: 0.50, heldOutSlack: -0.02, seconds: 1),
            Rate(rap, Method.CrossEntropy, 2, metric: 0.50, oracle: 0.60, heldOutSlack: 0.02, seconds: 3),
            // Default mode, at logit 0; the oracle is the same model's best held-out-feasible recall.
            Rate(rap, Method.Default, 2, metric: 0.56, oracle: 0.62, trainSlack: -0.03, heldOutSlack: -0.04, predicted: 0.2, seconds: 4),
            Rate(rap, Method.Default, 1, metric: 0.60, oracle: 0.62, trainSlack: 0.01, heldOutSlack: -0.02, predicted: 0.1, seconds: 2),
            Rate(rap, Method.SeedMode, 1, metric: 0.40, oracle: 0.60, trainSlack: -0.1, heldOutSlack: -0.1),
            Rate(rap, Method.SeedMode, 2, metric: 0.44, oracle: 0.60, trainSlack: -0.1, heldOutSlack: -0.1),
            Auc(pr, Method.CrossEntropy, 1, 0.30),
            Auc(pr, Method.CrossEntropy, 2, 0.34),
            Auc(pr, Method.Default, 1, 0.31),
            Auc(pr, Method.Default, 2, 0.35),
            Auc(pr, Method.SeedMode, 1, 0.20),
            Auc(pr, Method.SeedMode, 2, 0.22),
            // Another data set's run: not in the plan, ignored.
            Rate(rap, Method.Default, 1, metric: 0.0, oracle: 1.0, dataSet: "elsewhere"),
        ];
    }
}
