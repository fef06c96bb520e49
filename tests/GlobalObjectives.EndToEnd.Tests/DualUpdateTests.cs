using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>The loss-owned projected-ascent dual update: the rule, its edges, its state, and the data-parallel hook.</summary>
public sealed class DualUpdateTests
{
    // Batch of 8: logits > 0 on examples 0, 1, 2, 5; labels positive on 0, 1, 3, 4.
    private static readonly float[] Logits = [2f, 0.5f, 1f, -1f, -0.2f, 3f, -2f, -0.1f];
    private static readonly float[] Labels = [1f, 1f, 0f, 1f, 1f, 0f, 0f, 0f];
    private const double Prior = 0.25;

    private static Tensor Column(float[] values) => torch.tensor(values, [values.Length, 1]);

    private static (double Tp, double Fp, double P, double N) Counts()
    {
        double tp = 0, fp = 0, p = 0;
        for (int i = 0; i < Logits.Length; i++)
        {
            p += Labels[i];
            if (Logits[i] > 0) { if (Labels[i] > 0) tp++; else fp++; }
        }
        return (tp, fp, p, Logits.Length - p);
    }

    private static ObjectiveOptions Options(double eta = 0.5, double? maxLambda = null, DualSignal? signal = null, int? warmupSteps = null, double warmupPositives = 0)
        => new()
        {
            LabelPriors = torch.tensor(new[] { Prior }),
            DualLearningRate = eta,
            MaxLambda = maxLambda,
            DualSignal = signal,
            DualWarmupSteps = warmupSteps,
            DualWarmupPositives = warmupPositives,
        };

    private static double Lambda(GlobalObjectiveLoss loss) => loss.Lambdas!.to_type(ScalarType.Float64).reshape(-1).data<double>()[0];

    [Fact]
    public void LambdasAreABufferNotAParameter()
    {
        using var loss = new RecallAtPrecision80();
        Assert.Empty(loss.parameters());
        Assert.Contains(loss.named_buffers(), b => b.name == GlobalObjectiveLoss.LambdasName);
        Assert.False(loss.Lambdas!.requires_grad);
    }

    [Fact]
    public void OneStepIsTheHandComputedIndicatorSignalOfEachFamily()
    {
        var (tp, fp, p, n) = Counts();
        double w = Logits.Length;

        using var recallAtPrecision = new RecallAtPrecision80(1, Options());
        var value = recallAtPrecision.call(Column(Logits), Column(Labels));
        Assert.True(double.IsFinite(value.item<float>()));
        // Precision's signal is its gap on the batch, p − TP / (TP + FP): (0.8·FP − 0.2·TP) / (TP + FP).
        double g = 0.8 - tp / (tp + fp);
        Assert.Equal(Math.Clamp(1 + 0.5 * g, 0, 100), Lambda(recallAtPrecision), 6);

        using var precisionAtRecall = new PrecisionAtRecall70(1, Options());
        precisionAtRecall.call(Column(Logits), Column(Labels));
        Assert.Equal(1 + 0.5 * (0.7 * p - tp) / (Prior * w), Lambda(precisionAtRecall), 6);

        using var tprAtFpr = new TprAtFpr10(1, Options());
        tprAtFpr.call(Column(Logits), Column(Labels));
        Assert.Equal(1 + 0.5 * (fp - 0.1 * n) / ((1 - Prior) * w), Lambda(tprAtFpr), 6);

        using var fprAtTpr = new FprAtTpr90(1, Options());
        fprAtTpr.call(Column(Logits), Column(Labels));
        Assert.Equal(1 + 0.5 * (0.9 * p - tp) / (Prior * w), Lambda(fprAtTpr), 6);
    }

    [Fact]
    public void SurrogateSignalUsesTheBounds()
    {
        using var loss = new RecallAtPrecision80(1, Options(signal: DualSignal.Surrogate));
        loss.call(Column(Logits), Column(Labels));
        using var _ = torch.no_grad();
        var labels = Column(Labels);
        var logits = Column(Logits);
        double tpLower = Bounds.TruePositivesLowerBound(labels, logits, null, SurrogateType.Xent).item<float>();
        double fpUpper = Bounds.FalsePositivesUpperBound(labels, logits, null, SurrogateType.Xent).item<float>();
        double g = (0.8 * fpUpper - 0.2 * tpLower) / (Prior * Logits.Length);
        Assert.Equal(1 + 0.5 * g, Lambda(loss), 5);
    }

