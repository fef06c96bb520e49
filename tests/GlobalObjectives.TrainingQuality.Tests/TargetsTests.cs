using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Reporting;
using GlobalObjectives.TrainingQuality.Training;
using static GlobalObjectives.TrainingQuality.Tests.SyntheticRuns;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>Rows built from hand-written run evaluations, the target checks at their boundaries, and the summary verdict.</summary>
public sealed class TargetsTests
{
    private const double Precision = 12;

    [Fact]
    public void BuildRows_WorkedExample_RateRow()
    {
        // Recall @ precision ≥ 0.8, default mode, seeds 1 and 2 (SyntheticRuns.WorkedExample):
        //   ours            recall 0.60, 0.56     → mean 0.58, sd √((0.02² + 0.02²) / 1) = 0.02·√2
        //   CE at train thr recall 0.40, 0.50     → mean 0.45
        //   CE oracle       recall 0.50, 0.60     → mean 0.55;  advantage 0.58 − 0.55 = +0.03 ≥ −0.02: pass, ahead
        //   train slack     +0.01, −0.03          → mean −0.01 ≥ −0.02: pass
        //   held-out slack  −0.02, −0.04          → mean −0.03 ≥ −0.04: pass
        //   gap             (0.62 − 0.60, 0.62 − 0.56) → mean 0.04 ≤ 0.05: pass
        var rows = Targets.BuildRows(WorkedExample(), Plan);

        // Plan order: objective, then default before seed mode; the run of the other data set is ignored.
        Assert.Equal(
            [(RecallAtPrecision.Key, Method.Default), (RecallAtPrecision.Key, Method.SeedMode),
             ("pr_auc", Method.Default), ("pr_auc", Method.SeedMode)],
            rows.Select(r => (r.ObjectiveKey, r.Method)).ToArray());
        Assert.All(rows, r => Assert.Equal(DataSet, r.DataSet));

        var row = rows[0];
        Assert.Equal("recall @ precision ≥ 0.8", row.Objective);
        Assert.Equal("recall", row.MetricName);
        Assert.Equal("precision", row.ConstraintName);
        Assert.True(row.HigherIsBetter);
        Assert.Equal(ModelKind.Linear, row.Model);
        Assert.Equal(OptimizerKind.Adam, row.Optimizer);
        Assert.Equal(2, row.Seeds);
        Assert.Equal(0.58, row.Metric.Mean, Precision);
        Assert.Equal(0.02 * Math.Sqrt(2), row.Metric.StandardDeviation, Precision);
        Assert.Equal(0.56, row.Metric.Min);
        Assert.Equal(0.60, row.Metric.Max);
        Assert.Equal(0.45, row.CrossEntropyAtTrainThreshold.Mean, Precision);
        Assert.Equal(0.55, row.CrossEntropyOracle.Mean, Precision);
        Assert.Equal(0.03, row.AdvantageOverOracle, Precision);
        Assert.Equal(0.79, row.TrainConstraint.Mean, Precision);     // 0.81, 0.77
        Assert.Equal(0.77, row.HeldOutConstraint.Mean, Precision);   // 0.78, 0.76
        Assert.Equal(-0.01, row.TrainSlack.Mean, Precision);
        Assert.Equal(-0.03, row.HeldOutSlack.Mean, Precision);
        Assert.Equal(-0.04, row.HeldOutSlack.Min);
        Assert.Equal(0.80, row.CrossEntropyHeldOutConstraint.Mean, Precision); // 0.78, 0.82
        Assert.Equal(0.0, row.CrossEntropyHeldOutSlack.Mean, Precision);       // −0.02, +0.02
        Assert.Equal(0.04, row.GapToBestFeasible, Precision);
        Assert.Equal(0.15, row.PredictedPositiveRate, Precision);    // 0.1, 0.2
        Assert.Equal(3.0, row.Seconds, Precision);                   // 2, 4
        Assert.Equal(2.0, row.CrossEntropySeconds, Precision);       // 1, 3

        Assert.True(row.Enforced);
        Assert.True(row.Passed);
        Assert.Equal([Targets.Metric, Targets.TrainConstraint, Targets.HeldOutConstraint, Targets.ObjectiveAtZero],
                     row.Checks.Select(c => c.Target).ToArray());
        Assert.All(row.Checks, c => Assert.True(c.Enforced && c.Passed));
        Assert.Equal([0.03, -0.01, -0.03, 0.04], row.Checks.Select(c => Math.Round(c.Value, 10)).ToArray());
        Assert.Equal([-0.02, -0.02, -0.04, 0.05], row.Checks.Select(c => c.Limit).ToArray());
    }

