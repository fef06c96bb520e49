using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// The generated losses of the v2 language equal the direct Lagrangian written in this test from the metrics'
/// definitions (objective-math §1–§5): the objective's surrogate bound plus, per constraint j, λ_j·m2·ĝ_j, where ĝ_j
/// is the constraint in counts with TP ≥ P − FN_ub, TN ≥ N − FP_ub and FP ≤ FP_ub substituted. Checked summed over
/// the batch per label, with several labels, both surrogates, with and without weights, soft labels and distinct λ per
/// label and constraint; plus a finite-difference check of the logits' gradient and, in gradient-reversal mode, that
/// each constraint's dual gradient is its own relaxed violation.
/// </summary>
public sealed class LagrangianFormulaTests
{
    private const int B = 9;
    private const int L = 2;
    private static readonly double[] Priors = [0.4, 0.25];

    /// <summary>A relaxed constraint as written from its definition: ĝ(FN_ub, FP_ub, P, N).</summary>
    private sealed record Bound(string Metric, double Target, double Beta = 1)
    {
        public double Relaxed(double fnUb, double fpUb, double p, double n)
        {
            double tpLb = p - fnUb, tnLb = n - fpUb, t = Target, b2 = Beta * Beta;
            return Metric switch
            {
                "Precision>=" => t * fpUb - (1 - t) * tpLb,          // p·FP − (1 − p)·TP ≤ 0
                "Recall>=" => t * p - tpLb,                          // r·P − TP ≤ 0
                "FNR<=" => fnUb - t * p,                             // FN − f·P ≤ 0
                "FPR<=" => fpUb - t * n,                             // FP − f·N ≤ 0
                "TNR>=" => t * n - tnLb,                             // s·N − TN ≤ 0
                "NPV>=" => t * fnUb - (1 - t) * tnLb,                // v·FN − (1 − v)·TN ≤ 0
                "Accuracy>=" => t * (p + n) - tpLb - tnLb,           // a·(P + N) − TP − TN ≤ 0
                "F>=" => t * (b2 * p + tpLb + fpUb) - (1 + b2) * tpLb, // q·(β²P + TP + FP) − (1 + β²)·TP ≤ 0
                _ => throw new ArgumentOutOfRangeException(nameof(Metric), Metric, null),
            };
        }
    }

    /// <summary>An objective: the bound it minimizes as (weight on FN_ub, weight on FP_ub), given the Fβ level q, and its constraints.</summary>
    private sealed record Case(Func<ObjectiveOptions, GlobalObjectiveLoss> Create, Func<double, (double Fn, double Fp)> ObjectiveWeights, Bound[] Constraints, double? FScoreBeta = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["RecallAtPrecision90AndFpr2"] = new(o => new RecallAtPrecision90AndFpr2(L, o), _ => (1, 0),
            [new("Precision>=", 0.9), new("FPR<=", 0.02)]),
        ["PrecisionAtRecallAccuracyNpv"] = new(o => new PrecisionAtRecallAccuracyNpv(L, o), _ => (0, 1),
            [new("Recall>=", 0.8), new("Accuracy>=", 0.9), new("NPV>=", 0.95)]),
        ["FnrAtSpecificity95"] = new(o => new FnrAtSpecificity95(L, o), _ => (1, 0), [new("TNR>=", 0.95)]),
        ["TnrAtFnr10"] = new(o => new TnrAtFnr10(L, o), _ => (0, 1), [new("FNR<=", 0.1)]),
        ["RecallAtF1"] = new(o => new RecallAtF1(L, o), _ => (1, 0), [new("F>=", 0.7)]),
        ["AccuracyLoss"] = new(o => new AccuracyLoss(L, o), _ => (1, 1), []),
        ["AccuracyAtRecall60"] = new(o => new AccuracyAtRecall60(L, o), _ => (1, 1), [new("Recall>=", 0.6)]),
        ["F1Loss"] = new(o => new F1Loss(L, o), q => (2 - q, q), [], FScoreBeta: 1),
        ["F2AtPrecision50"] = new(o => new F2AtPrecision50(L, o), q => (5 - q, q), [new("Precision>=", 0.5)], FScoreBeta: 2),
        ["PrecisionAtF05"] = new(o => new PrecisionAtF05(L, o), _ => (0, 1), [new("F>=", 0.6, 0.5)]),
    };

