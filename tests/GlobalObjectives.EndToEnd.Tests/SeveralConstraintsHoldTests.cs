using System.Globalization;
using GlobalObjectives.Metrics;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// Objectives of the language's second version trained end to end with the recipe of <see cref="ConstraintsHoldTests"/>
/// (<see cref="LinearTraining"/>: a linear model, Adam over the model's parameters and <c>loss.parameters()</c>,
/// 2,000 minibatches of 250, default <see cref="ObjectiveOptions"/>): two constraints that hold at once at logit 0, and
/// an Fβ objective whose own threshold lands where cross-entropy needs a tuned one.
/// </summary>
public sealed class SeveralConstraintsHoldTests(ITestOutputHelper output)
{
    private const double TrainTolerance = 0.02;
    private const double HeldOutTolerance = 0.04;
    private const double CrossEntropyMinimumMiss = 0.05;
    private const double BoundarySlackTolerance = 0.02;
    private const int RuleDirections = 180;
    private const double ObjectiveTolerance = 0.01;
    private const double MinimumRecallGain = 0.05;
    private const double MinimumLambda = 0.5;
    private const double F1Tolerance = 0.03;

    /// <summary>
    /// The data of <see cref="RecallAtPrecisionAndFalsePositiveRateHoldTogetherAtLogitZero"/>, in 2-D: 30 % positives
    /// around (1, 0), 67 % negatives around (−1.5, 0) (both unit variance), and 3 % negatives in a tight cluster
    /// (standard deviation 0.3) at (2.5, 2.5), beyond the positives along the first axis.
    /// </summary>
    private static readonly GaussianCluster[] BulkAndTightNegatives =
    [
        new(1, [1.0, 0.0], [1.0, 1.0], 0.30),
        new(0, [-1.5, 0.0], [1.0, 1.0], 0.67),
        new(0, [2.5, 2.5], [0.3, 0.3], 0.03),
    ];

