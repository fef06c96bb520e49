using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// The element-wise Lagrangian of every rate, PR-AUC and partial ROC-AUC objective in one custom autograd node:
/// <c>w·S(y, x; c, d) + k</c>, with S the weighted surrogate of <see cref="Surrogates.Weighted(SurrogateType, Tensor, Tensor, Tensor?, Tensor?)"/>
/// (c weights the positive part, d the negative part) and k a constant per label (the multiplier terms λ·γ·π·m2 …).
/// </summary>
/// <remarks>
/// <para>Written as separate tensor ops (<see cref="Surrogates.Weighted(SurrogateType, Tensor, Tensor, Tensor?, Tensor?)"/>,
/// the weighting, the constant terms) this is about ten forward ops and as many backward nodes, each a pass over the
/// [B, L] (or [B, L, K]) tensor and a dispatch of about 1 µs. Here the forward runs without autograd in five native ops
/// for xent, with the weights folded into the coefficients D = w·d·(1 − y) and A = w·c·y:
/// D, A + D = D + w·c·y, log σ(x), k + D·x, then − (A + D)·log σ(x) in place. The backward is closed-form, four ops:</para>
/// <code>
/// xent:   w·S = D·x − (A + D)·log σ(x)                 ∂/∂x = (A + D)·σ(x) − A
/// hinge:  w·S = (A + D) + D·max(x, −1) − A·min(x, 1)   ∂/∂x = D·1[x &gt; −1] − A·1[x &lt; 1]
/// ∂/∂c = w·y·ℓ⁺(x)   ∂/∂d = w·(1 − y)·ℓ⁻(x)   ∂/∂k = 1   ∂/∂w = S   ∂/∂y = w·(c·ℓ⁺(x) − d·ℓ⁻(x))
/// </code>
/// <para>With d = 1 (accuracy, precision@recall, FPR@TPR) and only the logits and k requiring grad, the xent form is
/// libtorch's own weighted BCE with pos_weight c instead: one native node, which measured 0.82–1.01 of the custom node's
/// time (on the CPU only for accuracy: for c ≠ 1 the managed pass below is faster). (A TorchSharp custom node has a per-call cost of its own: the same formula as five plain autograd ops measured
/// 6–13 µs faster than the node at [512, 1], as fast at [4096, 16] and 15 % slower at [4096, 16, 20]; docs/benchmarks.md.)</para>
/// <para>Backward keeps x, y, and A + D and w·c (xent) or D and A (hinge), which the forward computes anyway: keeping
/// A + D measured faster than recomputing it (the recomputation is one more pass over [B, L, K]). σ(x) is computed in
/// the backward. The gradients of c, d, k, w and y are computed only when that input requires grad (gradient-reversal
/// mode, where c, d and k depend on a trainable λ; ℓ⁺ and ℓ⁻ are then recomputed from x) and are summed to the input's
/// own broadcast shape; otherwise backward returns null for them. Without autograd (no_grad, or no input requiring
/// grad) no node is built.</para>
/// <para>Shapes follow broadcasting, aligned on the last axis: logits [B, L] or [B, L, K]; labels like the logits, or
/// [B, L] for [B, L, K] logits (unsqueezed at axis 2); weights, c, d and k anything that broadcasts into the logits'
/// shape ([B, 1], [1, L], [L], [1, L, K], [B, L, 1], …). Inputs of another dtype are cast to the logits' dtype (the cast
/// stays on the autograd graph); every op is a device op, so any device works. c and d may have any sign.</para>
/// <para>On the CPU, float32 and float64 logits take <see cref="HostSurrogate"/> instead when only the logits need a
/// gradient (projected ascent, the default) and under no_grad: one managed SIMD pass writes the output and the logits'
/// gradient, the backward is one multiply. It gives the same values to rounding (without the D·x − (A + D)·log σ(x)
/// cancellation); accuracy's BCE path above keeps libtorch's ops. In gradient-reversal mode, where c, d or k carry λ's
/// gradient but the labels and weights do not, the same pass runs in a node that also returns c's, d's and k's gradients
/// (c and d per label or one value: one more managed pass in the backward for their sums); other layouts, and inputs
/// whose labels or weights need a gradient, keep libtorch's general node.</para>
/// </remarks>
public static class FusedSurrogate
{
    /// <summary>
    /// w·(c·y·ℓ⁺(x) + d·(1 − y)·ℓ⁻(x)) + k, element-wise, shaped like <paramref name="logits"/>.
    /// </summary>
    /// <param name="surrogate">ℓ: <see cref="SurrogateType.Xent"/> (ℓ⁺(x) = softplus(−x)) or <see cref="SurrogateType.Hinge"/> (ℓ⁺(x) = max(0, 1 − x)); ℓ⁻(x) = ℓ⁺(−x).</param>
    /// <param name="logits">x, [B, L] or [B, L, K], floating point; its dtype and device are the result's.</param>
    /// <param name="labels">y in [0, 1] (soft labels allowed), shaped like the logits or [B, L] for [B, L, K] logits.</param>
    /// <param name="weights">w, broadcastable to the logits; null means 1.</param>
    /// <param name="positiveWeights">c, broadcastable to the logits; null means 1.</param>
    /// <param name="negativeWeights">d, broadcastable to the logits; null means 1.</param>
    /// <param name="constant">k, broadcastable to the logits; null means 0.</param>
    /// <exception cref="ArgumentException">An input does not broadcast into the logits' shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="surrogate"/> is not a defined <see cref="SurrogateType"/>.</exception>
    public static Tensor Apply(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? weights = null,
        Tensor? positiveWeights = null, Tensor? negativeWeights = null, Tensor? constant = null)
        => ApplyCore(surrogate, logits, labels, weights, positiveWeights, negativeWeights, constant, hostPass: true);

