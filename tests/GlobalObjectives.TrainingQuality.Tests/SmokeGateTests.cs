using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Reporting;
using GlobalObjectives.TrainingQuality.Training;
using static GlobalObjectives.TrainingQuality.Tests.SyntheticRuns;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>The --quick run's CI gate: the training-data constraint and non-degeneracy of default-mode rate rows only.</summary>
public sealed class SmokeGateTests
{
    private static List<RunEvaluation> Runs(double trainSlack1, double trainSlack2, double predicted = 0.1, double heldOutSlack = -0.2)
    {
        var rap = RecallAtPrecision;
        return
        [
            Rate(rap, Method.CrossEntropy, 1, metric: 0.5, oracle: 0.9),
            Rate(rap, Method.CrossEntropy, 2, metric: 0.5, oracle: 0.9),
            // Far behind the oracle and far off on held-out data: the full targets fail, the gate does not look at them.
            Rate(rap, Method.Default, 1, metric: 0.1, oracle: 0.9, trainSlack: trainSlack1, heldOutSlack: heldOutSlack, predicted: predicted),
            Rate(rap, Method.Default, 2, metric: 0.1, oracle: 0.9, trainSlack: trainSlack2, heldOutSlack: heldOutSlack, predicted: predicted),
            // Seed mode misses everything and is never gated.
            Rate(rap, Method.SeedMode, 1, metric: 0.0, oracle: 0.9, trainSlack: -0.5, predicted: 0.0),
            Rate(rap, Method.SeedMode, 2, metric: 0.0, oracle: 0.9, trainSlack: -0.5, predicted: 0.0),
            // The AUC rows have no constraint: not gated either.
            Auc(BenchmarkObjective.PrAuc, Method.CrossEntropy, 1, 0.9),
            Auc(BenchmarkObjective.PrAuc, Method.CrossEntropy, 2, 0.9),
            Auc(BenchmarkObjective.PrAuc, Method.Default, 1, 0.1),
            Auc(BenchmarkObjective.PrAuc, Method.Default, 2, 0.1),
        ];
    }

    [Fact]
    public void PassesOnTheTrainingConstraintAlone_WhateverTheOtherTargets()
    {
        // Train slack −0.01 and −0.03: mean −0.02, exactly at the tolerance.
        var rows = Targets.BuildRows(Runs(-0.01, -0.03), Plan);
        Assert.False(Targets.Summarize(rows).AllTargetsMet);
        var (passed, line) = Targets.SmokeGate(rows);
        Assert.True(passed, line);
        Assert.StartsWith("smoke gate: 1/1 default-mode rate rows hold their constraint at logit 0 on training data (within 0.02) and are not degenerate: met", line);
    }

    [Fact]
    public void FailsWhenTheTrainingConstraintMisses_NamingTheRow()
    {
        // Mean train slack −0.025 < −0.02.
        var (passed, line) = Targets.SmokeGate(Targets.BuildRows(Runs(-0.02, -0.03), Plan));
        Assert.False(passed);
        Assert.Equal("smoke gate: 0/1 default-mode rate rows hold their constraint at logit 0 on training data (within 0.02) " +
                     "and are not degenerate: MISSED; toy recall @ precision ≥ 0.8 Linear Adam", line);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void FailsOnADegenerateModel(double predictedPositiveRate)
    {
        var (passed, line) = Targets.SmokeGate(Targets.BuildRows(Runs(0.0, 0.0, predictedPositiveRate), Plan));
        Assert.False(passed);
        Assert.Contains("MISSED", line, StringComparison.Ordinal);
    }

    [Fact]
    public void FailsWithNoRateRowToGate()
    {
        var aucOnly = Runs(0.0, 0.0).Where(r => r.ObjectiveKey == BenchmarkObjective.PrAuc.Key).ToList();
        Assert.False(Targets.SmokeGate(Targets.BuildRows(aucOnly, Plan)).Passed);
    }
}
