using System.Globalization;
using GlobalObjectives.Metrics;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// Every rate-at-rate family, trained as users train it (Adam over the model's parameters and
/// <c>loss.parameters()</c>, <c>loss.call</c>, <c>backward</c>, <c>step</c>, default <see cref="ObjectiveOptions"/> so
/// that λ moves by projected ascent; recall at precision adds a step warm-up, see there), ends where it was asked to: at
/// logit 0 the declared constraint holds on the training data (within <see cref="TrainTolerance"/>) and on a held-out
/// set (within <see cref="HeldOutTolerance"/>), the objective is within <see cref="ObjectiveTolerance"/> of the best the
/// same trained model reaches at any threshold that meets the constraint on the training data, and the model predicts
/// some positives but not all.
/// </summary>
/// <remarks>
/// <para>Data: two overlapping unit-variance Gaussian classes in 2-D (means ±separation/2 on the first axis), drawn with
/// <see cref="System.Random"/> from a fixed seed (<see cref="SyntheticSet.TwoGaussians"/>), a training set and a held-out
/// set of <see cref="LinearTraining.Examples"/> each; a linear model trained by <see cref="LinearTraining.Train"/>. Each test's class prior and separation make the constraint bind: cross-entropy trained the same way
/// misses it at logit 0 by more than <see cref="CrossEntropyMinimumMiss"/> (checked first, so a change of data that
/// stops the constraint from binding fails here rather than passing vacuously), while a threshold that meets it exists
/// with a useful objective (not predict-nothing or predict-everything).</para>
/// <para>Determinism: see <see cref="LinearTraining"/>.</para>
/// </remarks>
public sealed class ConstraintsHoldTests(ITestOutputHelper output)
{
    private const double TrainTolerance = 0.02;
    private const double HeldOutTolerance = 0.04;
    private const double ObjectiveTolerance = 0.05;
    private const double CrossEntropyMinimumMiss = 0.05;

    // 30 % positives, separation 1.5: cross-entropy's logit 0 gives precision 0.73 (recall 0.60); recall 0.44 is
    // possible at precision 0.8.
    // Default options. The untrained model can start out predicting most examples positive (precision near the 0.3
    // base rate); precision's dual signal is its batch gap p − precision, bounded, so those batches cannot push λ far
    // past what the fitted model needs. (With the earlier count-normalized signal, seed 6 of this setup ended
    // over-constrained: λ 7.5 after 100 steps against 3.6 at convergence, precision 0.83, recall 0.37 of 0.42.)
    // Seeds 1 to 10 of this setup pass.
    [Fact]
    public void RecallAtPrecisionHoldsPrecisionAtLogitZero()
        => TrainAndCheck(RateFamily.RecallAtPrecision, () => new RecallAtPrecision80(),
            positiveRate: 0.3, separation: 1.5);

    // 20 % positives, separation 2: cross-entropy's logit 0 gives recall 0.63 (precision 0.77); precision 0.73 is
    // possible at recall 0.7.
    [Fact]
    public void PrecisionAtRecallHoldsRecallAtLogitZero()
        => TrainAndCheck(RateFamily.PrecisionAtRecall, () => new PrecisionAtRecall70(), positiveRate: 0.2, separation: 2.0);

    // Balanced classes, separation 1.5: cross-entropy's logit 0 gives FPR 0.23 (TPR 0.78); TPR 0.59 is possible at
    // FPR 0.1.
    [Fact]
    public void TprAtFprHoldsFalsePositiveRateAtLogitZero()
        => TrainAndCheck(RateFamily.TprAtFpr, () => new TprAtFpr10(), positiveRate: 0.5, separation: 1.5);

    // 30 % positives, separation 2: cross-entropy's logit 0 gives TPR 0.74 (FPR 0.08); FPR 0.22 is possible at
    // TPR 0.9.
    [Fact]
    public void FprAtTprHoldsTruePositiveRateAtLogitZero()
        => TrainAndCheck(RateFamily.FprAtTpr, () => new FprAtTpr90(), positiveRate: 0.3, separation: 2.0);

    // A family of the language's second version, the mirror of TPR at FPR: the same data (balanced classes,
    // separation 1.5): cross-entropy's logit 0 gives specificity 0.77 (FNR 0.22); FNR 0.56 is possible at
    // specificity 0.95. Seeds 1 to 5 pass: specificity at logit 0 within 0.002 of 0.95 on training data, 0.004 held out.
    [Fact]
    public void FnrAtSpecificityHoldsSpecificityAtLogitZero()
        => TrainAndCheck(RateFamily.FnrAtSpecificity, () => new FnrAtSpecificity95(), positiveRate: 0.5, separation: 1.5);