    /// <summary><see cref="Apply(SurrogateType, Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?)"/>, choosing whether CPU logits may take the managed pass.</summary>
    /// <param name="surrogate">ℓ, as for the public overload.</param>
    /// <param name="logits">x, as for the public overload.</param>
    /// <param name="labels">y, as for the public overload.</param>
    /// <param name="weights">w, or null for 1.</param>
    /// <param name="positiveWeights">c, or null for 1.</param>
    /// <param name="negativeWeights">d, or null for 1.</param>
    /// <param name="constant">k, or null for 0.</param>
    /// <param name="hostPass">
    /// true: CPU float32 and float64 logits take <see cref="HostSurrogate"/> (the default); false: every op stays on
    /// libtorch, as on any other device (the tests' and benchmarks' reference for the managed pass).
    /// </param>
    internal static Tensor ApplyCore(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? weights,
        Tensor? positiveWeights, Tensor? negativeWeights, Tensor? constant, bool hostPass)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (surrogate is not (SurrogateType.Xent or SurrogateType.Hinge))
            throw new ArgumentOutOfRangeException(nameof(surrogate), surrogate, $"surrogate {surrogate} not supported; expected {nameof(SurrogateType.Xent)} or {nameof(SurrogateType.Hinge)}.");
        if (!logits.is_floating_point())
            throw new ArgumentException($"logits have dtype {logits.dtype}; expected a floating-point tensor.", nameof(logits));
        var shape = logits.shape;
        var y = Prepare(labels, logits, shape, nameof(labels));
        if (y.dim() == 2 && shape.Length == 3) y = y.unsqueeze(2);
        if (!Surrogates.BroadcastsInto(y.shape, shape))
            throw new ArgumentException(
                $"labels of shape {MessageText.Shape(labels.shape)} do not broadcast to the logits' shape {MessageText.Shape(shape)} " +
                "(expected the logits' shape, or [B, L] for [B, L, K] logits).", nameof(labels));
        var w = PrepareOptional(weights, logits, shape, nameof(weights));
        var c = PrepareOptional(positiveWeights, logits, shape, nameof(positiveWeights));
        var d = PrepareOptional(negativeWeights, logits, shape, nameof(negativeWeights));
        var k = PrepareOptional(constant, logits, shape, nameof(constant));