    [Fact]
    public void BuildRows_WorkedExample_SeedModeAndAucRows()
    {
        var rows = Targets.BuildRows(WorkedExample(), Plan);

        // Seed mode: recall 0.40, 0.44 → 0.42, advantage 0.42 − 0.55 = −0.13; slacks −0.1; gap mean(0.20, 0.16) = 0.18.
        // Every check fails, but the row is shown for comparison only.
        var seed = rows[1];
        Assert.Equal(Method.SeedMode, seed.Method);
        Assert.False(seed.Enforced);
        Assert.False(seed.Passed);
        Assert.Equal(-0.13, seed.AdvantageOverOracle, Precision);
        Assert.Equal(0.18, seed.GapToBestFeasible, Precision);
        Assert.All(seed.Checks, c => Assert.False(c.Enforced || c.Passed));
        Assert.Equal(0.55, seed.CrossEntropyOracle.Mean, Precision); // the same baseline as the default row

        // PR-AUC: ours 0.31, 0.35 → 0.33 against 0.30, 0.34 → 0.32: +0.01. One check; no constraint, no gap.
        var auc = rows[2];
        Assert.Equal("PR-AUC", auc.Objective);
        Assert.Null(auc.ConstraintName);
        Assert.Equal(0.01, auc.AdvantageOverOracle, Precision);
        Assert.Equal(0.32, auc.CrossEntropyAtTrainThreshold.Mean, Precision); // threshold-free: same as the oracle
        Assert.True(double.IsNaN(auc.GapToBestFeasible));
        Assert.True(double.IsNaN(auc.TrainSlack.Mean));
        Assert.True(double.IsNaN(auc.HeldOutConstraint.Mean));
        Assert.Equal([Targets.Metric], auc.Checks.Select(c => c.Target).ToArray());
        Assert.True(auc.Passed);

        // Seed-mode PR-AUC: 0.21 − 0.32 = −0.11 < −0.02.
        Assert.Equal(-0.11, rows[3].AdvantageOverOracle, Precision);
        Assert.False(rows[3].Passed);
    }

    [Fact]
    public void Summarize_CountsOnlyDefaultModeRows()
    {
        var summary = Targets.Summarize(Targets.BuildRows(WorkedExample(), Plan));

        // Both default rows pass and are ahead (+0.03, +0.01); the five failed seed-mode checks do not count.
        Assert.Equal(new TargetSummary(Rows: 2, RowsPassed: 2, ChecksFailed: 0, RowsAhead: 2, MostRowsAhead: true, AllTargetsMet: true), summary);
        Assert.Equal("2/2 default-mode rows meet every target; 2/2 ahead of cross-entropy with the oracle threshold (most rows: met); ALL TARGETS MET",
                     summary.Line);

        // Only seed-mode rows: nothing is enforced, so nothing is met.
        var seedOnly = WorkedExample().Where(r => r.Method != Method.Default).ToList();
        var none = Targets.Summarize(Targets.BuildRows(seedOnly, Plan));
        Assert.Equal(0, none.Rows);
        Assert.False(none.AllTargetsMet);
        Assert.False(Targets.Summarize([]).AllTargetsMet);
    }