    // The contract holds for any optimizer, since λ's update is the loss's own: the same checks with each of them.
    [Theory]
    [InlineData("SGD")]
    [InlineData("SGD+momentum")]
    [InlineData("AdamW")]
    [InlineData("RMSprop")]
    public void ConstraintsHoldWithAnyOptimizer(string optimizer)
    {
        TrainAndCheck(RateFamily.TprAtFpr, () => new TprAtFpr10(), positiveRate: 0.5, separation: 1.5, optimizer);
        TrainAndCheck(RateFamily.RecallAtPrecision, () => new RecallAtPrecision80(), positiveRate: 0.3, separation: 1.5, optimizer);
    }

    private void TrainAndCheck(RateFamily family, Func<GlobalObjectiveLoss> createLoss, double positiveRate, double separation,
                               string optimizer = "Adam")
    {
        var random = new Random(LinearTraining.Seed);
        var train = SyntheticSet.TwoGaussians(random, LinearTraining.Examples, positiveRate, separation);
        var heldOut = SyntheticSet.TwoGaussians(random, LinearTraining.Examples, positiveRate, separation);

        // The constraint binds: the same model and optimizer with cross-entropy miss it at logit 0.
        output.WriteLine($"{family.Name}, {optimizer}:");
        var crossEntropyModel = LinearTraining.Train(train, nn.BCEWithLogitsLoss().call, extraParameters: [], optimizer);
        var crossEntropy = BinaryMetrics.CountsAt(LinearTraining.Scores(crossEntropyModel, train), train.Labels, 0.0);
        double crossEntropyMiss = family.Violation(crossEntropy);
        Log(family, "cross-entropy, train", crossEntropy);
        Assert.True(crossEntropyMiss > CrossEntropyMinimumMiss,
            $"{family.Name}: the constraint does not bind on this data: cross-entropy at logit 0 already has {family.ConstraintName} " +
            $"{F(family.Constraint(crossEntropy))} against the target {family.Relation} {F(family.Target)} (miss {F(crossEntropyMiss)}, needed > {F(CrossEntropyMinimumMiss)})");

        using var loss = createLoss();
        var model = LinearTraining.Train(train, loss.call, loss.parameters(), optimizer);
        var trainScores = LinearTraining.Scores(model, train);
        var atZero = BinaryMetrics.CountsAt(trainScores, train.Labels, 0.0);
        var heldOutAtZero = BinaryMetrics.CountsAt(LinearTraining.Scores(model, heldOut), heldOut.Labels, 0.0);
        double best = family.BestFeasibleObjective(trainScores, train.Labels);
        Log(family, "global objective, train", atZero);
        Log(family, "global objective, held-out", heldOutAtZero);
        output.WriteLine($"{family.Name}: best {family.ObjectiveName} at a threshold meeting the constraint on train {F(best)}; " +
            $"λ {F(loss.ReadMonitorState().Lambdas![0])}");

        // 1. The declared constraint at logit 0.
        Assert.True(family.Violation(atZero) <= TrainTolerance,
            $"{family.Name}: {family.ConstraintName} at logit 0 on the training data is {F(family.Constraint(atZero))}, target {family.Relation} {F(family.Target)} " +
            $"(tolerance {F(TrainTolerance)}); cross-entropy gave {F(family.Constraint(crossEntropy))}");
        Assert.True(family.Violation(heldOutAtZero) <= HeldOutTolerance,
            $"{family.Name}: {family.ConstraintName} at logit 0 on the held-out data is {F(family.Constraint(heldOutAtZero))}, target {family.Relation} {F(family.Target)} " +
            $"(tolerance {F(HeldOutTolerance)}); on the training data {F(family.Constraint(atZero))}");

        // 2. The objective at logit 0 is close to the best at a threshold that meets the constraint (one-sided: within the
        //    tolerance of 1, logit 0 may do better than that).
        double shortfall = family.Maximize ? best - family.Objective(atZero) : family.Objective(atZero) - best;
        Assert.True(shortfall <= ObjectiveTolerance,
            $"{family.Name}: {family.ObjectiveName} at logit 0 on the training data is {F(family.Objective(atZero))}, but {F(best)} is reached at a threshold " +
            $"meeting {family.ConstraintName} {family.Relation} {F(family.Target)} (shortfall {F(shortfall)}, tolerance {F(ObjectiveTolerance)}); " +
            $"{family.ConstraintName} at logit 0 {F(family.Constraint(atZero))}");

        // 3. Not degenerate: some predicted positives, and not all.
        foreach (var (name, counts) in new[] { ("training", atZero), ("held-out", heldOutAtZero) })
        {
            double predicted = counts.TruePositives + counts.FalsePositives;
            double total = counts.Positives + counts.Negatives;
            Assert.True(predicted > 0 && predicted < total,
                $"{family.Name}: degenerate at logit 0 on the {name} data: {predicted} of {total} examples predicted positive");
        }
    }

