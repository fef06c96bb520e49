using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The training step of each element-wise generated loss against <c>nn.BCEWithLogitsLoss</c> on the same logits and
/// labels (<c>--bce</c>): forward through <c>call</c> (the training path: module in training mode, mean reduction, the
/// batch statistics, streaming priors and the projected-ascent dual update included), <c>backward()</c>, gradients
/// zeroed, one dispose scope per step. Interleaved pairs (<see cref="PairedComparison"/>), one thread, medians: the
/// ratio is "how many BCE steps one generated step costs".
/// </summary>
public static class BceComparison
{
    /// <summary>The shapes measured: a small batch where per-op overhead dominates, and two where the kernels do.</summary>
    public static readonly string[] Shapes = ["512x1", "4096x1", "4096x16"];

    private static readonly (string Name, Func<int, ObjectiveOptions, GlobalObjectiveLoss> Create)[] Families =
    [
        ("recall@precision", (l, o) => new RecallAtPrecision80(l, o)),
        ("precision@recall", (l, o) => new PrecisionAtRecall90(l, o)),
        ("FPR@TPR", (l, o) => new FprAtTpr90(l, o)),
        ("TPR@FPR", (l, o) => new TprAtFpr10(l, o)),
        ("recall@precision+FPR (2 constraints)", (l, o) => new RecallAtPrecision90AndFpr2(l, o)),
        ("F1", (l, o) => new F1Loss(l, o)),
        ("accuracy", (l, o) => new AccuracyLoss(l, o)),
        ("PR-AUC, 20 anchors", (l, o) => new PrAuc20(l, o)),
        ("partial ROC-AUC, 5 anchors", (l, o) => new PartialRocAuc5(l, o)),
    ];

    public static IReadOnlyList<PairedComparison.Result> Run(bool quick, bool validate)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            using var bce = nn.BCEWithLogitsLoss();
            void Bce() => BenchmarkBatch.Step(() => bce.call(logits, labels), logits, []);
            foreach (var (name, create) in Families)
            {
                var options = new ObjectiveOptions { ValidateInputs = validate };   // the defaults otherwise: mean, projected ascent
                using var loss = new GeneratedLoss(create(numLabels, options));
                bool anchored = name.Contains("anchors", StringComparison.Ordinal);
                var (pairs, warmup) = PairedComparison.StepPairs(quick, large: anchored && shape == "4096x16");
                string label = $"{name} [{shape.Replace("x", ", ")}]{(validate ? ", validating" : "")}";
                PairedComparison.Record(results, PairedComparison.Measure(label, Bce, () => loss.Step(logits, labels), pairs, warmup));
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }
}

/// <summary>
/// Where a generated training step's time goes (<c>--profile</c>): the same loss timed against BCE in four settings,
/// each removing one part, so the differences are the parts' costs. "training" is the default (validation on, training
/// mode: batch statistics, streaming priors, projected-ascent dual update, monitor); "no validation" turns
/// <see cref="ObjectiveOptions.ValidateInputs"/> off; "eval" also leaves training mode (no statistics, no prior or dual
/// update: the Lagrangian's forward and backward and the input preparation); "eval, fixed priors" also gives the priors.
/// </summary>
public static class ProfileComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in BceComparison.Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            using var bce = nn.BCEWithLogitsLoss();
            void Bce() => BenchmarkBatch.Step(() => bce.call(logits, labels), logits, []);
            foreach (var (name, create) in new (string, Func<int, ObjectiveOptions, GlobalObjectiveLoss>)[]
                     {
                         ("recall@precision", (l, o) => new RecallAtPrecision80(l, o)),
                         ("PR-AUC, 20 anchors", (l, o) => new PrAuc20(l, o)),
                     })
            {
                foreach (var (setting, validate, train, fixedPriors) in new[]
                         {
                             ("training", true, true, false),
                             ("no validation", false, true, false),
                             ("eval", false, false, false),
                             ("eval, fixed priors", false, false, true),
                         })
                {
                    var options = new ObjectiveOptions { ValidateInputs = validate, LabelPriors = fixedPriors ? torch.full(numLabels, 0.3) : null };
                    var module = create(numLabels, options);
                    if (!train) module.eval();
                    using var loss = new GeneratedLoss(module);
                    bool big = name.StartsWith("PR-AUC", StringComparison.Ordinal) && shape != "512x1";
                    int pairs = quick ? 3 : big ? 200 : 1000;
                    PairedComparison.Record(results, PairedComparison.Measure($"{name} [{shape.Replace("x", ", ")}], {setting}", Bce, () => loss.Step(logits, labels), pairs, quick ? 1 : 20));
                }
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }
}