    [Theory]
    // One seed, recall @ precision ≥ 0.8; the advantage is ours − CE oracle, the gap own oracle − ours.
    // 0.02 − 0.04 is exactly −0.02 in doubles (0.04 = 2 · 0.02), 0.1 − 0.05 exactly 0.05: the limits themselves pass.
    //        ours  CE oracle  own oracle  train slack  held-out slack  failing checks
    [InlineData(0.02, 0.04, 0.02, 0.0, 0.0)]                                          // advantage −0.02: at the margin
    [InlineData(0.02, 0.0401, 0.02, 0.0, 0.0, Targets.Metric)]                        // advantage −0.0201
    [InlineData(0.5, 0.5, 0.5, -0.02, -0.02)]                                         // train slack at −0.02
    [InlineData(0.5, 0.5, 0.5, -0.0201, -0.02, Targets.TrainConstraint)]
    [InlineData(0.5, 0.5, 0.5, 0.0, -0.04)]                                           // held-out slack at −0.04
    [InlineData(0.5, 0.5, 0.5, -0.03, -0.03, Targets.TrainConstraint)]                // −0.03: misses on train only
    [InlineData(0.5, 0.5, 0.5, 0.0, -0.0401, Targets.HeldOutConstraint)]
    [InlineData(0.05, 0.05, 0.1, 0.0, 0.0)]                                           // gap 0.05: at the limit
    [InlineData(0.05, 0.05, 0.1001, 0.0, 0.0, Targets.ObjectiveAtZero)]               // gap 0.0501
    [InlineData(0.6, 0.5, 0.5, 0.0, 0.0)]                                             // gap −0.1: logit 0 overshoots
    [InlineData(0.3, 0.5, 0.5, -0.05, -0.05, Targets.Metric, Targets.TrainConstraint, Targets.HeldOutConstraint, Targets.ObjectiveAtZero)]
    public void Checks_AtTheirLimits(double ours, double ceOracle, double ownOracle, double trainSlack, double heldOutSlack,
                                     params string[] failing)
    {
        var rap = RecallAtPrecision;
        var plan = Plan with { DataSets = [new DataSetObjectives(DataSet, [rap])], Seeds = [1] };
        var runs = new List<RunEvaluation>
        {
            Rate(rap, Method.CrossEntropy, 1, metric: ceOracle - 0.1, oracle: ceOracle),
            Rate(rap, Method.Default, 1, metric: ours, oracle: ownOracle, trainSlack: trainSlack, heldOutSlack: heldOutSlack),
        };
        var row = Assert.Single(Targets.BuildRows(runs, plan));

        Assert.Equal(failing, row.Checks.Where(c => !c.Passed).Select(c => c.Target).ToArray());
        Assert.Equal(failing.Length == 0, row.Passed);
        var summary = Targets.Summarize([row]);
        Assert.Equal(failing.Length, summary.ChecksFailed);
        Assert.Equal(failing.Length == 0 ? 1 : 0, summary.RowsPassed);
    }

    [Fact]
    public void Checks_FprAtTpr_LowerFprIsBetter()
    {
        // FPR @ TPR ≥ 0.9: ours FPR 0.1 against the CE oracle's 0.2 is an advantage of 0.2 − 0.1 = +0.1 (ahead); the
        // gap is ours − own oracle = 0.1 − 0.05 = 0.05, at the limit. Swapped, ours 0.2 against 0.1 trails by 0.1.
        var fpr = BenchmarkObjective.FprAtTpr(0.9);
        var plan = Plan with { DataSets = [new DataSetObjectives(DataSet, [fpr])], Seeds = [1] };

        var better = Assert.Single(Targets.BuildRows(
            [Rate(fpr, Method.CrossEntropy, 1, 0.3, 0.2), Rate(fpr, Method.Default, 1, 0.1, 0.05)], plan));
        Assert.False(better.HigherIsBetter);
        Assert.Equal("TPR", better.ConstraintName);
        Assert.Equal(0.1, better.AdvantageOverOracle, Precision);
        Assert.Equal(0.05, better.GapToBestFeasible);
        Assert.True(better.Passed);
        Assert.Equal(1, Targets.Summarize([better]).RowsAhead);

        var worse = Assert.Single(Targets.BuildRows(
            [Rate(fpr, Method.CrossEntropy, 1, 0.3, 0.1), Rate(fpr, Method.Default, 1, 0.2, 0.2)], plan));
        Assert.Equal(-0.1, worse.AdvantageOverOracle, Precision);
        Assert.Equal(0.0, worse.GapToBestFeasible);
        Assert.Equal([Targets.Metric], worse.Checks.Where(c => !c.Passed).Select(c => c.Target).ToArray());
        Assert.Equal(0, Targets.Summarize([worse]).RowsAhead);
    }

