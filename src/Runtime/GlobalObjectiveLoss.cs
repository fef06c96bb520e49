using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.MessageText;

namespace GlobalObjectives;

/// <summary>
/// Base of every generated global-objective loss. It validates and prepares the inputs (seed spec §3.1), owns
/// the module state (dual variables <c>lambdas</c>, anchored plans' <c>biases</c>, label-prior buffers
/// <c>weighted_label_counts</c> and <c>weight_sum</c>, an Fβ objective's <c>fscore_counts</c>, the monitor's buffers,
/// all registered explicitly), and hands a prepared
/// <see cref="ObjectiveBatch"/> to the generated Lagrangian in <see cref="ComputeObjective"/>.
/// </summary>
/// <remarks>
/// <para><c>forward(logits, labels)</c> returns the loss reduced by <see cref="ObjectiveOptions.Reduction"/>;
/// <see cref="Compute"/> returns the element-wise loss and the other outputs.</para>
/// <para>State tensors are always read through the module's registry, never cached in fields, so that
/// <c>to(device)</c>, <c>to(dtype)</c> and <c>load</c> are always seen.</para>
/// </remarks>
public abstract partial class GlobalObjectiveLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>State-dict name of the dual variables.</summary>
    public const string LambdasName = "lambdas";

    /// <summary>State-dict name of the PR-AUC biases.</summary>
    public const string BiasesName = "biases";

    private readonly ObjectiveState _state;
    private readonly TensorConstant? _givenLabelPriors;
    private readonly double[]? _targets;
    private readonly double[]?[] _targetOverrides; // per constraint slot: the overridden [L] targets, or null

    /// <summary>Creates the state a generated objective declares.</summary>
    /// <param name="name">The module name (the generated class name).</param>
    /// <param name="numLabels">L, the number of label columns, at least 1.</param>
    /// <param name="options">Run-time options; null for the defaults.</param>
    /// <param name="declaredSurrogate">The surrogate from the <c>[Surrogate]</c> attribute (Xent when absent).</param>
    /// <param name="state">The state the objective needs.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument or option is out of range; the message names it.</exception>
    /// <exception cref="ArgumentException">An option has the wrong shape or does not apply to this objective.</exception>
    /// <remarks>Every check runs before any state is registered: a failed construction changes nothing.</remarks>
    protected GlobalObjectiveLoss(string name, int numLabels, ObjectiveOptions? options, SurrogateType declaredSurrogate, ObjectiveState state)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Validate();
        if (numLabels < 1)
            throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, "numLabels must be at least 1.");
        options ??= new ObjectiveOptions();
        // A snapshot: later writes into the caller's array must not change a built loss.
        _targets = options.Targets is { } given ? (double[])given.Clone() : null;
        ValidateOptions(options, state);
        _targetOverrides = ResolveTargetOptions(options, _targets, numLabels, state);

        NumLabels = numLabels;
        Options = options;
        Surrogate = options.Surrogate ?? declaredSurrogate;
        _state = state;

        if (state.HasDuals)
        {
            // [L] for one constraint (the layout of earlier checkpoints, which load unchanged), [L, J] for J ≥ 2, [1, L, K] with anchors.
            int constraints = state.ConstraintCount;
            var shape = state.Anchors > 0 ? new long[] { 1, numLabels, state.Anchors }
                : constraints > 1 ? new long[] { numLabels, constraints } : new long[] { numLabels };
            if (options.DualUpdate == DualUpdate.GradientReversal)
                register_parameter(LambdasName, DualVariables.Create(shape, options.LambdasInitialValue, options.TrainableDuals));
            else
                register_buffer(LambdasName, ModuleState.Buffer(shape, options.LambdasInitialValue, ScalarType.Float32));
            if (state.HasBiases)
                register_parameter(BiasesName, ModuleState.Parameter(shape, 0.0, requiresGrad: true));
        }
        if (state.HasMonitor) RegisterDualState(numLabels, state.Anchors, options);
        if (state.FScoreBeta is not null)
            register_buffer(FScoreCountsName, ModuleState.Buffer([numLabels, 3], 0.0, ScalarType.Float64));

        if (state.UsesLabelPriors)
        {
            if (options.LabelPriors is null)
            {
                var (counts, sums) = GlobalObjectives.LabelPriors.CreateState(numLabels, 1.0, 1.0);
                register_buffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName, counts);
                register_buffer(GlobalObjectives.LabelPriors.WeightSumName, sums);
            }
            else
            {
                _givenLabelPriors = new TensorConstant(ReadPriors(options.LabelPriors, numLabels), numLabels);
            }
        }
    }

    /// <summary>L, the number of label columns.</summary>
    public int NumLabels { get; }

    /// <summary>The options this loss was built with.</summary>
    public ObjectiveOptions Options { get; }

    /// <summary>The surrogate in effect: the options' override, else the declared one.</summary>
    public SurrogateType Surrogate { get; }

    /// <summary>
    /// The <c>lambdas</c> state ([L] with one constraint, [L, J] with J ≥ 2 in declaration order, [1, L, K] with anchors),
    /// or null when the objective has none (ROC-AUC, an Fβ objective without constraints): with
    /// <see cref="DualUpdate.ProjectedAscent"/> the multipliers λ themselves, a buffer the loss updates; with
    /// <see cref="DualUpdate.GradientReversal"/> the raw parameter v (λ = |v|) that the optimizer trains.
    /// </summary>
    public Tensor? Lambdas => !_state.HasDuals ? null
        : Options.DualUpdate == DualUpdate.GradientReversal ? get_parameter(LambdasName) : get_buffer(LambdasName);

    /// <summary>The anchored plans' biases [1, L, K], or null for other objectives.</summary>
    public TorchSharp.Modules.Parameter? Biases => _state.HasBiases ? get_parameter(BiasesName) : null;

    /// <summary>The loss reduced by <see cref="ObjectiveOptions.Reduction"/> (mean by default).</summary>
    /// <param name="logits">[B] or [B, L] logits, floating point.</param>
    /// <param name="labels">Labels of the same shape, values in [0, 1] (float, integer or bool).</param>
    public override Tensor forward(Tensor logits, Tensor labels)
        => Reduce(Evaluate(logits, labels, null, includeOutputs: false).Loss);

    /// <summary>
    /// The loss of weighted examples reduced by <see cref="ObjectiveOptions.Reduction"/>: the element-wise loss of
    /// <see cref="Compute"/> (each element scaled by its weight) without the monitoring outputs, so it takes the same
    /// path as the unweighted <c>forward</c>. The training call for weighted data: <c>loss.forward(logits, labels, weights)</c>.
    /// TorchSharp's <c>call</c> takes two inputs, so forward hooks registered on the loss do not run for this overload.
    /// </summary>
    /// <param name="logits">[B] or [B, L] logits, floating point.</param>
    /// <param name="labels">Labels of the same shape, values in [0, 1] (float, integer or bool).</param>
    /// <param name="weights">Null (all 1), a scalar, [B], [B, 1], [1, L] or [B, L]; non-negative.</param>
    /// <exception cref="ArgumentException">The inputs' shapes or values are invalid; no state has changed.</exception>
    public Tensor forward(Tensor logits, Tensor labels, Tensor? weights)
        => Reduce(Evaluate(logits, labels, weights, includeOutputs: false).Loss);

    // The mean as the sum divided by the count: the same value and gradient as libtorch's mean bit for bit (its CPU mean
    // is that sum and division), but mean's backward divides the whole expanded [B, L] gradient by the count, a division
    // kernel over every element (about 9 % of a rate objective's training step at [4096, 16] under perf), where the
    // division's backward divides one number and the sum's backward only expands it.
    private Tensor Reduce(Tensor loss) => Options.Reduction switch
    {
        nn.Reduction.None => loss,
        nn.Reduction.Sum => loss.sum(),
        _ => loss.sum().div(loss.numel()),
    };

    /// <summary>The element-wise loss (shaped like <paramref name="logits"/>) and the other outputs.</summary>
    /// <param name="logits">[B] or [B, L] logits, floating point.</param>
    /// <param name="labels">Labels of the same shape, values in [0, 1] (float, integer or bool).</param>
    /// <param name="weights">Null (all 1), a scalar, [B], [B, 1], [1, L] or [B, L]; non-negative.</param>
    /// <exception cref="ArgumentException">The inputs' shapes or values are invalid; no state has changed.</exception>
    public ObjectiveOutput Compute(Tensor logits, Tensor labels, Tensor? weights = null)
        => Evaluate(logits, labels, weights, includeOutputs: true);

    /// <summary>The generated Lagrangian: the element-wise loss [B, L] and the other outputs for a prepared batch.</summary>
    protected abstract ObjectiveOutput ComputeObjective(ObjectiveBatch batch);

    /// <summary>
    /// λ in <paramref name="like"/>'s dtype for this batch's primal loss, shaped like <see cref="Lambdas"/> ([L], [L, J] or
    /// [1, L, K]). Projected ascent: a copy of the buffer, with no
    /// gradient (the update after the loss writes the buffer in place, which must not touch the autograd graph).
    /// Gradient reversal: λ = |v| with the gradient reversed and scaled when the duals are trainable.
    /// </summary>
    protected Tensor DualValue(Tensor like)
    {
        Tensor lambdas;
        if (Options.DualUpdate == DualUpdate.GradientReversal)
        {
            lambdas = DualVariables.Value(RequireParameter(LambdasName), Options.DualRateFactor ?? DefaultDualRateFactor, Options.TrainableDuals);
            return lambdas.dtype == like.dtype ? lambdas : lambdas.to_type(like.dtype);
        }
        lambdas = RequireBuffer(LambdasName);
        return lambdas.dtype == like.dtype ? lambdas.clone() : lambdas.to_type(like.dtype);
    }

    /// <summary>The biases [1, L, K] in <paramref name="like"/>'s dtype.</summary>
    protected Tensor BiasValue(Tensor like)
    {
        Tensor biases = RequireParameter(BiasesName);
        return biases.dtype == like.dtype ? biases : biases.to_type(like.dtype);
    }

    /// <summary>A constant [L] from per-label values (targets and functions of them).</summary>
    protected TensorConstant PerLabelConstant(Func<double, double> map, double[] perLabel)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(perLabel);
        var values = new double[perLabel.Length];
        for (int i = 0; i < values.Length; i++) values[i] = map(perLabel[i]);
        return new TensorConstant(values, values.Length);
    }

    /// <summary>
    /// A constant [L] of <paramref name="constant"/> + <paramref name="slope"/>·t for each per-label value t
    /// (<see cref="TargetFunction.At"/>; the targets themselves, −0 included, by default). The generated code's form: no
    /// lambda to bind in every consumer build.
    /// </summary>
    protected TensorConstant PerLabelConstant(double[] perLabel, double constant = 0.0, double slope = 1.0)
        => constant == 0.0 && slope == 1.0
            ? PerLabelConstant(static t => t, perLabel)
            : PerLabelConstant(new TargetFunction(constant, slope).At, perLabel);

    private ObjectiveOutput Evaluate(Tensor logits, Tensor labels, Tensor? weights, bool includeOutputs)
    {
        var (logits2d, labels2d, weights2d, originalShape) = Prepare(logits, labels, weights);
        // Checked before any state changes: λ moves only once every constraint is declared.
        bool stepDuals = training && _state.HasDuals && ConstraintsDeclared();
        // Training batches are summarized once (and reduced over workers by the hook) before any state changes. A CPU
        // loss reads the statistics to the host once and updates its state there (GlobalObjectiveLoss.HostState.cs).
        Tensor? statistics = null;
        double[]? hostStatistics = null;
        if (training && _state.HasMonitor)
            (statistics, hostStatistics) = GatherStatistics(logits2d, labels2d, weights2d, CanUpdateOnHost(logits2d));
        Tensor? priors = null;
        double[]? hostPriors = null;
        if (_state.UsesLabelPriors)
        {
            if (_givenLabelPriors is not null)
            {
                priors = _givenLabelPriors.For(logits2d);
            }
            else if (hostStatistics is not null)
            {
                hostPriors = AccumulatePriorsOnHost(hostStatistics);
            }
            else
            {
                var counts = RequireBuffer(GlobalObjectives.LabelPriors.WeightedLabelCountsName);
                var sums = RequireBuffer(GlobalObjectives.LabelPriors.WeightSumName);
                priors = statistics is null
                    ? GlobalObjectives.LabelPriors.Read(counts, sums, labels2d, weights2d, update: training, logits2d.dtype)
                    : GlobalObjectives.LabelPriors.Accumulate(counts, sums, statistics, logits2d);
            }
        }

        // The Fβ level moves before the Lagrangian is built, so the first batch already uses its own level.
        if (_state.FScoreBeta is not null)
        {
            if (hostStatistics is not null) UpdateFScoreLevelOnHost(hostStatistics);
            else if (statistics is not null) UpdateFScoreLevel(statistics);
        }

        var batch = new ObjectiveBatch(logits2d, labels2d, weights2d, priors, hostPriors, Surrogate, includeOutputs);
        var output = ComputeObjective(batch);
        if (hostStatistics is not null) UpdateTrainingStateOnHost(hostStatistics, stepDuals);
        else if (statistics is not null) UpdateTrainingState(statistics, stepDuals);
        return originalShape is null ? output : output with { Loss = output.Loss.reshape(originalShape) };
    }

    /// <summary>Checks shapes (and values when enabled) before any state changes, then applies the seed's shape rules.</summary>
    private (Tensor Logits, Tensor Labels, Tensor? Weights, long[]? OriginalShape) Prepare(Tensor logits, Tensor labels, Tensor? weights)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (!logits.is_floating_point())
            throw new ArgumentException(
                $"logits have dtype {logits.dtype} (shape {Shape(logits.shape)}); expected a floating-point tensor (Float32 or Float64). Cast integer scores with to_type first.",
                nameof(logits));
        var logitsShape = logits.shape;
        var labelsShape = labels.shape;
        if (!logitsShape.AsSpan().SequenceEqual(labelsShape))
            throw new ArgumentException(
                $"logits and labels must have the same shape ({Shape(logitsShape)} vs {Shape(labelsShape)}); a [B] and a [B, 1] tensor differ.",
                nameof(labels));
        if (logitsShape.Length is < 1 or > 2)
            throw new ArgumentException($"logits must be [B] or [B, L], got rank {logitsShape.Length} ({Shape(logitsShape)}).", nameof(logits));
        long batchSize = logitsShape[0];
        long numLabels = logitsShape.Length == 2 ? logitsShape[1] : 1;
        if (batchSize == 0)
            throw new ArgumentException(
                $"The batch is empty (logits {Shape(logitsShape)}); expected at least one example (B >= 1).", nameof(logits));
        if (numLabels != NumLabels)
            throw new ArgumentException(
                $"logits have {numLabels} label column(s) ({Shape(logitsShape)}) but this loss was built with numLabels = {NumLabels}; expected [B, {NumLabels}]{(NumLabels == 1 ? " or [B]" : "")}.",
                nameof(logits));

        long[]? originalShape = logitsShape.Length == 1 ? logitsShape : null;
        var logits2d = logitsShape.Length == 1 ? logits.reshape(-1, 1) : logits;
        var labels2d = labels.dtype == logits.dtype ? labels : labels.to_type(logits.dtype);
        if (logitsShape.Length == 1) labels2d = labels2d.reshape(-1, 1);

        Tensor? weights2d = null;
        if (weights is not null)
        {
            var weightsShape = weights.shape;
            bool fits = weightsShape.Length switch
            {
                0 => true,
                1 => weightsShape[0] == batchSize || weightsShape[0] == 1,
                2 => (weightsShape[0] == batchSize || weightsShape[0] == 1) && (weightsShape[1] == numLabels || weightsShape[1] == 1),
                _ => false,
            };
            if (!fits)
                throw new ArgumentException(
                    $"weights of shape {Shape(weightsShape)} do not broadcast to the batch {Shape([batchSize, numLabels])}; expected a scalar, [{batchSize}], [{batchSize}, 1], [1, {numLabels}] or [{batchSize}, {numLabels}].",
                    nameof(weights));
            weights2d = weights.dtype == logits.dtype ? weights : weights.to_type(logits.dtype);
            weights2d = weightsShape.Length switch
            {
                0 => weights2d.expand(batchSize, numLabels),
                1 => weights2d.reshape(-1, 1),
                _ => weights2d,
            };
        }

        if (Options.ValidateInputs) CheckValues(logits2d, labels2d, weights2d);
        return (logits2d, labels2d, weights2d, originalShape);
    }

    /// <summary>
    /// Value checks of <see cref="ObjectiveOptions.ValidateInputs"/>: one pass (min and max) per tensor and one device
    /// synchronization for all of them (contiguous CPU tensors: a managed pass, see <see cref="HostTensor.MinMax"/>); NaN propagates through min/max, so it is caught too. Only when a check fails are
    /// the details for the message (count of non-finite logits, label range, smallest weight) computed.
    /// </summary>
    private static void CheckValues(Tensor logits, Tensor labels, Tensor? weights)
    {
        double[] stats;
        if (HostTensor.IsHostable(logits, logits.dtype) && logits.dtype is ScalarType.Float32 or ScalarType.Float64
            && HostTensor.IsHostable(labels, logits.dtype) && (weights is null || HostTensor.IsHostable(weights, logits.dtype)))
        {
            // Contiguous CPU tensors: one managed SIMD pass per tensor, no native op and no copy (min and max are exact in
            // any order, and a NaN gives NaN as aminmax does).
            var (logitsMin, logitsMax) = HostTensor.MinMax(logits);
            var (labelsMin, labelsMax) = HostTensor.MinMax(labels);
            if (weights is null)
            {
                stats = [logitsMin, logitsMax, labelsMin, labelsMax];
            }
            else
            {
                var (weightsMin, weightsMax) = HostTensor.MinMax(weights);
                stats = [logitsMin, logitsMax, labelsMin, labelsMax, weightsMin, weightsMax];
            }
        }
        else
        {
            using var _ = torch.no_grad();
            var (logitsMin, logitsMax) = torch.aminmax(logits);
            var (labelsMin, labelsMax) = torch.aminmax(labels);
            Tensor[] parts;
            if (weights is null)
            {
                parts = [logitsMin, logitsMax, labelsMin, labelsMax];
            }
            else
            {
                var (weightsMin, weightsMax) = torch.aminmax(weights);
                parts = [logitsMin, logitsMax, labelsMin, labelsMax, weightsMin, weightsMax];
            }
            // One transfer to the host, hence one synchronization on an accelerator.
            stats = torch.stack(parts).to(ScalarType.Float64, torch.CPU).data<double>().ToArray();
        }
        if (!double.IsFinite(stats[0]) || !double.IsFinite(stats[1]))
        {
            long nonFinite;
            using (torch.no_grad()) nonFinite = logits.isfinite().logical_not().sum().item<long>();
            throw new ArgumentException(
                $"logits contain {nonFinite} NaN or infinite value(s); expected finite logits (a non-finite logit would corrupt the dual variables). " +
                "Set ObjectiveOptions.ValidateInputs = false to let them propagate instead.",
                "logits");
        }
        if (double.IsNaN(stats[2]) || double.IsNaN(stats[3]))
        {
            long nan;
            using (torch.no_grad()) nan = labels.isnan().sum().item<long>();
            throw new ArgumentException($"labels contain {nan} NaN value(s); expected values in [0, 1].", "labels");
        }
        if (stats[2] < 0 || stats[3] > 1)
            throw new ArgumentException(
                $"labels range over [{Number(stats[2])}, {Number(stats[3])}]; expected values in [0, 1] (soft labels allowed).", "labels");
        if (weights is not null)
        {
            if (!double.IsFinite(stats[4]) || !double.IsFinite(stats[5]))
            {
                long nonFinite;
                using (torch.no_grad()) nonFinite = weights.isfinite().logical_not().sum().item<long>();
                throw new ArgumentException($"weights contain {nonFinite} NaN or infinite value(s); expected finite, non-negative weights.", "weights");
            }
            if (stats[4] < 0)
                throw new ArgumentException($"weights contain a negative value (smallest {Number(stats[4])}); expected non-negative weights.", "weights");
        }
    }

    private static void ValidateOptions(ObjectiveOptions options, ObjectiveState state)
    {
        ValidateDualOptions(options, state);
        if (options.Surrogate is { } surrogate and not (SurrogateType.Xent or SurrogateType.Hinge))
            throw new ArgumentOutOfRangeException(nameof(options), surrogate, "ObjectiveOptions.Surrogate must be Xent or Hinge.");
        if (options.Reduction is not (nn.Reduction.None or nn.Reduction.Mean or nn.Reduction.Sum))
            throw new ArgumentOutOfRangeException(nameof(options), options.Reduction, "ObjectiveOptions.Reduction must be None, Mean or Sum.");
        if (options.LabelPriors is not null && !state.UsesLabelPriors)
            throw new ArgumentException("ObjectiveOptions.LabelPriors does not apply: this objective uses no label priors.", nameof(options));
    }

    private static double[] ReadPriors(Tensor priors, int numLabels)
    {
        var shape = priors.shape;
        bool fits = shape.Length == 1 && shape[0] == numLabels
            || numLabels == 1 && (shape.Length == 0 || shape.Length == 1 && shape[0] == 1);
        if (!fits)
            throw new ArgumentException(
                $"ObjectiveOptions.LabelPriors has shape {Shape(shape)}; expected [{numLabels}]{(numLabels == 1 ? ", [1] or a scalar" : "")}.", "options");
        double[] values;
        using (torch.no_grad())
            values = priors.to_type(ScalarType.Float64).cpu().reshape(-1).data<double>().ToArray();
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] > 0 && values[i] < 1))
                throw new ArgumentOutOfRangeException("options", values[i],
                    $"ObjectiveOptions.LabelPriors[{i}] = {Number(values[i])}; expected a prior strictly inside (0, 1).");
        if (values.Length != numLabels) Array.Resize(ref values, numLabels);
        return values;
    }

    private TorchSharp.Modules.Parameter RequireParameter(string name)
        => get_parameter(name) ?? throw new InvalidOperationException($"This objective has no '{name}' parameter.");

    private Tensor RequireBuffer(string name)
        => get_buffer(name) ?? throw new InvalidOperationException($"This objective has no '{name}' buffer.");
}