    private void Log(RateFamily family, string what, ConfusionCounts counts)
        => output.WriteLine($"{family.Name}, {what}, logit 0: {family.ConstraintName} {F(family.Constraint(counts))} ({family.Relation} {F(family.Target)}), " +
            $"{family.ObjectiveName} {F(family.Objective(counts))}, predicted positive {counts.TruePositives + counts.FalsePositives} of {counts.Positives + counts.Negatives}");

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>
    /// One rate-at-rate family as the tests judge it: its constraint and objective as rates of the confusion counts at a
    /// threshold, and the best objective over every threshold that meets the constraint (a sweep over the distinct
    /// scores, by <see cref="BinaryMetrics"/>).
    /// </summary>
    private sealed record RateFamily(
        string Name,
        string ConstraintName,
        double Target,
        bool AtLeast,
        Func<ConfusionCounts, double> Constraint,
        string ObjectiveName,
        bool Maximize,
        Func<ConfusionCounts, double> Objective,
        Func<double[], double[], double, double> BestFeasible)
    {
        public static readonly RateFamily RecallAtPrecision = new(
            "recall at precision", "precision", RecallAtPrecision80.DeclaredPrecisionTarget, AtLeast: true, c => c.Precision,
            "recall", Maximize: true, c => c.Recall, (s, y, t) => BinaryMetrics.RecallAtPrecision(s, y, t).Recall);

        public static readonly RateFamily PrecisionAtRecall = new(
            "precision at recall", "recall", PrecisionAtRecall70.DeclaredRecallTarget, AtLeast: true, c => c.Recall,
            "precision", Maximize: true, c => c.Precision, (s, y, t) => BinaryMetrics.PrecisionAtRecall(s, y, t).Precision);

        public static readonly RateFamily TprAtFpr = new(
            "TPR at FPR", "FPR", TprAtFpr10.DeclaredFalsePositiveRateTarget, AtLeast: false, c => c.FalsePositiveRate,
            "TPR", Maximize: true, c => c.Recall, (s, y, t) => BinaryMetrics.TruePositiveRateAtFalsePositiveRate(s, y, t).Recall);

        public static readonly RateFamily FprAtTpr = new(
            "FPR at TPR", "TPR", FprAtTpr90.DeclaredTruePositiveRateTarget, AtLeast: true, c => c.Recall,
            "FPR", Maximize: false, c => c.FalsePositiveRate, LowestFalsePositiveRateAtTruePositiveRate);

        public static readonly RateFamily FnrAtSpecificity = new(
            "FNR at specificity", "specificity", FnrAtSpecificity95.DeclaredSpecificityTarget, AtLeast: true, c => c.Specificity,
            "FNR", Maximize: false, c => c.FalseNegativeRate,
            (s, y, t) => 1 - BinaryMetrics.TruePositiveRateAtFalsePositiveRate(s, y, 1 - t).Recall); // specificity ≥ t is FPR ≤ 1 − t

        public string Relation => AtLeast ? ">=" : "<=";

        /// <summary>How far the constraint is missed at these counts (≤ 0 when it holds).</summary>
        public double Violation(ConfusionCounts counts) => AtLeast ? Target - Constraint(counts) : Constraint(counts) - Target;

        public double BestFeasibleObjective(double[] scores, double[] labels) => BestFeasible(scores, labels, Target);

        /// <summary>The lowest FPR over the ROC curve's thresholds whose TPR is at least <paramref name="minTpr"/>.</summary>
        private static double LowestFalsePositiveRateAtTruePositiveRate(double[] scores, double[] labels, double minTpr)
        {
            var roc = BinaryMetrics.RocCurve(scores, labels);
            double lowest = double.PositiveInfinity;
            for (int i = 0; i < roc.Thresholds.Count; i++)
                if (roc.TruePositiveRates[i] >= minTpr) lowest = Math.Min(lowest, roc.FalsePositiveRates[i]);
            return lowest;
        }

        public override string ToString() => Name;
    }
}