    [Theory]
    // Advantages in hundredths, one PR-AUC row each (all within the −0.02 margin, so every check passes).
    // "Most" is strictly more than half, and an advantage of exactly 0 is not ahead.
    [InlineData(new[] { 1, 1, -1 }, 2, true)]      // 2 of 3
    [InlineData(new[] { 1, 1, 0, -1 }, 2, false)]  // 2 of 4 is half, not most
    [InlineData(new[] { 1, 1, 1, -1 }, 3, true)]   // 3 of 4
    [InlineData(new[] { 0 }, 0, false)]
    public void Summarize_MostRowsAhead(int[] hundredths, int ahead, bool most)
    {
        var names = hundredths.Select((_, i) => $"set{i}").ToArray();
        var plan = Plan with { DataSets = names.Select(n => new DataSetObjectives(n, [BenchmarkObjective.PrAuc])).ToList(), Seeds = [1] };
        var runs = new List<RunEvaluation>();
        for (int i = 0; i < names.Length; i++)
        {
            runs.Add(Auc(BenchmarkObjective.PrAuc, Method.CrossEntropy, 1, 0.5, dataSet: names[i]));
            runs.Add(Auc(BenchmarkObjective.PrAuc, Method.Default, 1, 0.5 + hundredths[i] / 100.0, dataSet: names[i]));
        }

        var summary = Targets.Summarize(Targets.BuildRows(runs, plan));
        Assert.Equal(names.Length, summary.Rows);
        Assert.Equal(names.Length, summary.RowsPassed);
        Assert.Equal(0, summary.ChecksFailed);
        Assert.Equal(ahead, summary.RowsAhead);
        Assert.Equal(most, summary.MostRowsAhead);
        Assert.Equal(most, summary.AllTargetsMet);
        Assert.Contains(most ? "(most rows: met); ALL TARGETS MET" : "(most rows: MISSED); TARGETS MISSED (0 checks)", summary.Line);
    }

    [Fact]
    public void BuildRows_RunCountsThatDoNotMatchTheBaseline_Throw()
    {
        // Default mode has seeds 1 and 2, cross-entropy only seed 1.
        var runs = WorkedExample().Where(r => !(r.Method == Method.CrossEntropy && r.Seed == 2 && r.ObjectiveKey == RecallAtPrecision.Key)).ToList();
        var e = Assert.Throws<InvalidOperationException>(() => Targets.BuildRows(runs, Plan));
        Assert.Equal("toy recall @ precision ≥ 0.8 Linear Adam: 2 runs of Default but 1 of cross-entropy.", e.Message);

        // A seed-mode run missing.
        runs = WorkedExample().Where(r => !(r.Method == Method.SeedMode && r.Seed == 1 && r.ObjectiveKey == "pr_auc")).ToList();
        e = Assert.Throws<InvalidOperationException>(() => Targets.BuildRows(runs, Plan));
        Assert.Equal("toy PR-AUC Linear Adam: 1 runs of SeedMode but 2 of cross-entropy.", e.Message);
    }

    [Fact]
    public void Spread_MeanSampleDeviationAndRange()
    {
        // 1, 2, 6: mean 3, sample variance ((−2)² + (−1)² + 3²) / 2 = 7.
        var spread = Spread.Of([1.0, 2.0, 6.0]);
        Assert.Equal(new Spread(3.0, Math.Sqrt(7.0), 1.0, 6.0), spread);
        Assert.Equal(new Spread(4.0, 0.0, 4.0, 4.0), Spread.Of([4.0])); // one seed: no deviation
        Assert.True(double.IsNaN(Spread.Of([1.0, double.NaN]).Mean));
        Assert.True(double.IsNaN(Spread.Of([]).Mean));
    }
}