    /// <summary>
    /// <c>[Maximize(Recall)] [Constraint(Precision, "&gt;=", 0.9)] [Constraint(FalsePositiveRate, "&lt;=", 0.02)]</c>
    /// (<see cref="RecallAtPrecision90AndFpr2"/>): at logit 0 both constraints hold on the training data within
    /// <see cref="TrainTolerance"/> and on a held-out set within <see cref="HeldOutTolerance"/>, the model predicts some
    /// positives but not all, both multipliers are in use (λ &gt; <see cref="MinimumLambda"/>), and the recall beats
    /// cross-entropy's at the same constraints.
    /// </summary>
    /// <remarks>
    /// <para><b>Why two constraints can bind at once only at matched targets, and how the data make them.</b> Every rate
    /// here is a function of the two counts TP and FP (P and N are fixed), and more TP or fewer FP never hurts the
    /// objective, so the best classifier lies on the upper frontier of the (FP, TP) pairs linear rules reach: a curve, along
    /// which precision ≥ p and FPR ≤ f are each a bound on FP. The optimum sits on both boundaries only where the two
    /// bounds meet on that curve, that is for targets matched to the data; no data make two constraints bind for every
    /// target (the "pull the direction different ways" picture does not hold: both constraints count the same false
    /// positives). The same holds for the generated loss, whose Lagrangian for any λ is a weighted cross-entropy
    /// c·y·ℓ⁺ + d·(1 − y)·ℓ⁻, one model per cost ratio d/c. What the data can do is make the match hold for a fixed,
    /// readable pair of targets, robustly, and make the pair bind differently along different directions, so that a
    /// threshold on cross-entropy's score cannot reach the optimum.</para>
    /// <para>Here cross-entropy fits the bulk: its direction is mostly the first axis, and the tight cluster sits at the
    /// top of its score. At logit 0 it predicts too many positives and misses both constraints (precision 0.800, FPR
    /// 0.082 on seed 1; the test checks a miss of more than <see cref="CrossEntropyMinimumMiss"/> on each first, so that
    /// the test cannot pass vacuously); raising its threshold runs into the tight cluster, so on its direction the
    /// precision constraint binds first, at recall 0.281 (precision 0.901, FPR 0.014). Turning the direction further
    /// from the first axis (−38° against cross-entropy's −22°) puts the tight cluster below the positives: the best linear rule on the training data (directions every 0.25°)
    /// reaches recall 0.469 with FPR 0.0199 and precision 0.912, both constraints within 0.012 of their targets (FPR
    /// alone would allow precision 0.912, precision alone FPR 0.025). The test checks on a grid of
    /// <see cref="RuleDirections"/> directions that the best rule meeting both constraints is within
    /// <see cref="BoundarySlackTolerance"/> of each boundary.</para>
    /// <para><b>The comparison with cross-entropy, exactly.</b> t* is the threshold on the cross-entropy model's score
    /// that gives the highest recall on the training data among those where precision ≥ 0.9 and FPR ≤ 0.02 both hold on
    /// the training data (every distinct score is tried, by the exact counts). The generated loss's recall at logit 0 must
    /// be at least cross-entropy's recall at t* minus <see cref="ObjectiveTolerance"/>, on the training data and on the
    /// held-out data (cross-entropy still at t*); because these data are built for it, it must also win by more than
    /// <see cref="MinimumRecallGain"/> on the training data.</para>
    /// <para>Measured, seeds 1–5 of the data (the test runs seed 1): cross-entropy at logit 0 misses precision by
    /// 0.100–0.116 and FPR by 0.061–0.066; the best rule's precision is 0.004–0.012 above 0.9 with FPR 0.0199–0.0200.
    /// The generated loss at logit 0, training data: precision 0.888–0.907, FPR 0.018–0.022, recall 0.403–0.422 against
    /// cross-entropy's 0.268–0.301 at t* (a gain of 0.114–0.135; 0.130 on seed 1); held-out: violations at most 0.011,
    /// recall 0.398–0.440 against 0.272–0.303 for cross-entropy at t*. λ ends at 3.5–4.1 for precision and 1.8–2.2 for
    /// FPR: both constraints are active. At the best threshold of its own score that meets both on the training data
    /// the generated model has recall 0.389–0.419: it recovers about 70 % of the distance from cross-entropy to the best
    /// linear rule, not all of it (the price of the surrogate).</para>
    /// <para>Other designs measured on the way (seeds 1–5 unless said): the two Gaussian classes of
    /// <see cref="ConstraintsHoldTests"/> with 30 % positives and separation 1.85 match the same targets (both boundaries
    /// within 0.007 at the optimum, cross-entropy missing by 0.11–0.13 and 0.06, the generated loss holding both within 0.002
    /// on training data with λ 2.3–3.2 and 1.8–2.0), but there cross-entropy's direction is already the best one and its
    /// tuned threshold ties the generated loss (recall difference −0.001 to +0.012); maximizing accuracy subject to
    /// recall ≥ 0.8 and specificity ≥ 0.87 (seeds 1–2) binds only one: the two constraints pull the threshold in opposite
    /// directions, so cross-entropy can miss both only where no threshold of its score meets both (here it misses recall
    /// by 0.17 and meets specificity by 0.08, and the specificity multiplier ends at 0); precision subject to
    /// recall ≥ 0.8 and NPV ≥ 0.95 (seeds 1–2) matches too but cross-entropy misses NPV by only 0.03–0.04.</para>
    /// </remarks>
    [Fact]
    public void RecallAtPrecisionAndFalsePositiveRateHoldTogetherAtLogitZero()
    {
        var random = new Random(LinearTraining.Seed);
        var train = SyntheticSet.Mixture(random, LinearTraining.Examples, BulkAndTightNegatives);
        var heldOut = SyntheticSet.Mixture(random, LinearTraining.Examples, BulkAndTightNegatives);
        Bound[] constraints =
        [
            new("precision", RecallAtPrecision90AndFpr2.DeclaredPrecisionTarget, AtLeast: true, c => c.Precision),
            new("FPR", RecallAtPrecision90AndFpr2.DeclaredFalsePositiveRateTarget, AtLeast: false, c => c.FalsePositiveRate),
        ];
        bool Feasible(ConfusionCounts counts) => constraints.All(k => k.Violation(counts) <= 0);
        static double Recall(ConfusionCounts counts) => counts.Recall;

        // 0. Both constraints bind: cross-entropy trained the same way misses each at logit 0 ...
        var crossEntropyModel = LinearTraining.Train(train, nn.BCEWithLogitsLoss().call, extraParameters: []);
        var crossEntropyTrainScores = LinearTraining.Scores(crossEntropyModel, train);
        var crossEntropyAtZero = BinaryMetrics.CountsAt(crossEntropyTrainScores, train.Labels, 0.0);
        Log("cross-entropy, train, logit 0", crossEntropyAtZero, constraints);
        foreach (var constraint in constraints)
            Assert.True(constraint.Violation(crossEntropyAtZero) > CrossEntropyMinimumMiss,
                $"The {constraint.Name} constraint does not bind on these data: cross-entropy at logit 0 already has {constraint.Describe(crossEntropyAtZero)} " +
                $"(miss {F(constraint.Violation(crossEntropyAtZero))}, needed > {F(CrossEntropyMinimumMiss)})");

        // ... and the best linear rule that meets both sits on both boundaries.
        var (bestRule, angle) = BestFeasiblePoint.OverLinearRules(train, RuleDirections, Feasible, Recall)
            ?? throw new InvalidOperationException("No linear rule meets both constraints on the training data.");
        Log($"best linear rule ({angle * 180 / Math.PI:0}°), train", bestRule.Counts, constraints);
        foreach (var constraint in constraints)
            Assert.True(-constraint.Violation(bestRule.Counts) <= BoundarySlackTolerance,
                $"The {constraint.Name} constraint is slack at the best linear rule: {constraint.Describe(bestRule.Counts)} " +
                $"(slack {F(-constraint.Violation(bestRule.Counts))}, tolerance {F(BoundarySlackTolerance)})");

        // The baseline at the same constraints: cross-entropy at its best threshold meeting both on the training data.
        var crossEntropyBest = BestFeasiblePoint.OverThresholds(crossEntropyTrainScores, train.Labels, Feasible, Recall)
            ?? throw new InvalidOperationException("No threshold of the cross-entropy model meets both constraints on the training data.");
        var crossEntropyHeldOut = BinaryMetrics.CountsAt(LinearTraining.Scores(crossEntropyModel, heldOut), heldOut.Labels, crossEntropyBest.Threshold);
        Log($"cross-entropy, train, best threshold meeting both (t* = {F(crossEntropyBest.Threshold)})", crossEntropyBest.Counts, constraints);
        Log("cross-entropy, held-out, t*", crossEntropyHeldOut, constraints);

        using var loss = new RecallAtPrecision90AndFpr2();
        var model = LinearTraining.Train(train, loss.call, loss.parameters());
        var atZero = BinaryMetrics.CountsAt(LinearTraining.Scores(model, train), train.Labels, 0.0);
        var heldOutAtZero = BinaryMetrics.CountsAt(LinearTraining.Scores(model, heldOut), heldOut.Labels, 0.0);
        var monitor = loss.ReadMonitor()[0];
        Log("global objective, train, logit 0", atZero, constraints);
        Log("global objective, held-out, logit 0", heldOutAtZero, constraints);
        output.WriteLine($"λ precision {F(monitor.PrecisionLambda)}, λ FPR {F(monitor.FalsePositiveRateLambda)}; " +
                         $"recall gain over cross-entropy at t*: train {F(atZero.Recall - crossEntropyBest.Counts.Recall)}, held-out {F(heldOutAtZero.Recall - crossEntropyHeldOut.Recall)}");

        // 1. Both constraints at logit 0.
        foreach (var constraint in constraints)
        {
            Assert.True(constraint.Violation(atZero) <= TrainTolerance,
                $"At logit 0 on the training data {constraint.Describe(atZero)} (tolerance {F(TrainTolerance)}); cross-entropy gave {constraint.Describe(crossEntropyAtZero)}");
            Assert.True(constraint.Violation(heldOutAtZero) <= HeldOutTolerance,
                $"At logit 0 on the held-out data {constraint.Describe(heldOutAtZero)} (tolerance {F(HeldOutTolerance)}); on the training data {constraint.Describe(atZero)}");
        }

        // 2. Not degenerate.
        AssertNotDegenerate(atZero, "training");
        AssertNotDegenerate(heldOutAtZero, "held-out");

        // 3. The objective against cross-entropy at the same constraints (t*), on both data sets.
        Assert.True(atZero.Recall >= crossEntropyBest.Counts.Recall - ObjectiveTolerance,
            $"Recall at logit 0 on the training data is {F(atZero.Recall)}, cross-entropy's at t* {F(crossEntropyBest.Counts.Recall)} (tolerance {F(ObjectiveTolerance)})");
        Assert.True(heldOutAtZero.Recall >= crossEntropyHeldOut.Recall - ObjectiveTolerance,
            $"Recall at logit 0 on the held-out data is {F(heldOutAtZero.Recall)}, cross-entropy's at t* {F(crossEntropyHeldOut.Recall)} (tolerance {F(ObjectiveTolerance)})");
        Assert.True(atZero.Recall - crossEntropyBest.Counts.Recall > MinimumRecallGain,
            $"Recall at logit 0 on the training data is {F(atZero.Recall)}, only {F(atZero.Recall - crossEntropyBest.Counts.Recall)} above cross-entropy's " +
            $"{F(crossEntropyBest.Counts.Recall)} at t* (these data are built for a gain above {F(MinimumRecallGain)}; best linear rule {F(bestRule.Objective)})");

        // 4. Both multipliers in use at the end of training.
        Assert.True(monitor.PrecisionLambda > MinimumLambda && monitor.FalsePositiveRateLambda > MinimumLambda,
            $"Both constraints should be active at the end: λ precision {F(monitor.PrecisionLambda)}, λ FPR {F(monitor.FalsePositiveRateLambda)} (expected > {F(MinimumLambda)})");
    }

