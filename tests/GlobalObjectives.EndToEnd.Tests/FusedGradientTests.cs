using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// Every element-wise generated loss, whose Lagrangian is one <see cref="FusedSurrogate"/> node with a closed-form
/// gradient, against autograd of the plain formula written here from the metrics' definitions, in float64: the summed
/// loss, the logits' gradient, and the gradients of the trainable state — λ in gradient-reversal mode (where c, d and
/// the constant depend on it) and the PR-AUC / partial ROC-AUC biases (which reach the fused node through x + b).
/// Rate constraints (one and several, Fβ as objective and as constraint, accuracy), PR-AUC and partial ROC-AUC; both
/// surrogates; no weights, [B, 1] and [B, L] weights; three labels; soft labels; both dual updates.
/// </summary>
public sealed class FusedGradientTests
{
    private const int B = 11;
    private const int L = 3;
    private static readonly double[] Priors = [0.4, 0.25, 0.6];

    /// <summary>Decayed (TP, FP, P) per label, the Fβ level's input.</summary>
    private static readonly double[,] LevelCounts = { { 3, 1, 4 }, { 2, 2, 5 }, { 4, 0, 6 } };

    /// <summary>A constraint ĝ(FN_ub, FP_ub, P, N) ≤ 0 as written from its definition, with its target t (a scalar, or [1, K] per anchor).</summary>
    private sealed record Bound(string Metric, double Target, double Beta = 1)
    {
        public Tensor Relaxed(Tensor fnUb, Tensor fpUb, Tensor p, Tensor n, Tensor t)
        {
            var tpLb = p - fnUb;
            var tnLb = n - fpUb;
            double b2 = Beta * Beta;
            return Metric switch
            {
                "Precision>=" => t * fpUb - (1 - t) * tpLb,
                "Recall>=" => t * p - tpLb,
                "FNR<=" => fnUb - t * p,
                "FPR<=" => fpUb - t * n,
                "TNR>=" => t * n - tnLb,
                "NPV>=" => t * fnUb - (1 - t) * tnLb,
                "Accuracy>=" => t * (p + n) - tpLb - tnLb,
                "F>=" => t * (b2 * p + tpLb + fpUb) - (1 + b2) * tpLb,
                _ => throw new ArgumentOutOfRangeException(nameof(Metric), Metric, null),
            };
        }
    }

    /// <summary>
    /// An objective: the weights (a, b) of FN_ub and FP_ub it minimizes given the Fβ level q, its constraints, and for
    /// anchored plans the anchors' targets (one constraint per anchor, <see cref="Constraints"/> holding its metric).
    /// </summary>
    private sealed record Case(
        Func<int, ObjectiveOptions, GlobalObjectiveLoss> Create, Func<double, (double Fn, double Fp)> ObjectiveWeights, Bound[] Constraints,
        double? FScoreBeta = null, double[]? Anchors = null);

