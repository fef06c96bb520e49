using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// A CPU loss updates its training state (priors, Fβ level, counters, monitor, projected-ascent λ) in managed code
/// (GlobalObjectiveLoss.HostState.cs); other devices use the tensor path. Both must give the same state, losses and
/// gradients, step after step, for every family and option that changes the arithmetic.
/// </summary>
public sealed class HostStateUpdateTests
{
    private static readonly (string Name, Func<int, ObjectiveOptions, GlobalObjectiveLoss> Create)[] Objectives =
    [
        ("RecallAtPrecision80", (l, o) => new RecallAtPrecision80(l, o)),
        ("PrecisionAtRecall70", (l, o) => new PrecisionAtRecall70(l, o)),
        ("FprAtTpr90", (l, o) => new FprAtTpr90(l, o)),
        ("TprAtFpr10", (l, o) => new TprAtFpr10(l, o)),
        ("PrAucFiveAnchors", (l, o) => new PrAucFiveAnchors(l, o)),
        ("PartialRocAuc10", (l, o) => new PartialRocAuc10(l, o)),
        ("RecallAtPrecision95Hinge", (l, o) => new RecallAtPrecision95Hinge(l, o)),
        ("RecallAtPrecision90AndFpr2", (l, o) => new RecallAtPrecision90AndFpr2(l, o)),
        ("PrecisionAtRecallAccuracyNpv", (l, o) => new PrecisionAtRecallAccuracyNpv(l, o)),
        ("FnrAtSpecificity95", (l, o) => new FnrAtSpecificity95(l, o)),
        ("TnrAtFnr10", (l, o) => new TnrAtFnr10(l, o)),
        ("RecallAtF1", (l, o) => new RecallAtF1(l, o)),
        ("AccuracyAtRecall60", (l, o) => new AccuracyAtRecall60(l, o)),
        ("F1Loss", (l, o) => new F1Loss(l, o)),
        ("F2AtPrecision50", (l, o) => new F2AtPrecision50(l, o)),
        ("PrecisionAtF05", (l, o) => new PrecisionAtF05(l, o)),
    ];

