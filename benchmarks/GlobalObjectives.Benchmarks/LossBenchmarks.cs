using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

/// <summary>Inputs and the timed step shared by the loss benchmarks.</summary>
internal static class BenchmarkBatch
{
    /// <summary>Leaf logits ~ N(0, 1) that require grad and 0/1 labels (30 % positives) of <paramref name="shape"/> "BxL".</summary>
    public static (Tensor Logits, Tensor Labels, int NumLabels) Create(string shape, long seed)
    {
        torch.set_num_threads(1);
        var parts = shape.Split('x');
        long batch = long.Parse(parts[0]), labels = long.Parse(parts[1]);
        var generator = new torch.Generator((ulong)seed);
        var logits = torch.randn(new[] { batch, labels }, generator: generator).requires_grad_(true);
        var targets = torch.rand(new[] { batch, labels }, generator: generator).gt(0.7).to_type(ScalarType.Float32);
        return (logits, targets, (int)labels);
    }

    /// <summary>One training step: a dispose scope, backward from the scalar loss, gradients zeroed.</summary>
    public static void Step(Func<Tensor> scalarLoss, Tensor logits, IEnumerable<Tensor> parameters)
    {
        using var scope = torch.NewDisposeScope();
        scalarLoss().backward();
        logits.grad?.zero_();
        foreach (var p in parameters) p.grad?.zero_();
    }

    /// <summary>Options for timing: sum reduction (like the hand-written <c>.sum()</c>) and validation as given.</summary>
    public static ObjectiveOptions Options(bool validate) => new() { ValidateInputs = validate, Reduction = nn.Reduction.Sum };
}

/// <summary>
/// A generated loss as a training loop holds it: its parameter list is taken once (as an optimizer does, and as the
/// hand-written steps pass theirs), not enumerated per step.
/// </summary>
internal sealed class GeneratedLoss : IDisposable
{
    private readonly GlobalObjectiveLoss _loss;
    private readonly Tensor[] _parameters;

    public GeneratedLoss(GlobalObjectiveLoss loss)
    {
        _loss = loss;
        _parameters = loss.parameters().ToArray<Tensor>();
    }

    // forward (not Compute): the training path, which skips the TP/FP bounds; Reduction.Sum like the hand-written .sum().
    public void Step(Tensor logits, Tensor labels) => BenchmarkBatch.Step(() => _loss.call(logits, labels), logits, _parameters);

    public void Dispose() => _loss.Dispose();
}

/// <summary>
/// Forward + backward of every generated family against the same formula written by hand
/// (<see cref="HandWritten"/>), one category per family with the hand-written code as its baseline.
/// Each invocation: one dispose scope, loss.sum().backward(), gradients zeroed.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LossBenchmarks
{
    private Tensor _logits = null!;
    private Tensor _labels = null!;
    private HandWritten _hand = null!;
    private HandWritten _handAuc = null!;
    private GeneratedLoss _recallAtPrecision = null!;
    private GeneratedLoss _precisionAtRecall = null!;
    private GeneratedLoss _fprAtTpr = null!;
    private GeneratedLoss _tprAtFpr = null!;
    private GeneratedLoss _prAuc = null!;

    /// <summary>Batch size × labels.</summary>
    [Params("4096x1", "4096x16")]
    public string Shape { get; set; } = "4096x1";

    /// <summary>Whether the generated losses check input values (one device sync per call); the hand-written code never does.</summary>
    [Params(false, true)]
    public bool Validate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_logits, _labels, int numLabels) = BenchmarkBatch.Create(Shape, seed: 1234);
        var options = BenchmarkBatch.Options(Validate);
        _recallAtPrecision = new GeneratedLoss(new RecallAtPrecision80(numLabels, options));
        _precisionAtRecall = new GeneratedLoss(new PrecisionAtRecall90(numLabels, options));
        _fprAtTpr = new GeneratedLoss(new FprAtTpr90(numLabels, options));
        _tprAtFpr = new GeneratedLoss(new TprAtFpr10(numLabels, options));
        _prAuc = new GeneratedLoss(new PrAuc20(numLabels, options));
        _hand = new HandWritten(numLabels, anchors: 0);
        _handAuc = new HandWritten(numLabels, anchors: 20);
    }

    private void Step(Func<Tensor> scalarLoss, IEnumerable<Tensor> parameters) => BenchmarkBatch.Step(scalarLoss, _logits, parameters);

    [BenchmarkCategory("RecallAtPrecision"), Benchmark(Baseline = true)]
    public void HandRecallAtPrecision() { Step(() => _hand.RecallAtPrecision(_logits, _labels, 0.8).sum(), [_hand.Duals]); }

    [BenchmarkCategory("RecallAtPrecision"), Benchmark]
    public void GeneratedRecallAtPrecision() => _recallAtPrecision.Step(_logits, _labels);

    [BenchmarkCategory("PrecisionAtRecall"), Benchmark(Baseline = true)]
    public void HandPrecisionAtRecall() { Step(() => _hand.PrecisionAtRecall(_logits, _labels, 0.9).sum(), [_hand.Duals]); }

    [BenchmarkCategory("PrecisionAtRecall"), Benchmark]
    public void GeneratedPrecisionAtRecall() => _precisionAtRecall.Step(_logits, _labels);

    [BenchmarkCategory("FprAtTpr"), Benchmark(Baseline = true)]
    public void HandFprAtTpr() { Step(() => _hand.PrecisionAtRecall(_logits, _labels, 0.9).sum(), [_hand.Duals]); }

    [BenchmarkCategory("FprAtTpr"), Benchmark]
    public void GeneratedFprAtTpr() => _fprAtTpr.Step(_logits, _labels);

    [BenchmarkCategory("TprAtFpr"), Benchmark(Baseline = true)]
    public void HandTprAtFpr() { Step(() => _hand.TprAtFpr(_logits, _labels, 0.1).sum(), [_hand.Duals]); }

    [BenchmarkCategory("TprAtFpr"), Benchmark]
    public void GeneratedTprAtFpr() => _tprAtFpr.Step(_logits, _labels);

    [BenchmarkCategory("PrAuc20"), Benchmark(Baseline = true)]
    public void HandPrAuc() { Step(() => _handAuc.PrecisionRecallAuc(_logits, _labels).sum(), [_handAuc.Duals, _handAuc.Biases]); }

    [BenchmarkCategory("PrAuc20"), Benchmark]
    public void GeneratedPrAuc() => _prAuc.Step(_logits, _labels);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var module in new[] { _recallAtPrecision, _precisionAtRecall, _fprAtTpr, _tprAtFpr, _prAuc })
            module.Dispose();
        _hand.Dispose();
        _handAuc.Dispose();
        _logits.Dispose();
        _labels.Dispose();
    }
}

