using System.Globalization;
using GlobalObjectives.TrainingQuality.Evaluation;
using GlobalObjectives.TrainingQuality.Experiments;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>How an objective judges scores (values, constraint slack, best feasible threshold) and which loss it builds.</summary>
public sealed class BenchmarkObjectiveTests
{
    private static BenchmarkObjective Objective(ObjectiveFamily family, double target) => family switch
    {
        ObjectiveFamily.PrAuc => BenchmarkObjective.PrAuc,
        ObjectiveFamily.RocAuc => BenchmarkObjective.RocAuc,
        ObjectiveFamily.PartialRocAuc => BenchmarkObjective.PartialRocAuc,
        _ => new BenchmarkObjective(family, target),
    };

    // TP 6, FP 2 of P 10, N 20: recall = TPR 0.6, precision 0.75, FPR 0.1.
    private static readonly Confusion Counts = new(6, 2, 10, 20);

    [Theory]
    //                                          target  objective  constraint  slack (≥ 0 = met)
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.8, 0.6, 0.75, -0.05)] // recall; precision 0.75 − 0.8
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.7, 0.6, 0.75, 0.05)]  // precision 0.75 − 0.7
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 0.5, 0.75, 0.6, 0.1)]   // precision; recall 0.6 − 0.5
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 0.9, 0.75, 0.6, -0.3)]  // recall 0.6 − 0.9
    [InlineData(ObjectiveFamily.TprAtFpr, 0.05, 0.6, 0.1, -0.05)]          // TPR; FPR ≤ 0.05 mirrored: 0.05 − 0.1
    [InlineData(ObjectiveFamily.TprAtFpr, 0.2, 0.6, 0.1, 0.1)]             // 0.2 − 0.1
    [InlineData(ObjectiveFamily.FprAtTpr, 0.5, 0.1, 0.6, 0.1)]             // FPR (minimized); TPR 0.6 − 0.5
    [InlineData(ObjectiveFamily.FprAtTpr, 0.9, 0.1, 0.6, -0.3)]            // TPR 0.6 − 0.9
    public void ObjectiveConstraintAndSlack_PerFamily(ObjectiveFamily family, double target, double objective, double constraint, double slack)
    {
        var o = Objective(family, target);
        Assert.Equal(objective, o.ObjectiveValue(Counts), 12);
        Assert.Equal(constraint, o.ConstraintValue(Counts), 12);
        Assert.Equal(slack, o.ConstraintSlack(Counts), 12);
    }

    [Fact]
    public void Slack_IsZeroExactlyAtTheTarget()
    {
        // Precision 4/5 = 0.8 and FPR 2/20 = 0.1 are the same doubles as the literals: met exactly, slack 0.
        Assert.Equal(0.0, BenchmarkObjective.RecallAtPrecision(0.8).ConstraintSlack(new Confusion(4, 1, 10, 20)));
        Assert.Equal(0.0, BenchmarkObjective.TprAtFpr(0.1).ConstraintSlack(Counts));
    }

    [Fact]
    public void PredictNothing_HasVacuousPrecisionAsAConstraintButZeroAsAnObjective()
    {
        var nothing = new Confusion(0, 0, 10, 20);
        // Recall at precision: precision 1 meets any target, recall 0.
        Assert.Equal(1.0, BenchmarkObjective.RecallAtPrecision(0.9).ConstraintValue(nothing));
        Assert.Equal(0.1, BenchmarkObjective.RecallAtPrecision(0.9).ConstraintSlack(nothing), 12);
        Assert.Equal(0.0, BenchmarkObjective.RecallAtPrecision(0.9).ObjectiveValue(nothing));
        // Precision at recall: flagging nothing is worth 0, not a perfect precision of 1.
        Assert.Equal(0.0, BenchmarkObjective.PrecisionAtRecall(0.0).ObjectiveValue(nothing));
    }

    [Theory]
    // On ScoresTests.HandExample (see its table of points p0..p5):
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.9, 1.0 / 3, 2.5)]  // precision ≥ 0.9: p0, p1 → recall 1/3 at p1
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.6, 2.0 / 3, 1.5)]  // precision 2/3 ≥ 0.6 adds p2 → 2/3
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 0.5, 2.0 / 3, 1.5)]  // recall ≥ 0.5: p2..p5, precisions 2/3, 1/2, 1/2, 3/7
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 1.0, 0.5, -0.5)]     // recall 1: p4 (1/2), p5 (3/7)
    [InlineData(ObjectiveFamily.TprAtFpr, 0.2, 1.0 / 3, 2.5)]           // FPR ≤ 0.2: p0, p1
    [InlineData(ObjectiveFamily.TprAtFpr, 0.25, 2.0 / 3, 1.5)]          // FPR 1/4 ≤ 0.25 adds p2
    [InlineData(ObjectiveFamily.TprAtFpr, 0.5, 2.0 / 3, 1.5)]           // p3 ties p2's TPR with more FP: p2's threshold is kept
    [InlineData(ObjectiveFamily.FprAtTpr, 0.6, 0.25, 1.5)]              // minimizing: TPR ≥ 0.6 from p2 on, lowest FPR 1/4
    [InlineData(ObjectiveFamily.FprAtTpr, 1.0, 0.75, -0.5)]             // TPR 1: p4 (3/4) beats p5 (1)
    public void BestFeasible_OnTheHandExample(ObjectiveFamily family, double target, double value, double threshold)
    {
        var scores = ScoresTests.HandExample();
        var o = Objective(family, target);
        var best = o.BestFeasible(scores);
        Assert.Equal(value, best.Value, 12);
        Assert.Equal(threshold, best.Threshold);

        // The threshold realizes a point that meets the constraint and has that value.
        var counts = scores.At(best.Threshold);
        Assert.True(o.ConstraintSlack(counts) >= 0);
        Assert.Equal(best.Value, o.ObjectiveValue(counts));
        // No operating point that meets the constraint is better.
        foreach (var (point, _) in scores.OperatingPoints())
        {
            if (o.ConstraintSlack(point) >= 0)
                Assert.True(o.Advantage(o.ObjectiveValue(point), best.Value) <= 0);
        }
    }

    [Fact]
    public void BestFeasible_RecallAtPrecision_FallsBackToPredictingNothing()
    {
        // score 2 (-), 1 (+): points (TP, FP) (0, 0) precision 1, (0, 1) precision 0, (1, 1) precision 1/2.
        // Precision ≥ 0.9 holds only for "predict nothing": recall 0 at the threshold above the top score (2 + 1).
        var scores = new Scores([2f, 1f], [0f, 1f]);
        var (value, threshold) = BenchmarkObjective.RecallAtPrecision(0.9).BestFeasible(scores);
        Assert.Equal(0.0, value);
        Assert.Equal(3.0, threshold);
        Assert.Equal(new Confusion(0, 0, 1, 1), scores.At(threshold));
    }

    [Fact]
    public void MetricAtLogitZero_PerFamily()
    {
        // Hand example at threshold 0: TP 2, FP 2 of P 3, N 4 (the 0s are ties, negative).
        var scores = ScoresTests.HandExample();
        Assert.Equal(2.0 / 3, BenchmarkObjective.RecallAtPrecision(0.9).MetricAtLogitZero(scores), 12);
        Assert.Equal(0.5, BenchmarkObjective.PrecisionAtRecall(0.9).MetricAtLogitZero(scores), 12);
        Assert.Equal(2.0 / 3, BenchmarkObjective.TprAtFpr(0.1).MetricAtLogitZero(scores), 12);
        Assert.Equal(0.5, BenchmarkObjective.FprAtTpr(0.9).MetricAtLogitZero(scores), 12);
        Assert.Equal(13.0 / 18, BenchmarkObjective.PrAuc.MetricAtLogitZero(scores), 12);
        Assert.Equal(0.75, BenchmarkObjective.RocAuc.MetricAtLogitZero(scores), 12);
        // Partial ROC-AUC over FPR ∈ [0, 0.1], normalized: see ScoresTests.NormalizedPartialRocAuc_OfTheHandExample.
        Assert.Equal(0.4, BenchmarkObjective.PartialRocAuc.MetricAtLogitZero(scores), 12);
    }

    [Fact]
    public void Advantage_IsPositiveWhenOursIsBetter_FprMirrored()
    {
        Assert.Equal(0.2, BenchmarkObjective.RecallAtPrecision(0.9).Advantage(0.5, 0.3), 12);
        Assert.Equal(-0.2, BenchmarkObjective.PrAuc.Advantage(0.3, 0.5), 12);
        // FPR: lower is better, so ours 0.1 against theirs 0.3 is +0.2.
        Assert.False(BenchmarkObjective.FprAtTpr(0.9).HigherIsBetter);
        Assert.Equal(0.2, BenchmarkObjective.FprAtTpr(0.9).Advantage(0.1, 0.3), 12);
        Assert.Equal(-0.2, BenchmarkObjective.FprAtTpr(0.9).Advantage(0.3, 0.1), 12);
        Assert.True(BenchmarkObjective.TprAtFpr(0.1).HigherIsBetter);
    }

    [Theory]
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.95, "recall @ precision ≥ 0.95", "recall_at_precision_0.95", "recall", "precision")]
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 0.8, "precision @ recall ≥ 0.8", "precision_at_recall_0.8", "precision", "recall")]
    [InlineData(ObjectiveFamily.TprAtFpr, 0.05, "TPR @ FPR ≤ 0.05", "tpr_at_fpr_0.05", "TPR", "FPR")]
    [InlineData(ObjectiveFamily.FprAtTpr, 0.9, "FPR @ TPR ≥ 0.9", "fpr_at_tpr_0.9", "FPR", "TPR")]
    [InlineData(ObjectiveFamily.TprAtFpr, 0.12345, "TPR @ FPR ≤ 0.123", "tpr_at_fpr_0.123", "TPR", "FPR")] // at most 3 decimals
    [InlineData(ObjectiveFamily.PrAuc, double.NaN, "PR-AUC", "pr_auc", "PR-AUC", null)]
    [InlineData(ObjectiveFamily.RocAuc, double.NaN, "ROC-AUC", "roc_auc", "ROC-AUC", null)]
    [InlineData(ObjectiveFamily.PartialRocAuc, 0.1, "partial ROC-AUC, FPR ≤ 0.1", "partial_roc_auc_0.1", "pAUC@0.1", null)]
    public void NameKeyAndMetricNames(ObjectiveFamily family, double target, string name, string key, string metric, string? constraint)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // a decimal comma must not leak into names and keys
            var o = Objective(family, target);
            Assert.Equal(name, o.Name);
            Assert.Equal(name, o.ToString());
            Assert.Equal(key, o.Key);
            Assert.Equal(metric, o.MetricName);
            Assert.Equal(constraint is not null, o.IsRateFamily);
            if (constraint is not null) Assert.Equal(constraint, o.ConstraintName);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void AucFamilies_HaveNoConstraint()
    {
        var scores = ScoresTests.HandExample();
        foreach (var o in new[] { BenchmarkObjective.PrAuc, BenchmarkObjective.RocAuc, BenchmarkObjective.PartialRocAuc })
        {
            string expected = $"{o.Name} has no constraint at a threshold.";
            Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => o.ConstraintName).Message);
            Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => o.ObjectiveValue(Counts)).Message);
            Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => o.ConstraintValue(Counts)).Message);
            Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => o.ConstraintSlack(Counts)).Message);
            Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => o.BestFeasible(scores)).Message);
        }
    }

    [Theory]
    [InlineData(ObjectiveFamily.RecallAtPrecision, 0.95, typeof(RecallAtPrecisionLoss))] // declared 0.9
    [InlineData(ObjectiveFamily.PrecisionAtRecall, 0.7, typeof(PrecisionAtRecallLoss))]  // declared 0.8
    [InlineData(ObjectiveFamily.TprAtFpr, 0.1, typeof(TprAtFprLoss))]                    // declared 0.05
    [InlineData(ObjectiveFamily.FprAtTpr, 0.8, typeof(FprAtTprLoss))]                    // declared 0.9
    public void CreateLoss_RateFamily_IsTheGeneratedLossWithTheRowsTarget(ObjectiveFamily family, double target, Type type)
    {
        var o = Objective(family, target);

        using (var loss = o.CreateLoss(DualUpdate.ProjectedAscent))
        {
            Assert.IsType(type, loss);
            Assert.Equal(1, loss.NumLabels);
            Assert.Equal(DualUpdate.ProjectedAscent, loss.Options.DualUpdate);
            Assert.Equal([target], Assert.IsType<double[]>(loss.Options.Targets));
            Assert.Equal([target], loss.ReadMonitorState().Targets);
            Assert.Null(loss.Options.DualLearningRate);
            Assert.Equal(DualDefaults.LearningRate, loss.DualLearningRate);
        }

        using (var loss = o.CreateLoss(DualUpdate.ProjectedAscent, dualLearningRate: 0.025))
        {
            Assert.IsType(type, loss);
            Assert.Equal(0.025, loss.Options.DualLearningRate);
            Assert.Equal(0.025, loss.DualLearningRate);
            Assert.Equal([target], loss.ReadMonitorState().Targets);
        }

        using (var loss = o.CreateLoss(DualUpdate.ProjectedAscent, dualWarmupPositives: 0, initialLambda: 5))
        {
            Assert.Equal(0.0, loss.Options.DualWarmupPositives);
            Assert.Equal(5.0, loss.Options.LambdasInitialValue);
            Assert.Equal(5.0, loss.ReadMonitorState().Lambda(0));
        }

        // Seed mode: the same target; the default-mode overrides are not passed on (the library rejects a dual learning
        // rate there, and the seed mode stays the seed's).
        using (var loss = o.CreateLoss(DualUpdate.GradientReversal, dualLearningRate: 0.025, dualWarmupPositives: 0, initialLambda: 5))
        {
            Assert.Null(loss.Options.DualWarmupPositives);
            Assert.Equal(1.0, loss.Options.LambdasInitialValue);
            Assert.IsType(type, loss);
            Assert.Equal(DualUpdate.GradientReversal, loss.Options.DualUpdate);
            Assert.Equal([target], Assert.IsType<double[]>(loss.Options.Targets));
            Assert.Equal([target], loss.ReadMonitorState().Targets);
            Assert.Null(loss.Options.DualLearningRate);
            Assert.True(double.IsNaN(loss.DualLearningRate));
        }
    }

    [Fact]
    public void CreateLoss_AucFamilies_SetNoTarget_AndRocAucRejectsNothing()
    {
        foreach (var update in new[] { DualUpdate.ProjectedAscent, DualUpdate.GradientReversal })
        {
            using (var loss = BenchmarkObjective.PrAuc.CreateLoss(update, dualLearningRate: 0.025))
            {
                Assert.IsType<PrAucLoss>(loss);
                Assert.Null(loss.Options.Targets);
                Assert.Equal(update, loss.Options.DualUpdate);
                Assert.Equal(update == DualUpdate.ProjectedAscent ? (double?)0.025 : null, loss.Options.DualLearningRate);
            }

            // ROC-AUC has no multipliers: the dual learning rate, which it would reject, is dropped in either mode.
            using (var loss = BenchmarkObjective.RocAuc.CreateLoss(update, dualLearningRate: 0.025))
            {
                Assert.IsType<RocAucLoss>(loss);
                Assert.Null(loss.Options.Targets);
                Assert.Null(loss.Options.DualLearningRate);
                Assert.Null(loss.Lambdas);
            }
        }
    }

    [Fact]
    public void PartialRocAuc_TakesItsRangeFromTheDeclaration_AndIsAThresholdFreeRocObjective()
    {
        var o = BenchmarkObjective.PartialRocAuc;
        Assert.Equal(ObjectiveFamily.PartialRocAuc, o.Family);
        Assert.Equal(0.1, o.Target);
        Assert.Equal(PartialRocAucLoss.FprRangeUpper, o.Target);
        Assert.Equal(0.0, BenchmarkObjective.PartialRocAucLower);
        Assert.Equal(PartialRocAucLoss.FprRangeLower, BenchmarkObjective.PartialRocAucLower);
        Assert.Equal(20, PartialRocAucLoss.AnchorCount); // the default [Anchors]
        Assert.False(o.IsRateFamily);
        Assert.True(o.HigherIsBetter);
        Assert.Equal(0.2, o.Advantage(0.7, 0.5), 12);

        // The ROC objectives judge each other's models; the other families do not.
        Assert.True(o.IsRocFamily);
        Assert.True(BenchmarkObjective.RocAuc.IsRocFamily);
        Assert.False(BenchmarkObjective.PrAuc.IsRocFamily);
        Assert.False(BenchmarkObjective.TprAtFpr(0.1).IsRocFamily);
    }

    [Fact]
    public void CreateLoss_PartialRocAuc_IsTheAnchoredLoss_WithDefaultModeOverridesOnly()
    {
        // 20 anchors, the interior points of an even grid of 22 over [0, 0.1]: f_k = 0.1·k/21.
        double[] anchors = Enumerable.Range(1, 20).Select(k => 0.1 * k / 21).ToArray();
        using (var loss = BenchmarkObjective.PartialRocAuc.CreateLoss(DualUpdate.ProjectedAscent, dualLearningRate: 0.025, initialLambda: 2))
        {
            Assert.IsType<PartialRocAucLoss>(loss);
            Assert.Equal(1, loss.NumLabels);
            Assert.Null(loss.Options.Targets); // the anchors are declared, not a run-time target
            Assert.Equal(DualUpdate.ProjectedAscent, loss.Options.DualUpdate);
            Assert.Equal(0.025, loss.Options.DualLearningRate);
            var reading = loss.ReadMonitorState();
            Assert.Equal(20, reading.Anchors);
            Assert.Equal(anchors.Length, reading.Targets.Count);
            for (int k = 0; k < anchors.Length; k++) Assert.Equal(anchors[k], reading.Targets[k], 12);
            Assert.Equal(2.0, reading.Lambda(0, 0));
            Assert.Equal(2.0, reading.Lambda(0, 19));
        }

        // Seed mode: per-anchor multipliers trained by the optimizer; the default-mode overrides are not passed on.
        using (var loss = BenchmarkObjective.PartialRocAuc.CreateLoss(DualUpdate.GradientReversal, dualLearningRate: 0.025, initialLambda: 2))
        {
            Assert.IsType<PartialRocAucLoss>(loss);
            Assert.Equal(DualUpdate.GradientReversal, loss.Options.DualUpdate);
            Assert.Null(loss.Options.DualLearningRate);
            Assert.Equal(1.0, loss.Options.LambdasInitialValue);
            Assert.NotNull(loss.Lambdas);
            Assert.Equal(20, loss.ReadMonitorState().Anchors);
        }
    }
}