/// <summary>
/// The Lagrangian alone (<c>--lagrangian</c>), recall@precision's and PR-AUC's, as the generated code computes it before
/// the loss's mean: written as separate ops (<see cref="Surrogates.Weighted(SurrogateType, Tensor, Tensor, Tensor?, Tensor?)"/>,
/// the weighting and the constant, what the generator emitted before <see cref="FusedSurrogate"/>), fused on libtorch's ops
/// (every device but the CPU) and fused as the CPU's managed pass (<see cref="HostSurrogate"/>), each against BCE on the same logits. λ without gradient (projected ascent), no weights, xent, forward + backward + zeroed gradients.
/// </summary>
public static class LagrangianComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in BceComparison.Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            using var bce = nn.BCEWithLogitsLoss();
            void Bce() => BenchmarkBatch.Step(() => bce.call(logits, labels), logits, []);
            var lambdas = torch.full(numLabels, 1.5);
            var priors = torch.full(numLabels, 0.3);
            var target = torch.full(numLabels, 0.8);
            double m2 = Math.Log(2);
            var anchors = torch.linspace(0.0, 1.0, 22)[TensorIndex.Slice(1, 21)].reshape(1, 1, 20);
            var anchorLambdas = torch.full([1, numLabels, 20], 1.5);
            var biases = torch.zeros([1, numLabels, 20]).requires_grad_(true);

            // How the Lagrangian is computed: separate ops, the fused node on libtorch's ops, the fused managed pass.
            Tensor Fused(Tensor x, Tensor y, Tensor c, Tensor d, Tensor k, Variant variant)
                => FusedSurrogate.ApplyCore(SurrogateType.Xent, x, y, null, c, d, k, hostPass: variant == Variant.ManagedPass);

            Tensor Rate(Variant variant)
            {
                var lambdaOneMinusPrecision = lambdas * (1.0 - target);
                var c = 1.0 + lambdaOneMinusPrecision;
                var d = lambdas * target;
                var priorTerm = priors * m2;
                if (variant == Variant.SeparateOps) return (Surrogates.Weighted(SurrogateType.Xent, labels, logits, c, d) - lambdaOneMinusPrecision * priorTerm).mean();
                return Fused(logits, labels, c, d, -lambdaOneMinusPrecision * priorTerm, variant).mean();
            }

            Tensor PrAuc(Variant variant)
            {
                var x = logits.unsqueeze(2);
                var y = labels.unsqueeze(2);
                var lambdaOneMinusPrecision = anchorLambdas * (1.0 - anchors);
                var c = 1.0 + lambdaOneMinusPrecision;
                var d = anchorLambdas * anchors;
                var priorTerm = priors.reshape(1, -1, 1) * m2;
                if (variant == Variant.AnchoredPass)
                    return FusedSurrogate.ApplyAtAnchors(SurrogateType.Xent, x, biases, y, null, c, d, -lambdaOneMinusPrecision * priorTerm).mean();
                var perAnchor = variant != Variant.SeparateOps
                    ? Fused(x + biases, y, c, d, -lambdaOneMinusPrecision * priorTerm, variant)
                    : Surrogates.Weighted(SurrogateType.Xent, y, x + biases, c, d) - lambdaOneMinusPrecision * priorTerm;
                return perAnchor.mean([2L]).mean();
            }

            int pairs = quick ? 3 : 1000;
            string s = $"[{shape.Replace("x", ", ")}]";
            // What one BCE over the anchored tensor costs: the floor of any loss that evaluates a surrogate per anchor.
            var anchoredLogits = logits.detach().unsqueeze(2).expand(-1, -1, 20).contiguous().requires_grad_(true);
            var anchoredLabels = labels.unsqueeze(2).expand(-1, -1, 20);
            PairedComparison.Record(results, PairedComparison.Measure($"BCE over [B, L, 20] {s}", Bce,
                () => BenchmarkBatch.Step(() => bce.call(anchoredLogits, anchoredLabels), anchoredLogits, []), quick ? 3 : shape == "4096x16" ? 100 : 500, quick ? 1 : 10));
            foreach (var variant in new[] { Variant.SeparateOps, Variant.FusedOps, Variant.ManagedPass, Variant.AnchoredPass })
            {
                string how = variant switch
                {
                    Variant.SeparateOps => "separate ops", Variant.FusedOps => "fused, libtorch ops", Variant.ManagedPass => "fused, managed pass",
                    _ => "mean over the anchors in one managed pass",
                };
                if (variant != Variant.AnchoredPass)
                {
                    PairedComparison.Record(results, PairedComparison.Measure($"recall@precision Lagrangian {s}, {how}", Bce, () => BenchmarkBatch.Step(() => Rate(variant), logits, []), pairs, quick ? 1 : 50));
                }
                PairedComparison.Record(results, PairedComparison.Measure($"PR-AUC Lagrangian, 20 anchors {s}, {how}", Bce, () => BenchmarkBatch.Step(() => PrAuc(variant), logits, [biases]),
                    quick ? 3 : shape == "4096x16" ? 100 : 500, quick ? 1 : 10));
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }

    /// <summary>
    /// Separate ops; the fused node on libtorch's ops; the fused node's managed pass per element (<see cref="HostSurrogate"/>,
    /// PR-AUC's mean over the anchors then a native op); PR-AUC only: <see cref="FusedSurrogate.ApplyAtAnchors"/>'s pass (<see cref="HostAnchors"/>).
    /// </summary>
    private enum Variant { SeparateOps, FusedOps, ManagedPass, AnchoredPass }
}