    /// <summary>
    /// Every objective and setting at 5 labels (the managed pass declines rows of 5: the host coefficients go through
    /// tensors), and the settings that change the coefficients' arithmetic at 1 and 16 labels (the pass reads them from
    /// the host arrays).
    /// </summary>
    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (name, _) in Objectives)
        {
            foreach (var setting in new[] { "default", "surrogate signal", "weights [B, 1]", "weights [B, L], soft labels", "weights [B, L], Compute", "given priors", "hook", "float64", "gradient reversal" })
                data.Add(name, setting, 5);
            foreach (var setting in new[] { "default", "given priors", "float64", "gradient reversal", "gradient reversal, float64" })
                foreach (int labels in new[] { 1, 16 })
                    data.Add(name, setting, labels);
        }
        return data;
    }

    /// <summary>
    /// Both instances train on the same batches; the host one computes its state, and (projected ascent, forward with or
    /// without weights) the coefficients c, d and k on the host, the other with tensor ops. The Compute setting trains
    /// through <c>Compute</c>, which keeps the tensor code for its outputs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_host_update_gives_the_tensor_paths_state_losses_and_gradients(string name, string setting, int numLabels)
    {
        var create = Objectives.Single(o => o.Name == name).Create;
        bool duals = HasDuals(create);
        bool reversal = setting.StartsWith("gradient reversal", StringComparison.Ordinal);
        bool ascent = duals && !reversal;
        ObjectiveOptions Options() => new()
        {
            // Dual options only where they apply (projected ascent); the default setting also exercises the warm-up.
            DualWarmupPositives = !ascent ? null : setting == "default" ? 20 : 0,
            DualWarmupSteps = ascent && setting == "default" ? 2 : null,
            DualSignal = ascent && setting == "surrogate signal" ? DualSignal.Surrogate : null,
            DualLearningRate = ascent ? 0.3 : null,
            DualUpdate = duals && !ascent ? DualUpdate.GradientReversal : DualUpdate.ProjectedAscent,
            LabelPriors = setting == "given priors" && UsesPriors(create) ? torch.linspace(0.1, 0.5, numLabels, dtype: ScalarType.Float64) : null,
            ReduceStatistics = setting == "hook" ? s => s * 1.0 : null,
        };
        var host = create(numLabels, Options());
        var tensor = create(numLabels, Options());
        tensor.HostStateUpdate = false;
        var dtype = setting.EndsWith("float64", StringComparison.Ordinal) ? ScalarType.Float64 : ScalarType.Float32;
        if (dtype == ScalarType.Float64)
        {
            host.to(ScalarType.Float64);
            tensor.to(ScalarType.Float64);
        }

        // Fractional weights make the batch statistics' sums non-integer: the CPU's managed pass (HostStatistics) adds them
        // in another order than libtorch's reductions, so they, and what they drive, agree to float32 rounding only.
        // Every other setting sums exact integers or runs in float64 on both paths: the same bits.
        double tolerance = setting.StartsWith("weights", StringComparison.Ordinal) ? 1e-6 : 0.0;
        var generator = new torch.Generator(7);
        for (int step = 0; step < 6; step++)
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.randn([64, numLabels], dtype: dtype, generator: generator);
            var labels = setting.Contains("soft labels", StringComparison.Ordinal)
                ? torch.rand([64, numLabels], dtype: dtype, generator: generator)
                : torch.rand([64, numLabels], generator: generator).lt(0.3).to_type(dtype);
            Tensor? weights = setting switch
            {
                "weights [B, 1]" => torch.rand([64, 1], dtype: dtype, generator: generator) * 2.0,
                "weights [B, L], soft labels" or "weights [B, L], Compute" => torch.rand([64, numLabels], dtype: dtype, generator: generator),
                _ => null,
            };
            bool viaCompute = setting.EndsWith("Compute", StringComparison.Ordinal);
            var (hostLoss, hostGradient) = Step(host, logits, labels, weights, viaCompute);
            var (tensorLoss, tensorGradient) = Step(tensor, logits, labels, weights, viaCompute);
            string where = $"{name}, {setting}, step {step}";
            AssertSame(tensorLoss, hostLoss, tolerance, $"{where}: loss");
            Assert.Equal(0, tensor.HostLagrangianCalls);
            AssertSame(tensorGradient, hostGradient, tolerance, $"{where}: gradient");
            // Gradient reversal: v's gradient (accumulated over the steps) through the host form's slopes, or autograd of
            // the tensor code; the same sums, multiplied in another order and precision.
            if (host.Lambdas is { requires_grad: true } v)
                AssertSame(Values(tensor.Lambdas!.grad!), Values(v.grad!), dtype == ScalarType.Float64 ? 1e-12 : 1e-6, $"{where}: ∂/∂v");
            var hostState = host.state_dict();
            foreach (var (key, expected) in tensor.state_dict())
                AssertSame(Values(expected), Values(hostState[key]), tolerance, $"{where}: '{key}'");
        }
        // The host coefficients ran where they apply: forward, in every objective with projected ascent, and with gradient
        // reversal in a rate objective whose batch the managed pass takes.
        Assert.Equal(ExpectsHostForm(setting, duals, host.Biases is not null, numLabels) ? 6 : 0, host.HostLagrangianCalls);
    }

    /// <summary>
    /// Whether the host instance takes the host form of the coefficients: forward (with or without weights, not Compute)
    /// with projected ascent (every objective here has a c or d other than 1; the anchored ones write them per label and
    /// anchor for the anchors' managed pass); with gradient reversal, rate objectives where the managed pass takes the
    /// rows (one label, or 16; not 5 float32 labels, rows shorter than a vector).
    /// </summary>
    private static bool ExpectsHostForm(string setting, bool duals, bool anchored, int numLabels)
        => !setting.EndsWith("Compute", StringComparison.Ordinal)
           && !(duals && setting.StartsWith("gradient reversal", StringComparison.Ordinal) && (anchored || numLabels == 5));

    /// <summary>
    /// The host form also serves evaluation-mode calls (priors read, not updated), calls under no_grad and logits that need
    /// no gradient: the same values as the tensor code, bit for bit.
    /// </summary>
    [Theory]
    [InlineData("RecallAtPrecision90AndFpr2", 1, ScalarType.Float32)]
    [InlineData("RecallAtPrecision90AndFpr2", 16, ScalarType.Float32)]
    [InlineData("RecallAtPrecision90AndFpr2", 16, ScalarType.Float64)]
    [InlineData("PrAucFiveAnchors", 1, ScalarType.Float32)]
    [InlineData("PrAucFiveAnchors", 16, ScalarType.Float64)]
    [InlineData("PartialRocAuc10", 3, ScalarType.Float32)]
    public void The_host_form_gives_the_tensor_codes_loss_in_evaluation_and_without_gradients(string name, int numLabels, ScalarType dtype)
    {
        var options = new ObjectiveOptions { DualWarmupPositives = 0, DualLearningRate = 0.3 };
        var create = Objectives.Single(o => o.Name == name).Create;
        var host = create(numLabels, options);
        var tensor = create(numLabels, options);
        tensor.HostStateUpdate = false;
        host.to(dtype);
        tensor.to(dtype);
        var generator = new torch.Generator(11);
        Tensor Batch() => torch.randn([32, numLabels], dtype: dtype, generator: generator);
        Tensor Labels() => torch.rand([32, numLabels], generator: generator).lt(0.4).to_type(dtype);
        for (int step = 0; step < 4; step++)
        {
            // Training steps move λ and the priors away from their start, so the evaluation below reads non-trivial state.
            var (logits, labels) = (Batch(), Labels());
            AssertSame(Step(tensor, logits, labels, null, viaCompute: false).Loss, Step(host, logits, labels, null, viaCompute: false).Loss, 0.0, $"training step {step}");
        }
        host.eval();
        tensor.eval();
        long before = host.HostLagrangianCalls;
        var (x, y) = (Batch(), Labels());
        AssertSame(Step(tensor, x, y, null, viaCompute: false).Gradient, Step(host, x, y, null, viaCompute: false).Gradient, 0.0, "evaluation mode: gradient");
        AssertSame(Values(tensor.call(x, y)), Values(host.call(x, y)), 0.0, "evaluation mode, logits needing no gradient");
        using (torch.no_grad())
            AssertSame(Values(tensor.call(x.requires_grad_(true), y)), Values(host.call(x, y)), 0.0, "no_grad");
        Assert.Equal(before + 3, host.HostLagrangianCalls);
        Assert.Equal(0, tensor.HostLagrangianCalls);
    }

    /// <summary>
    /// Gradient reversal through the host form in the cases the main test does not train: weights [B, 1] and [B, L],
    /// float64 logits with the float32 multiplier variable, a multiplier that is not trainable, evaluation mode and
    /// no_grad. The loss and the logits' gradient equal the tensor code's bit for bit and v's gradient to rounding.
    /// </summary>
    [Theory]
    [InlineData("RecallAtPrecision90AndFpr2", "weights [B, 1]")]
    [InlineData("PrecisionAtRecallAccuracyNpv", "weights [B, L]")]
    [InlineData("F2AtPrecision50", "float64 logits, float32 v")]
    [InlineData("TprAtFpr10", "not trainable")]
    [InlineData("RecallAtF1", "evaluation and no_grad")]
    public void Gradient_reversal_through_the_host_form_matches_the_tensor_code(string name, string setting)
    {
        var create = Objectives.Single(o => o.Name == name).Create;
        ObjectiveOptions Options() => new() { DualUpdate = DualUpdate.GradientReversal, TrainableDuals = setting != "not trainable" };
        var host = create(16, Options());
        var tensor = create(16, Options());
        tensor.HostStateUpdate = false;
        var dtype = setting.StartsWith("float64", StringComparison.Ordinal) ? ScalarType.Float64 : ScalarType.Float32;
        var generator = new torch.Generator(19);
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            var logits = torch.randn([48, 16], dtype: dtype, generator: generator);
            var labels = torch.rand([48, 16], generator: generator).lt(0.3).to_type(dtype);
            Tensor? weights = setting switch
            {
                "weights [B, 1]" => torch.rand([48, 1], dtype: dtype, generator: generator) + 0.5,
                "weights [B, L]" => torch.rand([48, 16], dtype: dtype, generator: generator),
                _ => null,
            };
            long before = host.HostLagrangianCalls;
            var (hostLoss, hostGradient) = Step(host, logits, labels, weights, viaCompute: false);
            var (tensorLoss, tensorGradient) = Step(tensor, logits, labels, weights, viaCompute: false);
            string where = $"{name}, {setting}, step {step}";
            Assert.Equal(before + 1, host.HostLagrangianCalls);
            AssertSame(tensorLoss, hostLoss, 0.0, $"{where}: loss");
            AssertSame(tensorGradient, hostGradient, 0.0, $"{where}: gradient");
            if (setting == "not trainable")
            {
                Assert.False(host.Lambdas!.requires_grad);
                Assert.Null(host.Lambdas.grad);
            }
            else
            {
                Assert.Equal(ScalarType.Float32, host.Lambdas!.grad!.dtype);
                AssertSame(Values(tensor.Lambdas!.grad!), Values(host.Lambdas.grad), 1e-6, $"{where}: ∂/∂v");
            }
        }
        if (setting != "evaluation and no_grad") return;
        host.eval();
        tensor.eval();
        var (x, y) = (torch.randn([48, 16], generator: generator), torch.rand([48, 16], generator: generator).lt(0.3).to_type(ScalarType.Float32));
        AssertSame(Step(tensor, x, y, null, viaCompute: false).Gradient, Step(host, x, y, null, viaCompute: false).Gradient, 0.0, "evaluation mode: gradient");
        using (torch.no_grad())
            AssertSame(Values(tensor.call(x, y)), Values(host.call(x, y)), 0.0, "no_grad");
    }

    private static double[] Values(Tensor tensor) => tensor.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();

    /// <summary>Equal bit for bit (tolerance 0), or within <paramref name="tolerance"/> of the largest magnitude in <paramref name="expected"/>.</summary>
    private static void AssertSame(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1.0, expected.Length == 0 ? 0.0 : expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = tolerance == 0.0 ? expected[i].Equals(actual[i]) : Math.Abs(expected[i] - actual[i]) <= tolerance * scale;
            Assert.True(same, $"{what} differs at {i}: tensor path {expected[i]:R}, host {actual[i]:R} (tolerance {tolerance} of {scale:R})");
        }
    }

    private static bool HasDuals(Func<int, ObjectiveOptions, GlobalObjectiveLoss> create) => create(1, new ObjectiveOptions()).Lambdas is not null;

    private static bool UsesPriors(Func<int, ObjectiveOptions, GlobalObjectiveLoss> create)
        => create(1, new ObjectiveOptions()).state_dict().ContainsKey(LabelPriors.WeightSumName);

    private static (double[] Loss, double[] Gradient) Step(GlobalObjectiveLoss loss, Tensor logits, Tensor labels, Tensor? weights, bool viaCompute)
    {
        var x = logits.detach().clone().requires_grad_(true);
        var output = viaCompute ? loss.Compute(x, labels, weights).Loss.sum()
            : weights is null ? loss.call(x, labels) : loss.forward(x, labels, weights);
        output.backward();
        return ([output.to_type(ScalarType.Float64).item<double>()], x.grad!.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void The_host_min_and_max_are_aminmax(ScalarType dtype)
    {
        var generator = new torch.Generator(3);
        foreach (int size in new[] { 1, 3, 7, 8, 9, 16, 17, 100, 4096 })
            foreach (var special in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0 })
                for (int at = 0; at < size; at += Math.Max(1, size / 3))
                {
                    using var scope = torch.NewDisposeScope();
                    var values = torch.randn([size], dtype: dtype, generator: generator);
                    if (special != 0.0) values[at] = special;
                    var (min, max) = torch.aminmax(values);
                    var (hostMin, hostMax) = HostTensor.MinMax(values);
                    Assert.Equal(min.to_type(ScalarType.Float64).item<double>(), hostMin);
                    Assert.Equal(max.to_type(ScalarType.Float64).item<double>(), hostMax);
                }
    }
}