    private static double[] Grid(double lower, double upper, int count)
        => Enumerable.Range(1, count).Select(k => lower + (upper - lower) * k / (count + 1)).ToArray();

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["RecallAtPrecision80"] = new((l, o) => new RecallAtPrecision80(l, o), _ => (1, 0), [new("Precision>=", 0.8)]),
        ["PrecisionAtRecall70"] = new((l, o) => new PrecisionAtRecall70(l, o), _ => (0, 1), [new("Recall>=", 0.7)]),
        ["FprAtTpr90"] = new((l, o) => new FprAtTpr90(l, o), _ => (0, 1), [new("Recall>=", 0.9)]),
        ["TprAtFpr10"] = new((l, o) => new TprAtFpr10(l, o), _ => (1, 0), [new("FPR<=", 0.1)]),
        ["RecallAtPrecision90AndFpr2"] = new((l, o) => new RecallAtPrecision90AndFpr2(l, o), _ => (1, 0), [new("Precision>=", 0.9), new("FPR<=", 0.02)]),
        ["PrecisionAtRecallAccuracyNpv"] = new((l, o) => new PrecisionAtRecallAccuracyNpv(l, o), _ => (0, 1),
            [new("Recall>=", 0.8), new("Accuracy>=", 0.9), new("NPV>=", 0.95)]),
        ["FnrAtSpecificity95"] = new((l, o) => new FnrAtSpecificity95(l, o), _ => (1, 0), [new("TNR>=", 0.95)]),
        ["TnrAtFnr10"] = new((l, o) => new TnrAtFnr10(l, o), _ => (0, 1), [new("FNR<=", 0.1)]),
        ["RecallAtF1"] = new((l, o) => new RecallAtF1(l, o), _ => (1, 0), [new("F>=", 0.7)]),
        ["AccuracyLoss"] = new((l, o) => new AccuracyLoss(l, o), _ => (1, 1), []),
        ["AccuracyAtRecall60"] = new((l, o) => new AccuracyAtRecall60(l, o), _ => (1, 1), [new("Recall>=", 0.6)]),
        ["F1Loss"] = new((l, o) => new F1Loss(l, o), q => (2 - q, q), [], FScoreBeta: 1),
        ["F2AtPrecision50"] = new((l, o) => new F2AtPrecision50(l, o), q => (5 - q, q), [new("Precision>=", 0.5)], FScoreBeta: 2),
        ["PrecisionAtF05"] = new((l, o) => new PrecisionAtF05(l, o), _ => (0, 1), [new("F>=", 0.6, 0.5)]),
        ["PrAucDefault"] = new((l, o) => new PrAucDefault(l, o), _ => (1, 0), [new("Precision>=", double.NaN)], Anchors: Grid(0, 1, 20)),
        ["PrAucFiveAnchors"] = new((l, o) => new PrAucFiveAnchors(l, o), _ => (1, 0), [new("Precision>=", double.NaN)], Anchors: Grid(0.2, 0.9, 5)),
        ["PartialRocAuc10"] = new((l, o) => new PartialRocAuc10(l, o), _ => (1, 0), [new("FPR<=", double.NaN)], Anchors: Grid(0, 0.1, 5)),
    };

    public static TheoryData<string, bool, string, DualUpdate> Combinations()
    {
        var data = new TheoryData<string, bool, string, DualUpdate>();
        foreach (var name in Cases.Keys)
            foreach (bool hinge in new[] { false, true })
                foreach (var weights in new[] { "none", "[B, 1]", "[B, L]" })
                    foreach (var mode in new[] { DualUpdate.ProjectedAscent, DualUpdate.GradientReversal })
                        data.Add(name, hinge, weights, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void LossAndGradientsEqualAutogradOfThePlainLagrangian(string name, bool hinge, string weightLayout, DualUpdate mode)
    {
        using var scope = torch.NewDisposeScope();
        var c = Cases[name];
        var loss = c.Create(L, new ObjectiveOptions
        {
            Surrogate = hinge ? SurrogateType.Hinge : SurrogateType.Xent,
            LabelPriors = c.Constraints.Length > 0 ? torch.tensor(Priors) : null,
            DualUpdate = mode,
            // v.grad = −∂f/∂λ for v > 0 (objectives without multipliers take no rate).
            DualRateFactor = mode == DualUpdate.GradientReversal && c.Constraints.Length > 0 ? 1.0 : null,
        });
        loss.to(ScalarType.Float64);
        loss.eval(); // nothing moves: λ, the biases, q and the priors are the ones set here
        int columns = c.Anchors?.Length ?? c.Constraints.Length;
        var lambdaValues = new double[L * columns];
        for (int i = 0; i < lambdaValues.Length; i++) lambdaValues[i] = 0.3 + 0.45 * i / Math.Max(1, lambdaValues.Length - 1) * 3;
        var biasValues = new double[L * columns];
        for (int i = 0; i < biasValues.Length; i++) biasValues[i] = Math.Sin(1.7 * i) * 0.8;
        using (torch.no_grad())
        {
            if (loss.Lambdas is { } lambdas) lambdas.copy_(torch.tensor(lambdaValues).reshape(lambdas.shape));
            if (loss.Biases is { } biases) biases.copy_(torch.tensor(biasValues).reshape(biases.shape));
            if (c.FScoreBeta is not null)
                loss.get_buffer("fscore_counts")!.copy_(torch.tensor(LevelCounts.Cast<double>().ToArray(), [L, 3]));
        }
        if (mode == DualUpdate.ProjectedAscent && loss.Lambdas is { } buffer) Assert.False(buffer.requires_grad);
        if (mode == DualUpdate.GradientReversal && loss.Lambdas is { } parameter) Assert.True(parameter.requires_grad);

        var (x, y, w) = Batch(name.Length * 31 + (hinge ? 7 : 0), weightLayout);
        var logits = x.clone().requires_grad_(true);
        var generated = loss.Compute(logits, y, w).Loss.sum();

        var referenceLogits = x.clone().requires_grad_(true);
        var referenceLambdas = torch.tensor(lambdaValues, [L, columns]).requires_grad_(true);
        var referenceBiases = loss.Biases is null ? null : torch.tensor(biasValues, [L, columns]).requires_grad_(true);
        var q = c.FScoreBeta is { } beta ? Enumerable.Range(0, L).Select(l => Level(l, beta)).ToArray() : new double[L];
        var reference = Reference(c, hinge, referenceLogits, y, w, referenceLambdas, referenceBiases, q);

        Close(reference, generated, 1e-10, $"{name}, {(hinge ? "hinge" : "xent")}, weights {weightLayout}, {mode}: loss");
        generated.backward();
        reference.backward();
        Close(referenceLogits.grad!, logits.grad!, 1e-10, $"{name}: ∂/∂logits");
        if (loss.Biases is { } b)
            Close(referenceBiases!.grad!, b.grad!.reshape(L, columns), 1e-10, $"{name}: ∂/∂biases");
        if (mode == DualUpdate.GradientReversal && loss.Lambdas is { } v)
        {
            Assert.Contains(referenceLambdas.grad!.data<double>().ToArray(), g => Math.Abs(g) > 1e-3);
            Close(-referenceLambdas.grad!, v.grad!.reshape(L, columns), 1e-10, $"{name}: v.grad = −∂f/∂λ");
        }
    }

    /// <summary>
    /// Σ over examples and labels of the Lagrangian, per label and anchor (K = 1 without anchors):
    /// m2·(a·FN_ub + b·FP_ub) + Σ_j λ_j·m2·ĝ_j(FN_ub, FP_ub, P = B·π, N = B·(1 − π)), averaged over the anchors, with
    /// FN_ub = Σ_i w·y·ℓ⁺(x + b)/m2 and FP_ub = Σ_i w·(1 − y)·ℓ⁻(x + b)/m2, every op on the autograd graph.
    /// </summary>
    private static Tensor Reference(Case c, bool hinge, Tensor x, Tensor y, Tensor? w, Tensor lambdas, Tensor? biases, double[] q)
    {
        double m2 = hinge ? 1 : Math.Log(2);
        var z = biases is null ? x.unsqueeze(2) : x.unsqueeze(2) + biases.unsqueeze(0);          // [B, L, K]
        var labels = y.unsqueeze(2);
        var weights = w is null ? torch.ones_like(labels) : w.unsqueeze(2);
        var positive = hinge ? (1 - z).relu() : nn.functional.softplus(-z, 1, 1000);
        var negative = hinge ? (1 + z).relu() : nn.functional.softplus(z, 1, 1000);
        var fnUb = (weights * labels * positive).sum(0L) / m2;                                  // [L, K]
        var fpUb = (weights * (1 - labels) * negative).sum(0L) / m2;
        var priors = torch.tensor(Priors).unsqueeze(1);                                           // [L, 1]
        var p = priors * B;
        var n = (1 - priors) * B;
        var (a, b) = (new double[L], new double[L]);
        for (int l = 0; l < L; l++) (a[l], b[l]) = c.ObjectiveWeights(q[l]);
        var total = (torch.tensor(a).unsqueeze(1) * fnUb + torch.tensor(b).unsqueeze(1) * fpUb) * m2;
        if (c.Anchors is { } anchors)
        {
            var targets = torch.tensor(anchors).unsqueeze(0);                                     // [1, K]
            total = total + lambdas * c.Constraints[0].Relaxed(fnUb, fpUb, p, n, targets) * m2;
        }
        else
        {
            for (int j = 0; j < c.Constraints.Length; j++)
                total = total + lambdas.narrow(1, j, 1) * c.Constraints[j].Relaxed(fnUb, fpUb, p, n, torch.tensor(c.Constraints[j].Target)) * m2;
        }
        return total.mean([1L]).sum();
    }

    private static double Level(int label, double beta)
    {
        double tp = LevelCounts[label, 0], fp = LevelCounts[label, 1], p = LevelCounts[label, 2];
        return (1 + beta * beta) * tp / (beta * beta * p + tp + fp);
    }

    /// <summary>Float64 logits ~ 2·N(0, 1), soft labels (0, 1 and values between), weights in [0.25, 1.25).</summary>
    private static (Tensor Logits, Tensor Labels, Tensor? Weights) Batch(int seed, string weightLayout)
    {
        var g = new torch.Generator((ulong)seed);
        var x = torch.randn([B, L], dtype: ScalarType.Float64, generator: g) * 2;
        var u = torch.rand([B, L], dtype: ScalarType.Float64, generator: g);
        var y = torch.where(u.lt(0.45), torch.zeros_like(u), torch.where(u.gt(0.75), torch.ones_like(u), u));
        Tensor? w = weightLayout switch
        {
            "[B, 1]" => torch.rand([B, 1], dtype: ScalarType.Float64, generator: g) + 0.25,
            "[B, L]" => torch.rand([B, L], dtype: ScalarType.Float64, generator: g) + 0.25,
            _ => null,
        };
        return (x, y, w);
    }

    private static void Close(Tensor expected, Tensor actual, double rtol, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double[] e = expected.detach().to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        double[] a = actual.detach().to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= rtol * Math.Max(1, Math.Abs(e[i])),
                $"{what}, element {i}: plain formula {e[i]:R}, generated {a[i]:R}");
    }
}
