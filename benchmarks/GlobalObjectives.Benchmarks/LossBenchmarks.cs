using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

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
    private GlobalObjectiveLoss _recallAtPrecision = null!;
    private GlobalObjectiveLoss _precisionAtRecall = null!;
    private GlobalObjectiveLoss _fprAtTpr = null!;
    private GlobalObjectiveLoss _tprAtFpr = null!;
    private GlobalObjectiveLoss _prAuc = null!;

    /// <summary>Batch size × labels.</summary>
    [Params("4096x1", "4096x16")]
    public string Shape { get; set; } = "4096x1";

    /// <summary>Whether the generated losses check input values (one device sync per call); the hand-written code never does.</summary>
    [Params(false, true)]
    public bool Validate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        var parts = Shape.Split('x');
        long batch = long.Parse(parts[0]), labels = long.Parse(parts[1]);
        var generator = new torch.Generator(1234);
        _logits = torch.randn(new[] { batch, labels }, generator: generator).requires_grad_(true);
        _labels = torch.rand(new[] { batch, labels }, generator: generator).gt(0.7).to_type(ScalarType.Float32);
        var options = new ObjectiveOptions { ValidateInputs = Validate, Reduction = nn.Reduction.Sum };
        int numLabels = (int)labels;
        _recallAtPrecision = new RecallAtPrecision80(numLabels, options);
        _precisionAtRecall = new PrecisionAtRecall90(numLabels, options);
        _fprAtTpr = new FprAtTpr90(numLabels, options);
        _tprAtFpr = new TprAtFpr10(numLabels, options);
        _prAuc = new PrAuc20(numLabels, options);
        _hand = new HandWritten(labels, anchors: 0);
        _handAuc = new HandWritten(labels, anchors: 20);
    }

    private void Step(Func<Tensor> scalarLoss, IEnumerable<Tensor> parameters)
    {
        using var scope = torch.NewDisposeScope();
        scalarLoss().backward();
        _logits.grad?.zero_();
        foreach (var p in parameters) p.grad?.zero_();
    }

    // forward (not Compute): the training path, which skips the TP/FP bounds; Reduction.Sum like the hand-written .sum().
    private void Generated(GlobalObjectiveLoss loss) => Step(() => loss.call(_logits, _labels), loss.parameters());

    [BenchmarkCategory("RecallAtPrecision"), Benchmark(Baseline = true)]
    public void HandRecallAtPrecision() { Step(() => _hand.RecallAtPrecision(_logits, _labels, 0.8).sum(), [_hand.Duals]); }

    [BenchmarkCategory("RecallAtPrecision"), Benchmark]
    public void GeneratedRecallAtPrecision() => Generated(_recallAtPrecision);

    [BenchmarkCategory("PrecisionAtRecall"), Benchmark(Baseline = true)]
    public void HandPrecisionAtRecall() { Step(() => _hand.PrecisionAtRecall(_logits, _labels, 0.9).sum(), [_hand.Duals]); }

    [BenchmarkCategory("PrecisionAtRecall"), Benchmark]
    public void GeneratedPrecisionAtRecall() => Generated(_precisionAtRecall);

    [BenchmarkCategory("FprAtTpr"), Benchmark(Baseline = true)]
    public void HandFprAtTpr() { Step(() => _hand.PrecisionAtRecall(_logits, _labels, 0.9).sum(), [_hand.Duals]); }

    [BenchmarkCategory("FprAtTpr"), Benchmark]
    public void GeneratedFprAtTpr() => Generated(_fprAtTpr);

    [BenchmarkCategory("TprAtFpr"), Benchmark(Baseline = true)]
    public void HandTprAtFpr() { Step(() => _hand.TprAtFpr(_logits, _labels, 0.1).sum(), [_hand.Duals]); }

    [BenchmarkCategory("TprAtFpr"), Benchmark]
    public void GeneratedTprAtFpr() => Generated(_tprAtFpr);

    [BenchmarkCategory("PrAuc20"), Benchmark(Baseline = true)]
    public void HandPrAuc() { Step(() => _handAuc.PrecisionRecallAuc(_logits, _labels).sum(), [_handAuc.Duals, _handAuc.Biases]); }

    [BenchmarkCategory("PrAuc20"), Benchmark]
    public void GeneratedPrAuc() => Generated(_prAuc);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var module in new GlobalObjectiveLoss[] { _recallAtPrecision, _precisionAtRecall, _fprAtTpr, _tprAtFpr, _prAuc })
            module.Dispose();
        _hand.Dispose();
        _handAuc.Dispose();
        _logits.Dispose();
        _labels.Dispose();
    }
}

/// <summary>
/// ROC-AUC is pairwise, O(B²·L) in memory (seed §4.2), so it is measured at sizes that fit: [4096, 1] and [1024, 16]
/// ([4096, 16] would allocate several GiB per step).
/// </summary>
public class RocAucBenchmarks
{
    private Tensor _logits = null!;
    private Tensor _labels = null!;
    private GlobalObjectiveLoss _rocAuc = null!;

    [Params("4096x1", "1024x16")]
    public string Shape { get; set; } = "4096x1";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        var parts = Shape.Split('x');
        long batch = long.Parse(parts[0]), labels = long.Parse(parts[1]);
        var generator = new torch.Generator(99);
        _logits = torch.randn(new[] { batch, labels }, generator: generator).requires_grad_(true);
        _labels = torch.rand(new[] { batch, labels }, generator: generator).gt(0.7).to_type(ScalarType.Float32);
        _rocAuc = new RocAucLoss((int)labels, new ObjectiveOptions { ValidateInputs = false, Reduction = nn.Reduction.Sum });
    }

    [Benchmark(Baseline = true)]
    public void HandRocAuc()
    {
        using var scope = torch.NewDisposeScope();
        HandWritten.RocAuc(_logits, _labels).sum().backward();
        _logits.grad?.zero_();
    }

    [Benchmark]
    public void GeneratedRocAuc()
    {
        using var scope = torch.NewDisposeScope();
        _rocAuc.call(_logits, _labels).backward();
        _logits.grad?.zero_();
    }

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
    private GlobalObjectiveLoss _streaming = null!;
    private GlobalObjectiveLoss _fixed = null!;

    [Params("4096x1", "4096x16")]
    public string Shape { get; set; } = "4096x1";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        var parts = Shape.Split('x');
        long batch = long.Parse(parts[0]), labels = long.Parse(parts[1]);
        var generator = new torch.Generator(7);
        _logits = torch.randn(new[] { batch, labels }, generator: generator).requires_grad_(true);
        _labels = torch.rand(new[] { batch, labels }, generator: generator).gt(0.7).to_type(ScalarType.Float32);
        _streaming = new RecallAtPrecision80((int)labels, new ObjectiveOptions { ValidateInputs = false, Reduction = nn.Reduction.Sum });
        _fixed = new RecallAtPrecision80((int)labels, new ObjectiveOptions
        {
            ValidateInputs = false,
            Reduction = nn.Reduction.Sum,
            LabelPriors = torch.full(labels, 0.3),
        });
    }

    [Benchmark(Baseline = true)]
    public void FixedPriors() => Step(_fixed);

    [Benchmark]
    public void StreamingPriors() => Step(_streaming);

    private void Step(GlobalObjectiveLoss loss)
    {
        using var scope = torch.NewDisposeScope();
        loss.call(_logits, _labels).backward();
        _logits.grad?.zero_();
        foreach (var p in loss.parameters()) p.grad?.zero_();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _streaming.Dispose();
        _fixed.Dispose();
        _logits.Dispose();
        _labels.Dispose();
    }
}