/// <summary>
/// The training-state update in managed code against the tensor path it replaced on the CPU (<c>--state</c>): the same
/// generated loss twice in one process, <c>HostStateUpdate</c> on (candidate) and off (baseline), default options,
/// interleaved pairs of training steps (forward through <c>call</c>, backward). Both compute the same batch statistics;
/// the ratio is what the host update (priors, Fβ level, counters, monitor sums, dual step) saves per step.
/// </summary>
public static class StateComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in BceComparison.Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            foreach (var (name, create) in new (string, Func<int, ObjectiveOptions, GlobalObjectiveLoss>)[]
                     {
                         ("recall@precision", (l, o) => new RecallAtPrecision80(l, o)),
                         ("recall@precision+FPR (2 constraints)", (l, o) => new RecallAtPrecision90AndFpr2(l, o)),
                         ("F1", (l, o) => new F1Loss(l, o)),
                         ("PR-AUC, 20 anchors", (l, o) => new PrAuc20(l, o)),
                     })
            {
                var tensorPath = create(numLabels, new ObjectiveOptions());
                tensorPath.HostStateUpdate = false;
                using var baseline = new GeneratedLoss(tensorPath);
                using var candidate = new GeneratedLoss(create(numLabels, new ObjectiveOptions()));
                var (pairs, warmup) = PairedComparison.StepPairs(quick, large: name.StartsWith("PR-AUC", StringComparison.Ordinal) && shape == "4096x16");
                PairedComparison.Record(results, PairedComparison.Measure($"{name} [{shape.Replace("x", ", ")}], host / tensor state update",
                    () => baseline.Step(logits, labels), () => candidate.Step(logits, labels), pairs, warmup));
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }
}

/// <summary>
/// Weighted training (<c>--weighted</c>): the step through <c>forward(logits, labels, weights)</c> against the same
/// weighted loss through <c>Compute(logits, labels, weights).Loss.mean()</c>, the only weighted call before it (which
/// also builds the monitoring outputs), and against BCE with the same per-example weights. Weights [B, 1] in (0, 2),
/// default options otherwise; two instances of the loss, so each keeps its own training state.
/// </summary>
public static class WeightedComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        foreach (var shape in BceComparison.Shapes)
        {
            var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
            var weights = torch.rand([logits.shape[0], 1], generator: new torch.Generator(99)) * 2.0;
            using var bce = nn.BCEWithLogitsLoss(weight: weights);
            void Bce() => BenchmarkBatch.Step(() => bce.call(logits, labels), logits, []);
            foreach (var (name, create) in new (string, Func<int, ObjectiveOptions, GlobalObjectiveLoss>)[]
                     {
                         ("recall@precision", (l, o) => new RecallAtPrecision80(l, o)),
                         ("TPR@FPR", (l, o) => new TprAtFpr10(l, o)),
                         ("F1", (l, o) => new F1Loss(l, o)),
                         ("PR-AUC, 20 anchors", (l, o) => new PrAuc20(l, o)),
                     })
            {
                using var viaCompute = create(numLabels, new ObjectiveOptions());
                using var viaForward = create(numLabels, new ObjectiveOptions());
                var computeParameters = viaCompute.parameters().ToArray<Tensor>();
                var forwardParameters = viaForward.parameters().ToArray<Tensor>();
                void Compute() => BenchmarkBatch.Step(() => viaCompute.Compute(logits, labels, weights).Loss.mean(), logits, computeParameters);
                void Forward() => BenchmarkBatch.Step(() => viaForward.forward(logits, labels, weights), logits, forwardParameters);
                var (pairs, warmup) = PairedComparison.StepPairs(quick, large: name.StartsWith("PR-AUC", StringComparison.Ordinal) && shape == "4096x16");
                string s = $"[{shape.Replace("x", ", ")}]";
                PairedComparison.Record(results, PairedComparison.Measure($"{name} {s}, weighted forward / Compute", Compute, Forward, pairs, warmup));
                PairedComparison.Record(results, PairedComparison.Measure($"{name} {s}, weighted forward / weighted BCE", Bce, Forward, pairs, warmup));
            }
            logits.Dispose();
            labels.Dispose();
        }
        return results;
    }
}