    public static TheoryData<string, bool, bool> Combinations()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in Cases.Keys)
            foreach (bool hinge in new[] { false, true })
                foreach (bool weighted in new[] { false, true })
                    data.Add(name, hinge, weighted);
        return data;
    }

    private static (Tensor Logits, Tensor Labels, Tensor? Weights) Batch(bool weighted, bool hinge)
    {
        var random = new Random(5);
        var x = new double[B * L];
        for (int i = 0; i < x.Length; i++)
        {
            do x[i] = random.NextDouble() * 5 - 2.5;
            while (hinge && (Math.Abs(x[i] - 1) < 0.05 || Math.Abs(x[i] + 1) < 0.05)); // away from the hinge's kinks
        }
        var y = Enumerable.Range(0, B * L).Select(i => i % 3 == 0 ? 1.0 : i % 5 == 0 ? 0.6 : 0.0).ToArray();
        var w = Enumerable.Range(0, B).Select(i => 0.25 + 0.25 * (i % 4)).ToArray();
        return (torch.tensor(x, [B, L]), torch.tensor(y, [B, L]), weighted ? torch.tensor(w, [B, 1]) : null);
    }

    /// <summary>λ of label l and constraint j: distinct, exact in float32.</summary>
    private static double Lambda(int label, int constraint) => 0.5 + 0.75 * constraint + 0.25 * label;

    /// <summary>The decayed (TP, FP, P) counts the Fβ level is read from, per label, and the level they give.</summary>
    private static readonly double[,] LevelCounts = { { 3, 1, 4 }, { 2, 2, 5 } };

    private static double Level(int label, double beta)
    {
        double tp = LevelCounts[label, 0], fp = LevelCounts[label, 1], p = LevelCounts[label, 2];
        return (1 + beta * beta) * tp / (beta * beta * p + tp + fp);
    }

    private static GlobalObjectiveLoss Build(Case c, bool hinge, DualUpdate mode = DualUpdate.ProjectedAscent)
    {
        var options = new ObjectiveOptions
        {
            Surrogate = hinge ? SurrogateType.Hinge : SurrogateType.Xent,
            LabelPriors = c.Constraints.Length > 0 ? torch.tensor(Priors) : null, // every constraint term has a prior constant
            DualUpdate = mode,
            DualRateFactor = mode == DualUpdate.GradientReversal ? 1.0 : null,
        };
        var loss = c.Create(options);
        loss.eval(); // no state moves: λ, q and the priors are the ones set here
        using (torch.no_grad())
        {
            if (loss.Lambdas is { } lambdas)
            {
                int j = c.Constraints.Length;
                var values = new double[L * j];
                for (int l = 0; l < L; l++)
                    for (int k = 0; k < j; k++) values[l * j + k] = Lambda(l, k);
                lambdas.copy_(torch.tensor(values).reshape(lambdas.shape));
            }
            if (c.FScoreBeta is not null)
                loss.get_buffer("fscore_counts")!.copy_(torch.tensor(new[] { LevelCounts[0, 0], LevelCounts[0, 1], LevelCounts[0, 2], LevelCounts[1, 0], LevelCounts[1, 1], LevelCounts[1, 2] }, [L, 3]));
        }
        return loss;
    }

    /// <summary>(FN_ub, FP_ub) of label l: Σw·y·ℓ⁺/m2 and Σw·(1 − y)·ℓ⁻/m2.</summary>
    private static (double FnUb, double FpUb) Bounds(double[] x, double[] y, double[]? w, int label, bool hinge)
    {
        double m2 = hinge ? 1 : Math.Log(2), fn = 0, fp = 0;
        for (int i = 0; i < B; i++)
        {
            double xi = x[i * L + label], yi = y[i * L + label], wi = w?[i] ?? 1;
            double positive = hinge ? Math.Max(0, 1 - xi) : Softplus(-xi);
            double negative = hinge ? Math.Max(0, 1 + xi) : Softplus(xi);
            fn += wi * yi * positive;
            fp += wi * (1 - yi) * negative;
        }
        return (fn / m2, fp / m2);
    }

    private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    [Theory]
    [MemberData(nameof(Combinations))]
    public void GeneratedLossIsTheDirectLagrangian(string name, bool hinge, bool weighted)
    {
        var c = Cases[name];
        var loss = Build(c, hinge);
        var (logits, labels, weights) = Batch(weighted, hinge);
        var perLabel = loss.Compute(logits, labels, weights).Loss.sum(0L).data<double>().ToArray();

        double[] x = logits.data<double>().ToArray(), y = labels.data<double>().ToArray();
        double[]? w = weights?.data<double>().ToArray();
        double m2 = hinge ? 1 : Math.Log(2);
        for (int l = 0; l < L; l++)
        {
            var (fnUb, fpUb) = Bounds(x, y, w, l, hinge);
            double q = c.FScoreBeta is { } beta ? Level(l, beta) : double.NaN;
            var (a, b) = c.ObjectiveWeights(q);
            double p = B * Priors[l], n = B * (1 - Priors[l]);           // the seed's constant convention: P = B·π
            double expected = m2 * (a * fnUb + b * fpUb);
            for (int j = 0; j < c.Constraints.Length; j++)
                expected += Lambda(l, j) * m2 * c.Constraints[j].Relaxed(fnUb, fpUb, p, n);
            Assert.True(Math.Abs(expected - perLabel[l]) <= 1e-9 * Math.Max(1, Math.Abs(expected)),
                $"{name}, label {l}: direct Lagrangian {expected}, generated {perLabel[l]}");
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void LogitGradientMatchesFiniteDifferences(string name, bool hinge, bool weighted)
    {
        var loss = Build(Cases[name], hinge);
        var (logits, labels, weights) = Batch(weighted, hinge);
        var input = logits.clone().requires_grad_(true);
        loss.Compute(input, labels, weights).Loss.sum().backward();
        var analytic = input.grad!.data<double>().ToArray();
        var x = logits.data<double>().ToArray();
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double Value(double delta)
            {
                var shifted = (double[])x.Clone();
                shifted[i] += delta;
                using var _ = torch.no_grad();
                return loss.Compute(torch.tensor(shifted, [B, L]), labels, weights).Loss.sum().item<double>();
            }
            double numeric = (Value(h) - Value(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                $"{name}, element {i}: finite difference {numeric}, autograd {analytic[i]}");
        }
    }

    /// <summary>With gradient reversal and rate factor 1, the gradient reaching v_lj = λ_lj is −∂Σloss/∂λ_lj = −m2·ĝ_j.</summary>
    [Theory]
    [InlineData("RecallAtPrecision90AndFpr2", false)]
    [InlineData("PrecisionAtRecallAccuracyNpv", true)]
    [InlineData("F2AtPrecision50", false)]
    [InlineData("PrecisionAtF05", true)]
    public void EachConstraintsDualGradientIsItsRelaxedViolation(string name, bool hinge)
    {
        var c = Cases[name];
        var loss = Build(c, hinge, DualUpdate.GradientReversal);
        var (logits, labels, weights) = Batch(weighted: true, hinge);
        loss.Compute(logits, labels, weights).Loss.sum().backward();
        var gradient = loss.Lambdas!.grad!.to_type(ScalarType.Float64).data<double>().ToArray();
        double[] x = logits.data<double>().ToArray(), y = labels.data<double>().ToArray(), w = weights!.data<double>().ToArray();
        double m2 = hinge ? 1 : Math.Log(2);
        int count = c.Constraints.Length;
        for (int l = 0; l < L; l++)
        {
            var (fnUb, fpUb) = Bounds(x, y, w, l, hinge);
            for (int j = 0; j < count; j++)
            {
                double expected = -m2 * c.Constraints[j].Relaxed(fnUb, fpUb, B * Priors[l], B * (1 - Priors[l]));
                Assert.True(Math.Abs(expected - gradient[l * count + j]) <= 1e-4 * Math.Max(1, Math.Abs(expected)),
                    $"{name}, label {l}, constraint {j}: expected {expected}, got {gradient[l * count + j]}");
            }
        }
    }

    [Fact]
    public void SeveralConstraintsHoldOneMultiplierPerLabelAndConstraint()
    {
        var loss = new PrecisionAtRecallAccuracyNpv(L);
        Assert.Equal(new long[] { L, 3 }, loss.Lambdas!.shape);
        Assert.Equal(new long[] { L }, new RecallAtF1(L).Lambdas!.shape);          // one constraint keeps the seed's [L]
        Assert.Null(new F1Loss(L).Lambdas);
        Assert.Null(new AccuracyLoss(L).Lambdas);
    }

    /// <summary>Partial ROC-AUC: (1/K)·Σ_k [w·S(y, x + b_k; 1, λ_k) − λ_k·f_k·(1 − π)·m2], f_k the interior of linspace(0, 0.1, K + 2).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PartialRocAucIsTheAnchoredSumOfTprAtFpr(bool hinge)
    {
        const int K = 5;
        var loss = new PartialRocAuc10(L, new ObjectiveOptions { Surrogate = hinge ? SurrogateType.Hinge : SurrogateType.Xent, LabelPriors = torch.tensor(Priors) });
        loss.eval();
        var lambdas = new double[L * K];
        var biases = new double[L * K];
        for (int i = 0; i < lambdas.Length; i++) { lambdas[i] = 0.25 + 0.25 * i; biases[i] = -0.25 + 0.125 * i; } // exact in float32, the biases' dtype
        using (torch.no_grad())
        {
            loss.Lambdas!.copy_(torch.tensor(lambdas, [1, L, K]));
            loss.Biases!.copy_(torch.tensor(biases, [1, L, K]));
        }
        var (logits, labels, weights) = Batch(weighted: true, hinge);
        var actual = loss.Compute(logits, labels, weights).Loss.data<double>().ToArray();
        double[] x = logits.data<double>().ToArray(), y = labels.data<double>().ToArray(), w = weights!.data<double>().ToArray();
        double m2 = hinge ? 1 : Math.Log(2);
        for (int i = 0; i < B; i++)
            for (int l = 0; l < L; l++)
            {
                double sum = 0;
                for (int k = 0; k < K; k++)
                {
                    double f = 0.1 * (k + 1) / (K + 1), lambda = lambdas[l * K + k], z = x[i * L + l] + biases[l * K + k], yi = y[i * L + l];
                    double positive = hinge ? Math.Max(0, 1 - z) : Softplus(-z), negative = hinge ? Math.Max(0, 1 + z) : Softplus(z);
                    sum += w[i] * (yi * positive + lambda * (1 - yi) * negative) - lambda * f * (1 - Priors[l]) * m2;
                }
                Assert.Equal(sum / K, actual[i * L + l], 9);
            }
    }
}
