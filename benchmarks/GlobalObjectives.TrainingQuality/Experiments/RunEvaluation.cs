using GlobalObjectives.TrainingQuality.Evaluation;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Experiments;

/// <summary>
/// One trained model judged on one objective. For the generated loss the operating point is the model's own
/// threshold, logit 0; for cross-entropy it is the threshold chosen on training data to meet the constraint (what a
/// user deploys), and <see cref="OracleMetric"/> is the best the model reaches at a threshold chosen on held-out data.
/// Rate fields are NaN for the AUC families. <see cref="TrainedOn"/> is the key of the objective whose loss trained the
/// model (null for cross-entropy): a full or partial ROC-AUC loss's model is also judged on the other ROC objective of
/// its data set, and then <see cref="ObjectiveKey"/> (what it is judged on) differs from it.
/// </summary>
public sealed record RunEvaluation(
    string DataSet,
    string ObjectiveKey,
    Method Method,
    ModelKind Model,
    OptimizerKind Optimizer,
    int Seed,
    double Seconds,
    double Threshold,
    double HeldOutMetric,
    double OracleMetric,
    double TrainConstraint,
    double HeldOutConstraint,
    double TrainSlack,
    double HeldOutSlack,
    double HeldOutPredictedPositiveRate,
    IReadOnlyList<TracePoint> Trace,
    string? TrainedOn = null)
{
    /// <summary>
    /// Whether the run's model was trained by the loss of the objective it is judged on (always false for cross-entropy).
    /// Results written before <see cref="TrainedOn"/> existed have it null: their loss runs were judged on their own objective.
    /// Derived, so not written to the results JSON.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool TrainedOnItsObjective => Method != Method.CrossEntropy && (TrainedOn ?? ObjectiveKey) == ObjectiveKey;

    /// <summary>Judges one trained model on each objective; the scores are sorted once for all of them.</summary>
    public static IReadOnlyList<RunEvaluation> Evaluate(RunSpec spec, IReadOnlyList<BenchmarkObjective> objectives, RunOutput output)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(output);
        var split = spec.Data.Split;
        var train = new Scores(output.TrainScores, split.TrainLabels);
        var heldOut = new Scores(output.HeldOutScores, split.HeldOutLabels);
        return objectives.Select(objective => Evaluate(spec, objective, output, train, heldOut)).ToList();
    }

    private static RunEvaluation Evaluate(RunSpec spec, BenchmarkObjective objective, RunOutput output, Scores train, Scores heldOut)
    {
        var split = spec.Data.Split;
        if (!objective.IsRateFamily)
        {
            double metric = objective.MetricAtLogitZero(heldOut);
            return new RunEvaluation(split.Name, objective.Key, spec.Method, spec.Model, spec.Optimizer, spec.Seed,
                output.Seconds, double.NaN, metric, metric, double.NaN, double.NaN, double.NaN, double.NaN,
                heldOut.At(0.0).PredictedPositiveRate, output.Trace, spec.Objective?.Key);
        }

        // Cross-entropy has no threshold of its own for the constraint: the user picks it on training data.
        double threshold = spec.Method == Method.CrossEntropy ? objective.BestFeasible(train).Threshold : 0.0;
        var trainCounts = train.At(threshold);
        var heldOutCounts = heldOut.At(threshold);
        return new RunEvaluation(split.Name, objective.Key, spec.Method, spec.Model, spec.Optimizer, spec.Seed,
            output.Seconds, threshold,
            HeldOutMetric: objective.ObjectiveValue(heldOutCounts),
            OracleMetric: objective.BestFeasible(heldOut).Value,
            TrainConstraint: objective.ConstraintValue(trainCounts),
            HeldOutConstraint: objective.ConstraintValue(heldOutCounts),
            TrainSlack: objective.ConstraintSlack(trainCounts),
            HeldOutSlack: objective.ConstraintSlack(heldOutCounts),
            HeldOutPredictedPositiveRate: heldOutCounts.PredictedPositiveRate,
            output.Trace, spec.Objective?.Key);
    }
}
