using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The seed's formulas written directly in TorchSharp, with no validation, options or outputs: the baseline
/// every generated loss is compared against. Unit weights, xent surrogate, streaming priors, trainable duals.
/// </summary>
public sealed class HandWritten : IDisposable
{
    private static readonly double Log2 = Math.Log(2.0);
    private readonly double _dualRate;

    public HandWritten(long numLabels, int anchors, double dualRate = 0.1)
    {
        _dualRate = dualRate;
        var dualShape = anchors > 0 ? new long[] { 1, numLabels, anchors } : new long[] { numLabels };
        Duals = torch.ones(dualShape).requires_grad_(true);
        Biases = torch.zeros(dualShape).requires_grad_(true);
        Counts = torch.ones(numLabels, dtype: ScalarType.Float64);
        Sums = torch.full(numLabels, 2.0, dtype: ScalarType.Float64);
        if (anchors > 0)
        {
            var grid = torch.linspace(0.0, 1.0, anchors + 2)[TensorIndex.Slice(1, anchors + 1)];
            Anchors = grid.reshape(1, 1, anchors);
            OneMinusAnchors = 1 - Anchors;
        }
    }

    public Tensor Duals { get; }
    public Tensor Biases { get; }
    public Tensor Counts { get; }
    public Tensor Sums { get; }
    public Tensor? Anchors { get; }
    public Tensor? OneMinusAnchors { get; }

    private Tensor Prior(Tensor labels)
    {
        using (torch.no_grad())
        {
            Counts.add_(labels.sum(0L));
            Sums.add_(labels.shape[0]);
        }
        return (Counts / Sums).to_type(labels.dtype);
    }

    private Tensor Lambda()
    {
        var magnitude = Duals.abs();
        return (magnitude * (1 + _dualRate)).detach() - magnitude * _dualRate;
    }

    private static Tensor SoftplusOfNegative(Tensor x) => nn.functional.logsigmoid(x).neg();

    /// <summary>Seed §4.3: w·S(y, x; 1 + λ(1 − p), λp) − λ(1 − p)π·ln 2.</summary>
    public Tensor RecallAtPrecision(Tensor x, Tensor y, double p)
    {
        var prior = Prior(y);
        var lambda = Lambda();
        var c = 1 + lambda * (1 - p);
        var d = lambda * p;
        var loss = d * (x - y * x) + (d + (c - d) * y) * SoftplusOfNegative(x);
        return loss - lambda * (1 - p) * prior * Log2;
    }

    /// <summary>Seed §4.4 (and §4.5): w·S(y, x; λ, 1) + λπ(r − 1)·ln 2.</summary>
    public Tensor PrecisionAtRecall(Tensor x, Tensor y, double r)
    {
        var prior = Prior(y);
        var lambda = Lambda();
        var loss = (x - y * x) + (1 + (lambda - 1) * y) * SoftplusOfNegative(x);
        return loss + lambda * prior * ((r - 1) * Log2);
    }

    /// <summary>Seed §4.6: w·S(y, x; 1, λ) − λf(1 − π)·ln 2.</summary>
    public Tensor TprAtFpr(Tensor x, Tensor y, double f)
    {
        var prior = Prior(y);
        var lambda = Lambda();
        var loss = lambda * (x - y * x) + (lambda + (1 - lambda) * y) * SoftplusOfNegative(x);
        return loss - lambda * (1 - prior) * (f * Log2);
    }

    /// <summary>Seed §4.1 with range (0, 1): the mean over anchors of recall@precision with per-anchor biases.</summary>
    public Tensor PrecisionRecallAuc(Tensor x, Tensor y)
    {
        var prior = Prior(y).reshape(1, -1, 1);
        var lambda = Lambda();
        var x3 = x.unsqueeze(2) + Biases;
        var y3 = y.unsqueeze(2);
        var lambdaOneMinusP = lambda * OneMinusAnchors!;
        var c = 1 + lambdaOneMinusP;
        var d = lambda * Anchors!;
        var perAnchor = d * (x3 - y3 * x3) + (d + (c - d) * y3) * SoftplusOfNegative(x3) - lambdaOneMinusP * prior * Log2;
        return perAnchor.mean([2L]);
    }

    /// <summary>Seed §4.2: 0.5·mean_i(|y_j − y_i|·softplus(−(y_j − y_i)(x_j − x_i))).</summary>
    public static Tensor RocAuc(Tensor x, Tensor y)
    {
        var dx = x.unsqueeze(0) - x.unsqueeze(1);
        var dy = y.unsqueeze(0) - y.unsqueeze(1);
        var raw = (dy * dx).neg().softplus();
        return (dy.abs() * raw).mean([0L]) * 0.5;
    }

    public void ZeroGrad()
    {
        Duals.grad?.zero_();
        Biases.grad?.zero_();
    }

    public void Dispose()
    {
        Duals.Dispose();
        Biases.Dispose();
        Counts.Dispose();
        Sums.Dispose();
        Anchors?.Dispose();
        OneMinusAnchors?.Dispose();
    }
}