/// <summary>
/// ROC-AUC: the hand-written baseline is the seed's dense pairwise formula, O(B²·L) in memory (seed §4.2), so it is
/// measured at sizes that fit: [4096, 1] and [1024, 16] ([4096, 16] allocates 9.4 GB per step). The generated loss is
/// blockwise (<see cref="PairwiseRocAuc"/>); its memory is measured by <c>--roc-memory</c> (<see cref="RocAucMemory"/>).
/// </summary>
public class RocAucBenchmarks
{
    private Tensor _logits = null!;
    private Tensor _labels = null!;
    private GeneratedLoss _rocAuc = null!;

    [Params("4096x1", "1024x16")]
    public string Shape { get; set; } = "4096x1";

    [GlobalSetup]
    public void Setup()
    {
        (_logits, _labels, int numLabels) = BenchmarkBatch.Create(Shape, seed: 99);
        _rocAuc = new GeneratedLoss(new RocAucLoss(numLabels, BenchmarkBatch.Options(validate: false)));
    }

    [Benchmark(Baseline = true)]
    public void HandRocAuc() => BenchmarkBatch.Step(() => HandWritten.RocAuc(_logits, _labels).sum(), _logits, []);

    [Benchmark]
    public void GeneratedRocAuc() => _rocAuc.Step(_logits, _labels);

    [GlobalCleanup]
    public void Cleanup()
    {
        _rocAuc.Dispose();
        _logits.Dispose();
        _labels.Dispose();
    }
}

/// <summary>The cost of streaming label priors: the same loss with priors estimated per batch versus fixed priors.</summary>
public class LabelPriorBenchmarks
{
    private Tensor _logits = null!;
    private Tensor _labels = null!;
    private GeneratedLoss _streaming = null!;
    private GeneratedLoss _fixed = null!;

    [Params("4096x1", "4096x16")]
    public string Shape { get; set; } = "4096x1";

    [GlobalSetup]
    public void Setup()
    {
        (_logits, _labels, int numLabels) = BenchmarkBatch.Create(Shape, seed: 7);
        _streaming = new GeneratedLoss(new RecallAtPrecision80(numLabels, BenchmarkBatch.Options(validate: false)));
        _fixed = new GeneratedLoss(new RecallAtPrecision80(numLabels, new ObjectiveOptions
        {
            ValidateInputs = false,
            Reduction = nn.Reduction.Sum,
            LabelPriors = torch.full(numLabels, 0.3),
        }));
    }

    [Benchmark(Baseline = true)]
    public void FixedPriors() => _fixed.Step(_logits, _labels);

    [Benchmark]
    public void StreamingPriors() => _streaming.Step(_logits, _labels);

    [GlobalCleanup]
    public void Cleanup()
    {
        _streaming.Dispose();
        _fixed.Dispose();
        _logits.Dispose();
        _labels.Dispose();
    }
}
