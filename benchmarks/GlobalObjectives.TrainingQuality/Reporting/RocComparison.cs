using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Reporting;

/// <summary>
/// One line of the partial-against-full ROC-AUC comparison: a data set that has a partial ROC-AUC objective, one model
/// and optimizer, and the models of three methods (the partial ROC-AUC loss in its default mode, the full ROC-AUC loss,
/// cross-entropy) each scored on held-out data on both areas, over the seeds. The full loss's columns are NaN when the
/// data set has no ROC-AUC objective.
/// </summary>
public sealed record RocComparisonRow(
    string DataSet,
    string PartialObjectiveKey,
    string PartialMetricName,
    ModelKind Model,
    OptimizerKind Optimizer,
    int Seeds,
    Spread PartialLossPartialAuc,
    Spread FullLossPartialAuc,
    Spread CrossEntropyPartialAuc,
    Spread PartialLossRocAuc,
    Spread FullLossRocAuc,
    Spread CrossEntropyRocAuc)
{
    /// <summary>The partial loss's partial AUC minus the full ROC-AUC loss's (positive: the partial loss is ahead).</summary>
    public double PartialAucOverFullLoss => PartialLossPartialAuc.Mean - FullLossPartialAuc.Mean;

    /// <summary>The partial loss's partial AUC minus cross-entropy's (positive: the partial loss is ahead).</summary>
    public double PartialAucOverCrossEntropy => PartialLossPartialAuc.Mean - CrossEntropyPartialAuc.Mean;
}

/// <summary>Builds the partial-against-full ROC-AUC comparison from the runs (the models are the ones of the report's rows).</summary>
public static class RocComparison
{
    public static IReadOnlyList<RocComparisonRow> Build(IReadOnlyList<RunEvaluation> runs, BenchmarkPlan plan)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(plan);
        var rows = new List<RocComparisonRow>();
        foreach (var entry in plan.DataSets)
        {
            var full = entry.Objectives.FirstOrDefault(o => o.Family == ObjectiveFamily.RocAuc);
            foreach (var partial in entry.Objectives.Where(o => o.Family == ObjectiveFamily.PartialRocAuc))
            {
                foreach (var model in plan.Models)
                {
                    foreach (var optimizer in plan.Optimizers)
                    {
                        List<RunEvaluation> Runs(string judgedOn, Method method, string? trainedOn) =>
                            runs.Where(r => r.DataSet == entry.DataSet && r.Model == model && r.Optimizer == optimizer
                                            && r.ObjectiveKey == judgedOn && r.Method == method
                                            && (method == Method.CrossEntropy || (r.TrainedOn ?? r.ObjectiveKey) == trainedOn))
                                .OrderBy(r => r.Seed).ToList();

                        var partialLossOnPartial = Runs(partial.Key, Method.Default, partial.Key);
                        var crossEntropyOnPartial = Runs(partial.Key, Method.CrossEntropy, null);
                        List<RunEvaluation> partialLossOnFull = [], fullLossOnPartial = [], fullLossOnFull = [], crossEntropyOnFull = [];
                        if (full is not null)
                        {
                            partialLossOnFull = Runs(full.Key, Method.Default, partial.Key);
                            fullLossOnPartial = Runs(partial.Key, Method.Default, full.Key);
                            fullLossOnFull = Runs(full.Key, Method.Default, full.Key);
                            crossEntropyOnFull = Runs(full.Key, Method.CrossEntropy, null);
                        }
                        var present = new[] { partialLossOnPartial, crossEntropyOnPartial, partialLossOnFull, fullLossOnPartial, fullLossOnFull, crossEntropyOnFull }
                            .Where(list => list.Count > 0).ToList();
                        if (partialLossOnPartial.Count == 0) continue;
                        if (present.Any(list => !list.Select(r => r.Seed).SequenceEqual(partialLossOnPartial.Select(r => r.Seed)))
                            || crossEntropyOnPartial.Count == 0 || (full is not null && present.Count != 6))
                            throw new InvalidOperationException(
                                $"{entry.DataSet} {partial.Name} {model} {optimizer}: the partial loss, the full ROC-AUC loss and cross-entropy " +
                                "were not all run and scored on the same seeds.");
                        rows.Add(new RocComparisonRow(entry.DataSet, partial.Key, partial.MetricName, model, optimizer, partialLossOnPartial.Count,
                            Metric(partialLossOnPartial), Metric(fullLossOnPartial), Metric(crossEntropyOnPartial),
                            Metric(partialLossOnFull), Metric(fullLossOnFull), Metric(crossEntropyOnFull)));
                    }
                }
            }
        }
        return rows;
    }

    private static Spread Metric(List<RunEvaluation> runs) => Spread.Of(runs.Select(r => r.HeldOutMetric));
}