    [Fact]
    public void ProjectionKeepsLambdaInsideZeroAndMax()
    {
        // Precision 2/4 < 0.8 here: λ rises, and stops at λ_max.
        using var rising = new RecallAtPrecision80(1, Options(eta: 100, maxLambda: 3));
        rising.call(Column(Logits), Column(Labels));
        Assert.Equal(3.0, Lambda(rising));
        // Everything right: the constraint holds with room, λ falls to 0 and not below.
        using var falling = new RecallAtPrecision80(1, Options(eta: 100));
        falling.call(Column(Labels.Select(y => y > 0 ? 3f : -3f).ToArray()), Column(Labels));
        Assert.Equal(0.0, Lambda(falling));
        // And it can leave 0 again (unlike |v| = 0 in the seed).
        falling.call(Column(Logits), Column(Labels));
        Assert.True(Lambda(falling) > 0);
    }

    [Fact]
    public void WarmupHoldsLambdaUntilStepsAndPositivesAreReached()
    {
        using var bySteps = new RecallAtPrecision80(1, Options(warmupSteps: 2));
        bySteps.call(Column(Logits), Column(Labels));
        bySteps.call(Column(Logits), Column(Labels));
        Assert.Equal(1.0, Lambda(bySteps));
        bySteps.call(Column(Logits), Column(Labels));
        Assert.NotEqual(1.0, Lambda(bySteps));

        using var byPositives = new RecallAtPrecision80(1, Options(warmupPositives: 10)); // 4 positives per batch
        byPositives.call(Column(Logits), Column(Labels));
        byPositives.call(Column(Logits), Column(Labels));
        Assert.Equal(1.0, Lambda(byPositives));
        byPositives.call(Column(Logits), Column(Labels));
        Assert.NotEqual(1.0, Lambda(byPositives));
    }

