using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Reporting;
using GlobalObjectives.TrainingQuality.Training;
using static GlobalObjectives.TrainingQuality.Tests.SyntheticRuns;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>
/// The partial ROC-AUC objective's rows (its own loss against cross-entropy, like every AUC row) and the side-by-side
/// comparison of the partial loss, the full ROC-AUC loss and cross-entropy on both areas.
/// </summary>
public sealed class RocComparisonTests
{
    private const double Precision = 12;

    [Fact]
    public void BuildRows_EachRocRowIsItsOwnLoss_TheOtherLossesModelsJoinNoRow()
    {
        var rows = Targets.BuildRows(RocExample(), RocPlan);

        // ROC-AUC has no seed mode: the partial loss's seed-mode models judged on ROC-AUC do not make one up.
        Assert.Equal(
            [("roc_auc", Method.Default), ("partial_roc_auc_0.1", Method.Default), ("partial_roc_auc_0.1", Method.SeedMode)],
            rows.Select(r => (r.ObjectiveKey, r.Method)).ToArray());

        // ROC-AUC: the full loss's 0.91, 0.93 → 0.92 against cross-entropy's 0.91: +0.01 (not the partial loss's 0.90).
        var roc = rows[0];
        Assert.Equal(0.92, roc.Metric.Mean, Precision);
        Assert.Equal(0.91, roc.CrossEntropyOracle.Mean, Precision);
        Assert.Equal(0.01, roc.AdvantageOverOracle, Precision);

        // Partial ROC-AUC, judged like the other AUC rows: one check, its metric against cross-entropy's (threshold-free,
        // so the "oracle" is cross-entropy's own area). 0.56 against 0.52: +0.04, ahead. Not the full loss's 0.45.
        var partial = rows[1];
        Assert.Equal("partial ROC-AUC, FPR ≤ 0.1", partial.Objective);
        Assert.Equal("pAUC@0.1", partial.MetricName);
        Assert.Null(partial.ConstraintName);
        Assert.True(partial.HigherIsBetter);
        Assert.Equal(0.56, partial.Metric.Mean, Precision);
        Assert.Equal(0.52, partial.CrossEntropyAtTrainThreshold.Mean, Precision);
        Assert.Equal(0.52, partial.CrossEntropyOracle.Mean, Precision);
        Assert.Equal(0.04, partial.AdvantageOverOracle, Precision);
        Assert.True(double.IsNaN(partial.GapToBestFeasible));
        Assert.Equal([Targets.Metric], partial.Checks.Select(c => c.Target).ToArray());
        Assert.True(partial.Enforced && partial.Passed);

        // Seed mode: 0.52 against 0.52, shown for comparison only.
        Assert.Equal(0.0, rows[2].AdvantageOverOracle, Precision);
        Assert.False(rows[2].Enforced);

        // The summary counts the two default-mode rows, both ahead.
        Assert.Equal(new TargetSummary(Rows: 2, RowsPassed: 2, ChecksFailed: 0, RowsAhead: 2, MostRowsAhead: true, AllTargetsMet: true),
                     Targets.Summarize(rows));
    }

    [Fact]
    public void Build_ScoresEachMethodsModelOnBothAreas()
    {
        var row = Assert.Single(RocComparison.Build(RocExample(), RocPlan));

        Assert.Equal(DataSet, row.DataSet);
        Assert.Equal("partial_roc_auc_0.1", row.PartialObjectiveKey);
        Assert.Equal("pAUC@0.1", row.PartialMetricName);
        Assert.Equal(ModelKind.Linear, row.Model);
        Assert.Equal(OptimizerKind.Adam, row.Optimizer);
        Assert.Equal(2, row.Seeds);
        // pAUC@0.1: partial loss 0.56, full loss 0.45, cross-entropy 0.52 (default mode only: the seed mode's 0.52 is not here).
        Assert.Equal(0.56, row.PartialLossPartialAuc.Mean, Precision);
        Assert.Equal(0.01 * Math.Sqrt(2), row.PartialLossPartialAuc.StandardDeviation, Precision);
        Assert.Equal(0.45, row.FullLossPartialAuc.Mean, Precision);
        Assert.Equal(0.52, row.CrossEntropyPartialAuc.Mean, Precision);
        Assert.Equal(0.11, row.PartialAucOverFullLoss, Precision);
        Assert.Equal(0.04, row.PartialAucOverCrossEntropy, Precision);
        // ROC-AUC of the same models: partial loss 0.90, full loss 0.92, cross-entropy 0.91.
        Assert.Equal(0.90, row.PartialLossRocAuc.Mean, Precision);
        Assert.Equal(0.92, row.FullLossRocAuc.Mean, Precision);
        Assert.Equal(0.91, row.CrossEntropyRocAuc.Mean, Precision);
    }

    [Fact]
    public void Build_WithoutAFullRocObjective_LeavesTheFullLossColumnsEmpty_AndWithoutAPartialOne_HasNoLine()
    {
        var partialOnly = RocPlan with { DataSets = [new DataSetObjectives(DataSet, [BenchmarkObjective.PartialRocAuc])] };
        var runs = RocExample().Where(r => r.ObjectiveKey == "partial_roc_auc_0.1" && (r.TrainedOn ?? "partial_roc_auc_0.1") == "partial_roc_auc_0.1").ToList();
        var row = Assert.Single(RocComparison.Build(runs, partialOnly));
        Assert.Equal(0.56, row.PartialLossPartialAuc.Mean, Precision);
        Assert.Equal(0.52, row.CrossEntropyPartialAuc.Mean, Precision);
        Assert.True(double.IsNaN(row.FullLossPartialAuc.Mean));
        Assert.True(double.IsNaN(row.PartialLossRocAuc.Mean));
        Assert.True(double.IsNaN(row.PartialAucOverFullLoss));

        Assert.Empty(RocComparison.Build(RocExample(), RocPlan with { DataSets = [new DataSetObjectives(DataSet, [BenchmarkObjective.RocAuc])] }));
        Assert.Empty(RocComparison.Build(WorkedExample(), Plan));
    }

    [Fact]
    public void Build_RunsMissingForOneMethod_Throw()
    {
        // The full loss's seed-2 model was not scored on the partial AUC.
        var runs = RocExample().Where(r => !(r.ObjectiveKey == "partial_roc_auc_0.1" && r.TrainedOn == "roc_auc" && r.Seed == 2)).ToList();
        var e = Assert.Throws<InvalidOperationException>(() => RocComparison.Build(runs, RocPlan));
        Assert.Equal("toy partial ROC-AUC, FPR ≤ 0.1 Linear Adam: the partial loss, the full ROC-AUC loss and cross-entropy " +
                     "were not all run and scored on the same seeds.", e.Message);

        // No full-loss model scored on the partial AUC at all, though the set has the ROC-AUC objective.
        runs = RocExample().Where(r => !(r.ObjectiveKey == "partial_roc_auc_0.1" && r.TrainedOn == "roc_auc")).ToList();
        Assert.Throws<InvalidOperationException>(() => RocComparison.Build(runs, RocPlan));
    }
}