    /// <summary>
    /// <c>[Maximize(FScore)]</c> (<see cref="F1Loss"/>, β = 1, no constraint): its own threshold, logit 0, gives an F1 on
    /// held-out data within <see cref="F1Tolerance"/> of the best F1 the cross-entropy model reaches at any threshold of
    /// its score on the held-out data (an oracle threshold), and the same on the training data; the model predicts some
    /// positives but not all.
    /// </summary>
    /// <remarks>
    /// Data: two unit-variance Gaussian classes in 2-D (<see cref="SyntheticSet.TwoGaussians"/>), 10 % positives,
    /// separation 1.5. Cross-entropy's logit 0 is the posterior-0.5 threshold, far above the F1-optimal one (posterior
    /// F1*/2, about 0.24 here), so it misses its own best F1 by more than <see cref="CrossEntropyMinimumMiss"/> on the
    /// held-out data (checked first). Measured, seeds 1–5: cross-entropy's F1 at logit 0 on held-out data 0.334–0.392
    /// against 0.464–0.513 at its best held-out threshold; the generated loss at logit 0 0.460–0.498, 0.004–0.015 below
    /// that oracle (0.006 on seed 1), and 0.005–0.008 below cross-entropy's best training-data F1 on the training data.
    /// </remarks>
    [Fact]
    public void F1AtLogitZeroComesWithinReachOfCrossEntropysBestThreshold()
    {
        var random = new Random(LinearTraining.Seed);
        var train = SyntheticSet.TwoGaussians(random, LinearTraining.Examples, positiveRate: 0.1, separation: 1.5);
        var heldOut = SyntheticSet.TwoGaussians(random, LinearTraining.Examples, positiveRate: 0.1, separation: 1.5);
        static double F1(ConfusionCounts counts) => counts.FScore();
        static bool Any(ConfusionCounts counts) => true;

        var crossEntropyModel = LinearTraining.Train(train, nn.BCEWithLogitsLoss().call, extraParameters: []);
        var crossEntropyTrain = LinearTraining.Scores(crossEntropyModel, train);
        var crossEntropyHeldOut = LinearTraining.Scores(crossEntropyModel, heldOut);
        double crossEntropyTrainBest = BestFeasiblePoint.OverThresholds(crossEntropyTrain, train.Labels, Any, F1)!.Value.Objective;
        var crossEntropyHeldOutBest = BestFeasiblePoint.OverThresholds(crossEntropyHeldOut, heldOut.Labels, Any, F1)!.Value;
        double crossEntropyHeldOutAtZero = F1(BinaryMetrics.CountsAt(crossEntropyHeldOut, heldOut.Labels, 0.0));
        output.WriteLine($"cross-entropy F1: held-out at logit 0 {F(crossEntropyHeldOutAtZero)}, at its best held-out threshold {F(crossEntropyHeldOutBest.Objective)} " +
                         $"(t = {F(crossEntropyHeldOutBest.Threshold)}); train at its best threshold {F(crossEntropyTrainBest)}");
        Assert.True(crossEntropyHeldOutBest.Objective - crossEntropyHeldOutAtZero > CrossEntropyMinimumMiss,
            $"Cross-entropy's logit 0 is already near its best F1 on these data ({F(crossEntropyHeldOutAtZero)} against {F(crossEntropyHeldOutBest.Objective)}): nothing to show");

        using var loss = new F1Loss();
        var model = LinearTraining.Train(train, loss.call, loss.parameters());
        var atZero = BinaryMetrics.CountsAt(LinearTraining.Scores(model, train), train.Labels, 0.0);
        var heldOutAtZero = BinaryMetrics.CountsAt(LinearTraining.Scores(model, heldOut), heldOut.Labels, 0.0);
        output.WriteLine($"global objective F1 at logit 0: train {F(F1(atZero))}, held-out {F(F1(heldOutAtZero))}; F-level {F(loss.ReadMonitor()[0].FScoreLevel)}");

        Assert.True(F1(heldOutAtZero) >= crossEntropyHeldOutBest.Objective - F1Tolerance,
            $"F1 at logit 0 on the held-out data is {F(F1(heldOutAtZero))}; cross-entropy reaches {F(crossEntropyHeldOutBest.Objective)} at its best held-out threshold (tolerance {F(F1Tolerance)})");
        Assert.True(F1(atZero) >= crossEntropyTrainBest - F1Tolerance,
            $"F1 at logit 0 on the training data is {F(F1(atZero))}; cross-entropy reaches {F(crossEntropyTrainBest)} at its best threshold (tolerance {F(F1Tolerance)})");
        AssertNotDegenerate(atZero, "training");
        AssertNotDegenerate(heldOutAtZero, "held-out");
    }

    private static void AssertNotDegenerate(ConfusionCounts counts, string data)
    {
        double predicted = counts.TruePositives + counts.FalsePositives;
        Assert.True(predicted > 0 && predicted < counts.Total,
            $"Degenerate at logit 0 on the {data} data: {predicted} of {counts.Total} examples predicted positive");
    }

    private void Log(string what, ConfusionCounts counts, IEnumerable<Bound> constraints)
        => output.WriteLine($"{what}: recall {F(counts.Recall)}, {string.Join(", ", constraints.Select(k => k.Describe(counts)))}, " +
                            $"predicted positive {counts.TruePositives + counts.FalsePositives} of {counts.Total}");

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>One declared constraint as the test judges it: a rate of the confusion counts and its target.</summary>
    private sealed record Bound(string Name, double Target, bool AtLeast, Func<ConfusionCounts, double> Value)
    {
        /// <summary>How far the constraint is missed at these counts (≤ 0 when it holds).</summary>
        public double Violation(ConfusionCounts counts) => AtLeast ? Target - Value(counts) : Value(counts) - Target;

        public string Describe(ConfusionCounts counts) => $"{Name} {F(Value(counts))} ({(AtLeast ? ">=" : "<=")} {F(Target)})";
    }
}