    [Fact]
    public void EvalModeChangesNoState()
    {
        using var loss = new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        loss.call(Column(Logits), Column(Labels));
        var before = loss.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        loss.eval();
        loss.call(Column(Logits), Column(Labels));
        loss.Compute(Column(Logits), Column(Labels));
        foreach (var (name, tensor) in loss.state_dict()) Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), name);
    }

    [Fact]
    public void ANonFiniteLogitIsReportedAndChangesNoState()
    {
        using var loss = new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        loss.call(Column(Logits), Column(Labels)); // λ, priors, counters and the monitor have moved once
        var before = loss.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            var logits = (float[])Logits.Clone();
            logits[3] = bad;
            var error = Assert.ThrowsAny<ArgumentException>(() => loss.call(Column(logits), Column(Labels)));
            Assert.Contains("logits", error.Message, StringComparison.Ordinal);
            foreach (var (name, tensor) in loss.state_dict())
                Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), $"{name} changed after a {bad} logit");
        }
    }

    [Fact]
    public void BatchesWithoutPositivesOrNegativesKeepLambdaFinite()
    {
        var zeros = new float[8];
        var ones = Enumerable.Repeat(1f, 8).ToArray();
        using var recall = new PrecisionAtRecall70(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        recall.call(Column(Logits), Column(zeros));
        Assert.Equal(1.0, Lambda(recall)); // r·P − TP = 0: no evidence, no move
        using var precision = new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        precision.call(Column(Logits), Column(zeros));
        Assert.True(Lambda(precision) > 1 && double.IsFinite(Lambda(precision))); // false positives only: up, finitely
        using var fpr = new TprAtFpr10(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        fpr.call(Column(Logits), Column(ones));
        Assert.Equal(1.0, Lambda(fpr)); // no negatives: FP − f·N = 0
        // Nothing predicted positive: precision counts as 1, the constraint holds with slack 1 − 0.8, λ comes down.
        using var nothingPredicted = new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupPositives = 0, DualLearningRate = 0.5 });
        nothingPredicted.call(Column(Logits.Select(_ => -1f).ToArray()), Column(Labels));
        Assert.Equal(1 - 0.5 * 0.2, Lambda(nothingPredicted), 6);
        using var zeroWeight = new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        zeroWeight.Compute(Column(Logits), Column(Labels), torch.zeros(8));
        Assert.Equal(1.0, Lambda(zeroWeight));
    }

    [Fact]
    public void SaveAndLoadMidTrainingContinueIdentically()
    {
        var options = new ObjectiveOptions { DualWarmupPositives = 6, DualWarmupSteps = 1 };
        using var trained = new RecallAtPrecision80(2, options);
        for (int step = 0; step < 3; step++) trained.call(Batch(step).Logits, Batch(step).Labels);
        var stream = new MemoryStream();
        trained.save(stream);
        using var restored = new RecallAtPrecision80(2, options);
        restored.load(new MemoryStream(stream.ToArray()));
        for (int step = 3; step < 6; step++)
        {
            trained.call(Batch(step).Logits, Batch(step).Labels);
            restored.call(Batch(step).Logits, Batch(step).Labels);
        }
        foreach (var (name, tensor) in trained.state_dict()) Assert.True(tensor.allclose(restored.state_dict()[name], rtol: 0, atol: 0), name);
        Assert.Equal(6, trained.ReadMonitor().Steps);
    }

    [Fact]
    public void TwoWorkersWithASummingHookEndInTheStateOfOneWorkerOnTheWholeBatch()
    {
        using var single = new RecallAtPrecision80(2, new ObjectiveOptions { DualWarmupPositives = 5 });
        var reduce = new SimulatedAllReduce(2);
        var workers = Enumerable.Range(0, 2)
            .Select(rank => new RecallAtPrecision80(2, new ObjectiveOptions { DualWarmupPositives = 5, ReduceStatistics = s => reduce.Sum(rank, s) }))
            .ToArray();
        for (int step = 0; step < 5; step++)
        {
            var (logits, labels) = Batch(step);
            single.call(logits, labels);
            var threads = Enumerable.Range(0, 2).Select(rank => new Thread(() =>
            {
                using var scope = torch.NewDisposeScope();
                workers[rank].call(logits.narrow(0, rank * 16, 16), labels.narrow(0, rank * 16, 16));
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
        }
        Assert.NotEqual(1.0, Lambda(single));
        foreach (var worker in workers)
            foreach (var (name, tensor) in single.state_dict())
                Assert.True(torch.allclose(tensor.to_type(ScalarType.Float64), worker.state_dict()[name].to_type(ScalarType.Float64), rtol: 1e-6, atol: 1e-9), name);
        foreach (var worker in workers) worker.Dispose();
    }

    [Fact]
    public void AHookReturningTheWrongShapeFailsBeforeAnyStateChanges()
    {
        using var loss = new RecallAtPrecision80(1, new ObjectiveOptions { ReduceStatistics = s => s[..1] + torch.zeros(3, 1, dtype: s.dtype) });
        var before = loss.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var error = Assert.Throws<InvalidOperationException>(() => loss.call(Column(Logits), Column(Labels)));
        Assert.Contains("ReduceStatistics", error.Message, StringComparison.Ordinal);
        foreach (var (name, tensor) in loss.state_dict()) Assert.True(tensor.allclose(before[name], rtol: 0, atol: 0), name);
    }

    [Fact]
    public void MonitorReadsTheTrueRatesAndResets()
    {
        using var loss = new RecallAtPrecision80(1, Options());
        loss.call(Column(Logits), Column(Labels));
        var (tp, fp, p, _) = Counts();
        var monitor = loss.ReadMonitor(reset: true);
        Assert.Equal(tp / p, monitor[0].Recall.Batch, 9);
        Assert.Equal(tp / (tp + fp), monitor[0].Precision.Running, 9);
        Assert.Equal(tp / (tp + fp) - 0.8, monitor[0].PrecisionSlack.Batch, 9);
        Assert.Equal(0.8, monitor[0].PrecisionTarget);
        Assert.Equal(Lambda(loss), monitor[0].Lambda, 6);
        Assert.Contains("precision 0.500", monitor.ToString(), StringComparison.Ordinal);
        Assert.True(double.IsNaN(loss.ReadMonitor()[0].Recall.Running)); // running sums were reset
    }

    [Theory]
    [InlineData("DualLearningRate")]
    [InlineData("MaxLambda")]
    [InlineData("DualWarmupPositives")]
    public void InvalidNumbersFailAtConstructionNamingTheOption(string option)
    {
        foreach (double bad in new[] { -1.0, double.NaN, double.PositiveInfinity })
        {
            var options = option switch
            {
                "DualLearningRate" => new ObjectiveOptions { DualLearningRate = bad },
                "MaxLambda" => new ObjectiveOptions { MaxLambda = bad },
                _ => new ObjectiveOptions { DualWarmupPositives = bad },
            };
            var error = Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, options));
            Assert.Contains(option, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OptionsThatDoNotApplyFailAtConstruction()
    {
        Assert.Contains("DualUpdate", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { DualUpdate = (DualUpdate)7 })).Message, StringComparison.Ordinal);
        Assert.Contains("DualSignal", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { DualSignal = (DualSignal)7 })).Message, StringComparison.Ordinal);
        Assert.Contains("DualSignal", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, DualSignal = DualSignal.Surrogate })).Message, StringComparison.Ordinal);
        Assert.Contains("DualRateFactor", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { DualRateFactor = 0.5 })).Message, StringComparison.Ordinal);
        Assert.Contains("DualLearningRate", Assert.ThrowsAny<ArgumentException>(() => new RocAucLoss(1, new ObjectiveOptions { DualLearningRate = 0.5 })).Message, StringComparison.Ordinal);
        Assert.Contains("ReduceStatistics", Assert.ThrowsAny<ArgumentException>(() => new RocAucLoss(1, new ObjectiveOptions { ReduceStatistics = s => s })).Message, StringComparison.Ordinal);
        Assert.Contains("LambdasInitialValue", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { LambdasInitialValue = 200 })).Message, StringComparison.Ordinal);
        Assert.Contains("DualWarmupSteps", Assert.ThrowsAny<ArgumentException>(() => new RecallAtPrecision80(1, new ObjectiveOptions { DualWarmupSteps = -1 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrAucUpdatesEveryAnchorAtItsOwnLogit()
    {
        using var loss = new PrAucFiveAnchors(1, new ObjectiveOptions { DualWarmupPositives = 0 });
        using (torch.no_grad()) loss.Biases!.copy_(torch.tensor(new float[] { -3, -1, 0, 1, 3 }).reshape(1, 1, 5));
        loss.call(Column(Logits), Column(Labels));
        var monitor = loss.ReadMonitor();
        for (int k = 0; k < 5; k++)
        {
            var anchor = monitor[0].Anchor(k);
            double precision = anchor.Precision.Batch;
            double tp = 0, fp = 0;
            for (int i = 0; i < Logits.Length; i++)
                if (Logits[i] + anchor.Bias > 0) { if (Labels[i] > 0) tp++; else fp++; }
            Assert.Equal(tp + fp > 0 ? tp / (tp + fp) : double.NaN, precision, 9);
            double g = anchor.AnchorPrecision * fp - (1 - anchor.AnchorPrecision) * tp;
            Assert.Equal(g > 0, anchor.Lambda > 1); // λ_k rises exactly where the anchor's precision is missed
        }
    }

    private static (Tensor Logits, Tensor Labels) Batch(int step)
    {
        var generator = new torch.Generator((ulong)(100 + step));
        var labels = torch.rand([32, 2], generator: generator).lt(0.3).to_type(ScalarType.Float32);
        var logits = torch.randn([32, 2], generator: generator) + labels * 1.5 - 0.5;
        return (logits, labels);
    }

    /// <summary>An in-process all-reduce for two threads: each worker contributes its tensor and gets the sum.</summary>
    private sealed class SimulatedAllReduce(int workers)
    {
        private readonly Barrier _barrier = new(workers);
        private readonly Tensor?[] _slots = new Tensor?[workers];

        public Tensor Sum(int rank, Tensor statistics)
        {
            _slots[rank] = statistics.clone().DetachFromDisposeScope();
            _barrier.SignalAndWait();
            var sum = _slots.Aggregate((Tensor?)null, (acc, t) => acc is null ? t!.clone() : acc + t!)!;
            _barrier.SignalAndWait();
            return sum;
        }
    }
}