        // Without a gradient to build (no_grad, or nothing requires grad) the custom node would only add its own overhead.
        bool anyGrad = logits.requires_grad || y.requires_grad || (w?.requires_grad ?? false)
                       || (c?.requires_grad ?? false) || (d?.requires_grad ?? false) || (k?.requires_grad ?? false);
        if (!anyGrad || !torch.is_grad_enabled())
        {
            using (torch.no_grad())
                return (hostPass ? HostSurrogate.TryPlan(surrogate, logits, y, w, c, d, k) : null) is { } plan
                    ? plan.Run(withGradient: false).Output
                    : Forward(surrogate, logits, y, w, c, d, k).Output;
        }
        // Cross-entropy with d = 1 (accuracy; precision@recall, FPR@TPR: c = λ) is libtorch's weighted BCE with pos_weight
        // c, one native node with its closed-form backward, when only the logits (and k) need a gradient: BCE's weight and
        // pos_weight have no derivative. Measured against the custom node with interleaved pairs: 0.82–1.01 of its time
        // from [512, 1] to [4096, 16, 5]. c = 1 as BCE of (−x, 1 − y) with pos_weight d measured 1.11–1.37: the node.
        bool coefficientsConstant = !(y.requires_grad || (w?.requires_grad ?? false) || (c?.requires_grad ?? false) || (d?.requires_grad ?? false));
        // On the CPU the managed pass below measured faster than this for c ≠ 1 (precision@recall, FPR@TPR: 1.72–1.88 BCE
        // steps against 2.08–2.33 at [4096, 1] and [4096, 16], --bce paired runs), while for accuracy (c = d = 1) the two
        // were within noise of each other (1.32–1.53 against 1.38–1.42): there BCE stays.
        bool cpuPass = hostPass && logits.device_type == DeviceType.CPU && c is not null;
        if (surrogate == SurrogateType.Xent && coefficientsConstant && d is null && !cpuPass)
        {
            // w·(c·y·softplus(−x) + (1 − y)·softplus(x)), as libtorch computes it: w·((1 − y)·x − (1 + (c − 1)·y)·log σ(x)).
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, y.expand(shape), w, nn.Reduction.None, c);
            return k is null ? loss : loss.add_(k);
        }
        // On the CPU, labels and weights needing no gradient: one managed pass writes the output and the logits' gradient
        // (HostSurrogate). With only the logits needing a gradient the backward is one multiply by the saved gradient; in
        // gradient reversal (c, d or k carry λ's gradient) it adds one more pass for c's and d's sums, where c and d are
        // per label (or one value).
        if (hostPass && !(y.requires_grad || (w?.requires_grad ?? false))
            && HostSurrogate.TryPlan(surrogate, logits, y, w, c, d, k) is { } hostPlan)
        {
            if (coefficientsConstant && !(k?.requires_grad ?? false)) return HostFunction.apply(logits, hostPlan);
            if (hostPlan.SumsCoefficients) return CoefficientsFunction.apply(logits, hostPlan, c!, d!, k!);
        }
        // Only the logits need a gradient (projected ascent, the default): a node whose one graph input is x, with y, w, c,
        // d, k handed over as data and only what the logits' gradient reads saved. TorchSharp's custom node costs per
        // tensor argument (edges, input metadata, output wrapping) and per saved slot: with seven arguments and nine
        // slots it measured 20–27 µs more per [512, 1] step than this one (a scratch timing, one thread, thread CPU
        // time, medians). The values and the gradient are the same ops as the general node's.
        if (coefficientsConstant && !(k?.requires_grad ?? false))
            return LogitsFunction.apply(logits, new Inputs(surrogate, y, w, c, d, k));
        return Function.apply(surrogate, logits, y, w, c, d, k);
    }

    /// <summary>
    /// <see cref="Apply"/> for a prepared batch whose c, d and k were computed per label on the host
    /// (<see cref="GlobalObjectiveLoss.TryHostLagrangian"/>): the managed pass reads them from the arrays, so no [L] tensor
    /// is made. Where the pass declines (rows shorter than a vector), the arrays become tensors for <see cref="Apply"/>.
    /// </summary>
    /// <param name="surrogate">ℓ.</param>
    /// <param name="logits">x, [B, L], CPU float32 or float64.</param>
    /// <param name="labels">y, [B, L], in the logits' dtype, needing no gradient.</param>
    /// <param name="weights">w, broadcastable to [B, L] in the logits' dtype and needing no gradient, or null for 1.</param>
    /// <param name="positiveWeights">c, [L], or null for 1.</param>
    /// <param name="negativeWeights">d, [L], or null for 1.</param>
    /// <param name="constant">k, [L], or null for 0.</param>
    internal static Tensor ApplyHost<T>(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? weights,
        T[]? positiveWeights, T[]? negativeWeights, T[]? constant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = HostSurrogate.TryPlan(surrogate, logits, labels, weights, positiveWeights, negativeWeights, constant);
        if (plan is null)
            return Apply(surrogate, logits, labels, weights, HostArray(positiveWeights, logits), HostArray(negativeWeights, logits), HostArray(constant, logits));
        if (!logits.requires_grad || !torch.is_grad_enabled())
        {
            using (torch.no_grad())
                return plan.Run(withGradient: false).Output;
        }
        return HostFunction.apply(logits, plan);
    }

    /// <summary>
    /// <see cref="ApplyHost{T}"/> in gradient-reversal mode: c, d and k were computed on the host from the values of
    /// <paramref name="lambdas"/>, λ with the reversal on its autograd graph, and λ's gradient comes back through
    /// <paramref name="slopes"/>: ∂/∂λ_lj = Σ_b g·w·y·ℓ⁺(x)·∂c_l/∂λ_lj + Σ_b g·w·(1 − y)·ℓ⁻(x)·∂d_l/∂λ_lj + Σ_b g·∂k_l/∂λ_lj,
    /// the sums from one more managed pass in the backward. Null where the managed pass declines (the caller runs the
    /// tensor code, whose autograd carries λ's gradient).
    /// </summary>
    /// <param name="surrogate">ℓ.</param>
    /// <param name="logits">x, [B, L], CPU float32 or float64.</param>
    /// <param name="labels">y, [B, L], in the logits' dtype, needing no gradient.</param>
    /// <param name="weights">w, broadcastable to [B, L] in the logits' dtype and needing no gradient, or null for 1.</param>
    /// <param name="positiveWeights">c, [L], or null for 1.</param>
    /// <param name="negativeWeights">d, [L], or null for 1.</param>
    /// <param name="constant">k, [L], or null for 0.</param>
    /// <param name="lambdas">λ, [L] or [L, J] (J constraints), whose values c, d and k were computed from.</param>
    /// <param name="slopes">∂c/∂λ, ∂d/∂λ and ∂k/∂λ; null when λ's gradient is not needed.</param>
    internal static Tensor? ApplyHostReversed<T>(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? weights,
        T[]? positiveWeights, T[]? negativeWeights, T[]? constant, Tensor lambdas, LambdaSlopes? slopes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = HostSurrogate.TryPlan(surrogate, logits, labels, weights, positiveWeights, negativeWeights, constant);
        if (plan is null || !plan.SumsCoefficients) return null;
        bool lambdaGradient = slopes is not null && lambdas.requires_grad;
        if (!torch.is_grad_enabled() || !(logits.requires_grad || lambdaGradient))
        {
            using (torch.no_grad())
                return plan.Run(withGradient: false).Output;
        }
        if (!lambdaGradient) return HostFunction.apply(logits, plan);
        return LambdasFunction.apply(logits, lambdas, plan, slopes!);
    }

    /// <summary>
    /// ∂c_l/∂λ_lj, ∂d_l/∂λ_lj and ∂k_l/∂λ_lj, [L·J] row-major (null for a coefficient the objective does not use). The
    /// Lagrangian is affine in λ, so these do not depend on λ.
    /// </summary>
    internal sealed record LambdaSlopes(double[]? Positive, double[]? Negative, double[]? Constant, int PerLabel);

    /// <summary>
    /// The node of the host form in gradient-reversal mode. Arguments: x, λ, the plan and the slopes. Saves ∂(w·S)/∂x when x
    /// needs a gradient; backward returns g·∂(w·S)/∂x and, from <see cref="HostSurrogate.Plan.CoefficientSums"/>, λ's
    /// gradient in λ's shape and dtype.
    /// </summary>
    private sealed class LambdasFunction : torch.autograd.SingleTensorFunction<LambdasFunction>
    {
        private const string PlanKey = "plan";
        private const string SlopesKey = "slopes";
        private const string LambdasKey = "lambdas";

        public override string Name => "FusedSurrogateHostLambdas";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var lambdas = (Tensor)vars[1];
            var plan = (HostSurrogate.Plan)vars[2];
            var output = RunSavingLogitsGradient(ctx, plan, ((Tensor)vars[0]).requires_grad);
            ctx.save_data(PlanKey, plan);
            ctx.save_data(SlopesKey, vars[3]);
            ctx.save_data(LambdasKey, (lambdas.shape, lambdas.dtype));
            return output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var plan = (HostSurrogate.Plan)ctx.get_data(PlanKey);
            var slopes = (LambdaSlopes)ctx.get_data(SlopesKey);
            var (shape, dtype) = ((long[], ScalarType))ctx.get_data(LambdasKey);
            var gx = SavedLogitsGradient(ctx, grad_output);
            var sums = plan.CoefficientSums(grad_output, slopes.Positive is not null, slopes.Negative is not null, slopes.Constant is not null);
            var gradient = new double[(slopes.Positive ?? slopes.Negative ?? slopes.Constant)!.Length];
            AddProducts(gradient, sums.Positive, slopes.Positive, slopes.PerLabel);
            AddProducts(gradient, sums.Negative, slopes.Negative, slopes.PerLabel);
            AddProducts(gradient, sums.Constant, slopes.Constant, slopes.PerLabel);
            return [gx!, HostValuesTensor(gradient, shape, dtype, grad_output.device), null!, null!];
        }

        /// <summary>gradient[l·J + j] += sums[l]·slopes[l·J + j].</summary>
        private static void AddProducts(double[] gradient, double[]? sums, double[]? slopes, int perLabel)
        {
            if (sums is null || slopes is null) return;
            if (sums.Length * perLabel != gradient.Length)
                throw new InvalidOperationException($"{sums.Length} sums for {gradient.Length} multipliers at {perLabel} per label: the pass's rows are not the labels.");
            for (int i = 0; i < gradient.Length; i++) gradient[i] += sums[i / perLabel] * slopes[i];
        }
    }

    /// <summary>[L] host values as a tensor like <paramref name="logits"/> (whose dtype is <typeparamref name="T"/>'s), or null.</summary>
    private static Tensor? HostArray<T>(T[]? values, Tensor logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values is null) return null;
        var tensor = torch.empty(values.Length, logits.dtype, logits.device);
        values.CopyTo(HostTensor.Write<T>(tensor));
        return tensor;
    }

    /// <summary>
    /// PR-AUC's and partial ROC-AUC's Lagrangian at their K anchors, averaged over them: the mean over the last axis of
    /// <c>Apply(surrogate, logits + biases, labels, weights, positiveWeights, negativeWeights, constant)</c>, [B, L].
    /// </summary>
    /// <remarks>
    /// On the CPU (float32, float64), when the labels and the weights need no gradient, one managed pass
    /// (<see cref="HostAnchors"/>) computes the mean and the sums its backward needs, without the [B, L, K] tensors; in
    /// gradient-reversal mode, where c, d and k carry λ's gradient, the backward adds one more pass for theirs. Elsewhere
    /// it is the formula above on <see cref="Apply"/>. The two agree to rounding.
    /// </remarks>
    /// <param name="surrogate">ℓ, as for <see cref="Apply"/>.</param>
    /// <param name="logits">x, [B, L, 1].</param>
    /// <param name="biases">b, the anchors' logit offsets, [1, L, K] (or anything that broadcasts with x to [B, L, K]).</param>
    /// <param name="labels">y, [B, L, 1] or [B, L].</param>
    /// <param name="weights">w, broadcastable to [B, L, K]; null means 1.</param>
    /// <param name="positiveWeights">c, broadcastable to [B, L, K]; null means 1.</param>
    /// <param name="negativeWeights">d, broadcastable to [B, L, K]; null means 1.</param>
    /// <param name="constant">k, broadcastable to [B, L, K]; null means 0.</param>
    /// <exception cref="ArgumentException">An input does not broadcast into x + b's shape.</exception>
    public static Tensor ApplyAtAnchors(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights = null,
        Tensor? positiveWeights = null, Tensor? negativeWeights = null, Tensor? constant = null)
        => ApplyAtAnchorsCore(surrogate, logits, biases, labels, weights, positiveWeights, negativeWeights, constant, hostPass: true);

    /// <summary><see cref="ApplyAtAnchors"/>, choosing whether CPU logits may take the managed pass (false: the tensor path, the tests' reference).</summary>
    /// <param name="surrogate">ℓ.</param>
    /// <param name="logits">x, [B, L, 1].</param>
    /// <param name="biases">b.</param>
    /// <param name="labels">y.</param>
    /// <param name="weights">w, or null for 1.</param>
    /// <param name="positiveWeights">c, or null for 1.</param>
    /// <param name="negativeWeights">d, or null for 1.</param>
    /// <param name="constant">k, or null for 0.</param>
    /// <param name="hostPass">Whether CPU float32 and float64 logits may take <see cref="HostAnchors"/>.</param>
    internal static Tensor ApplyAtAnchorsCore(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights,
        Tensor? positiveWeights, Tensor? negativeWeights, Tensor? constant, bool hostPass)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(labels);
        // c, d and k may carry a gradient (gradient reversal: they are functions of a trainable λ); labels and weights not.
        if (hostPass && surrogate is SurrogateType.Xent or SurrogateType.Hinge
            && !(labels.requires_grad || (weights?.requires_grad ?? false))
            && HostAnchors.TryPlan(surrogate, logits, biases, labels, weights, positiveWeights, negativeWeights, constant) is { } plan)
            return RunAnchors(plan, logits, biases, positiveWeights, negativeWeights, constant);
        return ApplyCore(surrogate, logits + biases, labels, weights, positiveWeights, negativeWeights, constant, hostPass).mean([-1L]);
    }

    /// <summary>
    /// <see cref="ApplyAtAnchors"/> for a prepared batch whose c, d and k were computed per label and anchor on the host
    /// (<see cref="GlobalObjectiveLoss.TryHostLagrangian"/>): the managed pass reads them from the arrays, so no [1, L, K]
    /// tensor is made for them. Where the pass declines, the arrays become tensors for <see cref="ApplyAtAnchors"/>.
    /// </summary>
    /// <param name="surrogate">ℓ.</param>
    /// <param name="logits">x, [B, L], CPU float32 or float64.</param>
    /// <param name="biases">b, [1, L, K], in the logits' dtype.</param>
    /// <param name="labels">y, [B, L], in the logits' dtype, needing no gradient.</param>
    /// <param name="weights">w, [B, L] or [B, 1] in the logits' dtype and needing no gradient, or null for 1.</param>
    /// <param name="positiveWeights">c, [L·K] row-major, or null for 1.</param>
    /// <param name="negativeWeights">d, [L·K], or null for 1.</param>
    /// <param name="constant">k, [L·K], or null for 0.</param>
    internal static Tensor ApplyAtAnchorsHost<T>(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights,
        T[]? positiveWeights, T[]? negativeWeights, T[]? constant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // As the generated tensor code shapes them: x and y [B, L, 1], w [B, L, 1] or [B, 1, 1].
        var x = logits.unsqueeze(2);
        var y = labels.unsqueeze(2);
        var w = weights?.unsqueeze(2);
        if (HostAnchors.TryPlan(surrogate, x, biases, y, w, positiveWeights, negativeWeights, constant) is { } plan)
            return RunAnchors(plan, x, biases);
        long numLabels = logits.size(1);
        Tensor? Rows(T[]? values) => HostArray(values, logits)?.reshape(1, numLabels, values!.Length / numLabels);
        return ApplyAtAnchors(surrogate, x, biases, y, w, Rows(positiveWeights), Rows(negativeWeights), Rows(constant));
    }

    /// <summary>
    /// The anchors' managed pass: its node when x, b or (gradient reversal) c, d or k needs a gradient, the bare forward
    /// otherwise. c, d and k become graph inputs of the node only when one of them needs a gradient.
    /// </summary>
    private static Tensor RunAnchors(HostAnchors.Plan plan, Tensor logits, Tensor biases, Tensor? c = null, Tensor? d = null, Tensor? k = null)
    {
        bool coefficients = (c?.requires_grad ?? false) || (d?.requires_grad ?? false) || (k?.requires_grad ?? false);
        if (!torch.is_grad_enabled() || !(logits.requires_grad || biases.requires_grad || coefficients))
        {
            using (torch.no_grad()) return plan.Forward(withGradient: false);
        }
        return coefficients ? AnchorsFunction.apply(logits, biases, plan, c!, d!, k!) : AnchorsFunction.apply(logits, biases, plan);
    }

    /// <summary>
    /// The node of <see cref="HostAnchors"/>' pass. Arguments: x [B, L, 1], b and the plan, then, in gradient-reversal
    /// mode, c, d and k (each a tensor or null); backward returns the gradients of x and b (each in its own shape), null
    /// for the plan, and those of c, d and k that need one, summed to their own shapes: with z = x + b_k and the mean over
    /// K anchors, ∂/∂c_lk = Σ_b g·w·y·ℓ⁺(z)/K, ∂/∂d_lk = Σ_b g·w·(1 − y)·ℓ⁻(z)/K and ∂/∂k_lk = Σ_b g/K
    /// (<see cref="HostAnchors.Plan.CoefficientColumns"/>: one more pass, in the backward, only for c and d). The plan
    /// is the only saved state: it keeps the per-element and per-anchor sums, and references the logits, labels and
    /// weights it reads again. Nothing goes through <c>save_for_backward</c>, which would only add libtorch
    /// saved-variable slots that the backward never reads.
    /// </summary>
    private sealed class AnchorsFunction : torch.autograd.SingleTensorFunction<AnchorsFunction>
    {
        private const string PlanKey = "plan";
        private const string BiasesShapeKey = "biasesShape";
        private const string CoefficientShapesKey = "coefficientShapes";

        public override string Name => "FusedSurrogateAnchors";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var biases = (Tensor)vars[1];
            var plan = (HostAnchors.Plan)vars[2];
            var output = plan.Forward(withGradient: true);
            ctx.save_data(PlanKey, plan);
            ctx.save_data(BiasesShapeKey, biases.shape);
            // c, d, k (gradient reversal): the shape of each one that needs a gradient, null for the others; none otherwise.
            ctx.save_data(CoefficientShapesKey, vars.Length > 3 ? CoefficientShapes(vars, 3) : Array.Empty<long[]?>());
            return output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var plan = (HostAnchors.Plan)ctx.get_data(PlanKey);
            var upstream = plan.Upstream(grad_output);                 // one contiguous copy for both passes, if any
            var (gx, gb) = plan.Backward(upstream);
            List<Tensor> gradients = [gx, gb.reshape((long[])ctx.get_data(BiasesShapeKey)), null!];
            var shapes = (long[]?[])ctx.get_data(CoefficientShapesKey);
            if (shapes.Length == 0) return gradients;
            var anchors = plan.Shape.Anchors;
            double inverseAnchors = 1.0 / anchors;
            var (positive, negative) = plan.CoefficientColumns(upstream, shapes[0] is not null, shapes[1] is not null);
            gradients.Add(positive is null ? null! : SumToSize(plan.ColumnsTensor(positive, null, inverseAnchors), shapes[0]!));
            gradients.Add(negative is null ? null! : SumToSize(plan.ColumnsTensor(negative, null, inverseAnchors), shapes[1]!));
            gradients.Add(shapes[2] is not { } constantShape
                ? null!
                : SumToSize(upstream.sum([0L]).div(anchors).reshape(1, plan.Shape.Labels, 1).expand(1, plan.Shape.Labels, anchors), constantShape));
            return gradients;
        }
    }

    /// <summary>
    /// The forward values: the output w·S + k and the coefficients with the weights folded in, D = w·d·(1 − y),
    /// A = w·c·y (hinge only), A + D, and w·c (null where c or w is, for 1).
    /// </summary>
    private readonly record struct Values(Tensor Output, Tensor Negative, Tensor? Positive, Tensor Sum, Tensor? WeightedC);

    /// <summary>w·S + k without autograd, in five native ops for xent (D, A + D, log σ(x), k + D·x, − (A + D)·log σ(x)).</summary>
    private static Values Forward(SurrogateType surrogate, Tensor x, Tensor y, Tensor? w, Tensor? c, Tensor? d, Tensor? k)
    {
        var wd = Product(w, d);
        var negative = wd is null ? torch.sub(ScalarTensor.Of(1.0, y), y) : torch.addcmul(wd, y, wd, value: -1.0);           // D = w·d·(1 − y)
        var wc = Product(w, c);
        var sum = wc is null ? negative + y : torch.addcmul(negative, y, wc, value: 1.0);      // A + D = D + w·c·y
        if (surrogate == SurrogateType.Xent)
        {
            // S = D·x − (A + D)·log σ(x) = A·softplus(−x) + D·softplus(x), log σ being libtorch's stable log-sigmoid.
            var output = k is null ? negative * x : torch.addcmul(k, negative, x, value: 1.0);  // k + D·x
            output.addcmul_(sum, nn.functional.logsigmoid(x), value: -1.0);
            return new Values(output, negative, null, sum, wc);
        }
        // S = A·(1 − min(x, 1)) + D·(1 + max(x, −1)) = (A + D) + D·max(x, −1) − A·min(x, 1).
        var positive = wc is null ? y : y * wc;                                                // A = w·c·y
        var hinge = torch.addcmul(k is null ? sum : sum + k, negative, x.clamp_min(-1.0), value: 1.0);
        hinge.addcmul_(positive, x.clamp_max(1.0), value: -1.0);
        return new Values(hinge, negative, positive, sum, wc);
    }

    /// <summary>a·b, or the one that is not null, or null when both are (each null meaning 1).</summary>
    private static Tensor? Product(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a * b;

    /// <summary>
    /// ∂(w·S)/∂x for upstream <paramref name="grad"/>: xent (A + D)·σ(x) − A with A = w·c·y; hinge D·1[x &gt; −1] − A·1[x &lt; 1].
    /// </summary>
    private static Tensor LogitsGradient(SurrogateType surrogate, Tensor grad, Tensor x, Tensor y, Tensor? negative, Tensor? positive, Tensor? sum, Tensor? weightedC)
    {
        Tensor result;
        if (surrogate == SurrogateType.Xent)
        {
            result = x.sigmoid().mul_(sum!);
            if (weightedC is null) result.sub_(y);
            else result.addcmul_(y, weightedC, value: -1.0);
        }
        else
        {
            result = negative! * x.gt(-1.0);
            result.sub_(positive! * x.lt(1.0));
        }
        return result.mul_(grad);
    }

    /// <summary>ℓ⁺(x) and ℓ⁻(x) for the gradients of c, d, w and y: softplus(∓x), or max(0, 1 ∓ x).</summary>
    private static (Tensor Positive, Tensor Negative) Losses(SurrogateType surrogate, Tensor x)
    {
        if (surrogate == SurrogateType.Xent)
        {
            var logSigmoid = nn.functional.logsigmoid(x);
            return (logSigmoid.neg(), x - logSigmoid);
        }
        return (x.neg().add_(1.0).relu_(), (x + 1.0).relu_());
    }

    /// <summary>Sums <paramref name="gradient"/> (broadcast to the logits' shape) down to <paramref name="shape"/>, the input's own.</summary>
    internal static Tensor SumToSize(Tensor gradient, long[] shape)
    {
        var from = gradient.shape;
        if (from.AsSpan().SequenceEqual(shape)) return gradient;
        int lead = from.Length - shape.Length;
        var dims = new List<long>();
        for (int i = 0; i < from.Length; i++)
            if (i < lead || (shape[i - lead] == 1 && from[i] != 1)) dims.Add(i);
        var summed = dims.Count == 0 ? gradient : gradient.sum(dims.ToArray(), keepdim: true);
        return lead == 0 ? summed : summed.reshape(shape);
    }

    private static Tensor Prepare(Tensor tensor, Tensor logits, long[] shape, string name)
    {
        var result = tensor.dtype == logits.dtype ? tensor : tensor.to_type(logits.dtype);
        if (result.device_type != logits.device_type || result.device_index != logits.device_index) result = result.to(logits.device);
        if (result.dim() > shape.Length)
            throw new ArgumentException($"{name} of shape {MessageText.Shape(tensor.shape)} has more axes than the logits {MessageText.Shape(shape)}.", name);
        return result;
    }

    private static Tensor? PrepareOptional(Tensor? tensor, Tensor logits, long[] shape, string name)
    {
        if (tensor is null) return null;
        var result = Prepare(tensor, logits, shape, name);
        if (!Surrogates.BroadcastsInto(result.shape, shape))
            throw new ArgumentException(
                $"{name} of shape {MessageText.Shape(tensor.shape)} do not broadcast to the logits' shape {MessageText.Shape(shape)} (aligned on the last axis).", name);
        return result;
    }

    /// <summary>
    /// The autograd node. Arguments: surrogate, x, y, w, c, d, k (null tensors are not graph inputs); backward returns one
    /// entry per argument, null for the surrogate, null tensors and inputs that need no gradient.
    /// </summary>
    /// <summary>The inputs other than the logits, for <see cref="LogitsFunction"/>: data, not graph inputs.</summary>
    private sealed record Inputs(SurrogateType Surrogate, Tensor Labels, Tensor? Weights, Tensor? Positive, Tensor? Negative, Tensor? Constant);

    /// <summary>
    /// The node when only the logits need a gradient. Arguments: x and an <see cref="Inputs"/>; backward returns the
    /// logits' gradient (as <see cref="Function"/> computes it) and null for the data.
    /// </summary>
    private sealed class LogitsFunction : torch.autograd.SingleTensorFunction<LogitsFunction>
    {
        private const string SurrogateKey = "surrogate";

        public override string Name => "FusedSurrogateLogits";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            var inputs = (Inputs)vars[1];
            var values = Forward(inputs.Surrogate, x, inputs.Labels, inputs.Weights, inputs.Positive, inputs.Negative, inputs.Constant);
            ctx.save_data(SurrogateKey, inputs.Surrogate);
            // xent: x, y, A + D, w·c; hinge: x, y, D, A.
            ctx.save_for_backward(inputs.Surrogate == SurrogateType.Xent
                ? [x, inputs.Labels, values.Sum, values.WeightedC!]
                : [x, inputs.Labels, values.Negative, values.Positive!]);
            return values.Output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var surrogate = (SurrogateType)ctx.get_data(SurrogateKey);
            var saved = ctx.get_saved_variables();
            var gx = surrogate == SurrogateType.Xent
                ? LogitsGradient(surrogate, grad_output, saved[0], saved[1], null, null, saved[2], saved[3])
                : LogitsGradient(surrogate, grad_output, saved[0], saved[1], saved[2], saved[3], null, null);
            return [gx, null!];
        }
    }

    /// <summary>
    /// The node of <see cref="HostSurrogate"/>'s pass. Arguments: x and its <see cref="HostSurrogate.Plan"/>; saves only ∂(w·S)/∂x,
    /// which the forward computed in the same pass; backward multiplies it by the upstream gradient.
    /// </summary>
    private sealed class HostFunction : torch.autograd.SingleTensorFunction<HostFunction>
    {
        public override string Name => "FusedSurrogateHost";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
            => RunSavingLogitsGradient(ctx, (HostSurrogate.Plan)vars[1], logitsGradient: true);

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
            => [SavedLogitsGradient(ctx, grad_output)!, null!];
    }

    /// <summary>Runs the pass in a node's forward, saving ∂(w·S)/∂x when <paramref name="logitsGradient"/> (the logits need one).</summary>
    private static Tensor RunSavingLogitsGradient(torch.autograd.AutogradContext ctx, HostSurrogate.Plan plan, bool logitsGradient)
    {
        var (output, gradient) = plan.Run(withGradient: logitsGradient);
        if (gradient is not null) ctx.save_for_backward([gradient]);
        return output;
    }

    /// <summary>The logits' gradient in the node's backward: the upstream times the saved ∂(w·S)/∂x, or null where none was saved.</summary>
    private static Tensor? SavedLogitsGradient(torch.autograd.AutogradContext ctx, Tensor upstream)
    {
        var saved = ctx.get_saved_variables();
        return saved.Count > 0 ? upstream * saved[0] : null;
    }

    /// <summary>The shapes of c, d and k (node arguments <paramref name="first"/> to <paramref name="first"/> + 2) where they need a gradient, null for the others.</summary>
    private static long[]?[] CoefficientShapes(object[] vars, int first)
    {
        var shapes = new long[]?[3];
        for (int i = 0; i < shapes.Length; i++)
            shapes[i] = vars[first + i] is Tensor { requires_grad: true } coefficient ? coefficient.shape : null;
        return shapes;
    }

    /// <summary>
    /// The node of <see cref="HostSurrogate"/>'s pass in gradient-reversal mode. Arguments: x, its plan, then c, d and k
    /// (each a tensor or null). Saves ∂(w·S)/∂x when x needs a gradient; backward returns g·∂(w·S)/∂x, null for the plan,
    /// and for c and d needing one Σ g·w·y·ℓ⁺(x) and Σ g·w·(1 − y)·ℓ⁻(x) over the elements reading each value
    /// (<see cref="HostSurrogate.Plan.CoefficientSums"/>: one more managed pass), for k the upstream summed to its shape.
    /// c, d and k are not saved: their gradients do not depend on them.
    /// </summary>
    private sealed class CoefficientsFunction : torch.autograd.SingleTensorFunction<CoefficientsFunction>
    {
        private const string PlanKey = "plan";
        private const string ShapesKey = "shapes";

        public override string Name => "FusedSurrogateCoefficients";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var plan = (HostSurrogate.Plan)vars[1];
            var output = RunSavingLogitsGradient(ctx, plan, ((Tensor)vars[0]).requires_grad);
            ctx.save_data(PlanKey, plan);
            ctx.save_data(ShapesKey, CoefficientShapes(vars, 2));
            return output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var plan = (HostSurrogate.Plan)ctx.get_data(PlanKey);
            var shapes = (long[]?[])ctx.get_data(ShapesKey);
            var gx = SavedLogitsGradient(ctx, grad_output);
            var sums = plan.CoefficientSums(grad_output, shapes[0] is not null, shapes[1] is not null);
            return
            [
                gx!, null!,
                sums.Positive is null ? null! : HostValuesTensor(sums.Positive, shapes[0]!, grad_output.dtype, grad_output.device),
                sums.Negative is null ? null! : HostValuesTensor(sums.Negative, shapes[1]!, grad_output.dtype, grad_output.device),
                shapes[2] is not { } constantShape ? null! : SumToSize(grad_output, constantShape),
            ];
        }
    }

    /// <summary>float64 host values, laid out like a contiguous tensor of <paramref name="shape"/>, as that tensor in <paramref name="dtype"/>.</summary>
    private static Tensor HostValuesTensor(double[] values, long[] shape, ScalarType dtype, Device device)
    {
        var result = torch.tensor(values, torch.float64, device);
        return (dtype == torch.float64 ? result : result.to_type(dtype)).reshape(shape);
    }

    private sealed class Function : torch.autograd.SingleTensorFunction<Function>
    {
        private const string SurrogateKey = "surrogate";
        private const string NeedsKey = "needs";
        private const string ConstantShapeKey = "constantShape";

        public override string Name => "FusedSurrogate";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var surrogate = (SurrogateType)vars[0];
            var x = (Tensor)vars[1];
            var y = (Tensor)vars[2];
            var w = vars[3] as Tensor;
            var c = vars[4] as Tensor;
            var d = vars[5] as Tensor;
            var k = vars[6] as Tensor;
            // Which inputs want a gradient (x, y, w, c, d, k); with only x (the usual case) backward needs D, A or A + D and w·c.
            var needs = new[]
            {
                x.requires_grad, y.requires_grad, w?.requires_grad ?? false,
                c?.requires_grad ?? false, d?.requires_grad ?? false, k?.requires_grad ?? false,
            };
            bool others = needs[1] || needs[2] || needs[3] || needs[4];
            var values = Forward(surrogate, x, y, w, c, d, k);
            ctx.save_data(SurrogateKey, surrogate);
            ctx.save_data(NeedsKey, needs);
            if (k is not null) ctx.save_data(ConstantShapeKey, k.shape);
            bool xent = surrogate == SurrogateType.Xent;
            // Null entries cost nothing; only what backward reads is kept.
            ctx.save_for_backward(
            [
                x, y,
                others ? w! : null!, others ? c! : null!, others ? d! : null!,
                needs[0] && !xent ? values.Negative : null!, needs[0] && !xent ? values.Positive! : null!,
                needs[0] && xent ? values.Sum : null!, needs[0] && xent ? values.WeightedC! : null!,
            ]);
            return values.Output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var surrogate = (SurrogateType)ctx.get_data(SurrogateKey);
            var needs = (bool[])ctx.get_data(NeedsKey);
            var saved = ctx.get_saved_variables();
            Tensor x = saved[0], y = saved[1];
            Tensor? w = saved[2], c = saved[3], d = saved[4];
            Tensor? gx = null, gy = null, gw = null, gc = null, gd = null, gk = null;
            if (needs[0]) gx = LogitsGradient(surrogate, grad_output, x, y, saved[5], saved[6], saved[7], saved[8]);  // the logits' shape already
            if (needs[5]) gk = SumToSize(grad_output, (long[])ctx.get_data(ConstantShapeKey));                     // ∂/∂k = 1
            if (needs[1] || needs[2] || needs[3] || needs[4])
            {
                var (positiveLoss, negativeLoss) = Losses(surrogate, x);
                var upstream = w is null ? grad_output : grad_output * w;                                          // g·w
                if (needs[3]) gc = SumToSize(upstream * y * positiveLoss, c!.shape);                                // g·w·y·ℓ⁺
                if (needs[4]) gd = SumToSize(torch.addcmul(negativeLoss, y, negativeLoss, value: -1.0).mul_(upstream), d!.shape); // g·w·(1 − y)·ℓ⁻
                var positive = c is null ? positiveLoss : positiveLoss * c;                                         // c·ℓ⁺
                var negative = d is null ? negativeLoss : negativeLoss * d;                                         // d·ℓ⁻
                if (needs[1]) gy = SumToSize((positive - negative).mul_(upstream), y.shape);                       // g·w·(c·ℓ⁺ − d·ℓ⁻)
                if (needs[2]) gw = SumToSize(torch.addcmul(negative, y, positive - negative, value: 1.0).mul_(grad_output), w!.shape); // g·S
            }
            return [null!, gx!, gy!, gw!, gc!, gd!, gk!];
        }
    }
}
