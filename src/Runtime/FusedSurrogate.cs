using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// The element-wise Lagrangian of every rate, PR-AUC and partial ROC-AUC objective in one autograd node:
/// <c>w·S(y, x; c, d) + k</c>, with S the weighted surrogate of <see cref="Surrogates.Weighted(SurrogateType, Tensor, Tensor, Tensor?, Tensor?)"/>
/// (c weights the positive part, d the negative part) and k a constant per label (the multiplier terms λ·γ·π·m2 …).
/// </summary>
/// <remarks>
/// <para>Written as separate tensor ops this is about ten forward ops and as many backward nodes, each a pass over the
/// [B, L] (or [B, L, K]) tensor and a dispatch of about 1 µs. Here the forward runs without autograd in as few native
/// ops as the formula allows, and the backward is closed-form, with A = c·y and D = d·(1 − y):</para>
/// <code>
/// xent:   ∂/∂x = w·((A + D)·σ(x) − A)            S = D·x − (A + D)·log σ(x)
/// hinge:  ∂/∂x = w·(D·1[x &gt; −1] − A·1[x &lt; 1])   S = A·max(0, 1 − x) + D·max(0, 1 + x)
/// ∂/∂c = w·y·ℓ⁺(x)   ∂/∂d = w·(1 − y)·ℓ⁻(x)   ∂/∂k = 1   ∂/∂w = S   ∂/∂y = w·(c·ℓ⁺(x) − d·ℓ⁻(x))
/// </code>
/// <para>The gradients of c, d, k, w and y are computed only when that input requires grad (gradient-reversal mode, where
/// c, d and k depend on a trainable λ) and are summed to the input's own broadcast shape. Backward keeps the inputs and,
/// for xent, A + D ([B, L] or [B, L, K], which the forward computes anyway); σ(x) and the rest are recomputed.</para>
/// <para>Shapes follow broadcasting, aligned on the last axis: logits [B, L] or [B, L, K]; labels like the logits, or
/// [B, L] for [B, L, K] logits (unsqueezed at axis 2); weights, c, d and k anything that broadcasts into the logits'
/// shape ([B, 1], [1, L], [L], [1, L, K], [B, L, 1], …). Inputs of another dtype are cast to the logits' dtype (the cast
/// stays on the autograd graph); every op is a device op, so any device works.</para>
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
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (surrogate is not (SurrogateType.Xent or SurrogateType.Hinge))
            throw new ArgumentOutOfRangeException(nameof(surrogate), surrogate, $"surrogate {surrogate} not supported; expected {nameof(SurrogateType.Xent)} or {nameof(SurrogateType.Hinge)}.");
        if (!logits.is_floating_point())
            throw new ArgumentException($"logits have dtype {logits.dtype}; expected a floating-point tensor.", nameof(logits));
        var shape = logits.shape;
        var y = Prepare(labels, logits, shape, nameof(labels));
        if (y.dim() == 2 && shape.Length == 3)
        {
            y = y.unsqueeze(2);
        }
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
                return Forward(surrogate, logits, y, w, c, d, k, keepLosses: false, keepSurrogate: false).Output;
        }
        return Function.apply(surrogate, logits, y, w, c, d, k);
    }

    /// <summary>The forward values: the output, ℓ⁺ and ℓ⁻ and S when asked for, and for xent A + D.</summary>
    private readonly record struct Values(Tensor Output, Tensor? PositiveLoss, Tensor? NegativeLoss, Tensor? Sum, Tensor? Surrogate);

    /// <summary>
    /// w·S + k without autograd. <paramref name="keepLosses"/>: also return ℓ⁺ and ℓ⁻ (the gradients of c, d and y need
    /// them); <paramref name="keepSurrogate"/>: also S before weighting (the gradient of w).
    /// </summary>
    private static Values Forward(SurrogateType surrogate, Tensor x, Tensor y, Tensor? w, Tensor? c, Tensor? d, Tensor? k, bool keepLosses, bool keepSurrogate)
    {
        Tensor output;
        Tensor? positiveLoss = null, negativeLoss = null, sum = null;
        if (surrogate == SurrogateType.Xent)
        {
            // S = D·x − (A + D)·log σ(x): (A + D)·softplus(−x) + D·(x) with D·x = d·(x − y·x), the stable form of the
            // seed (spec §2.2); log σ is libtorch's stable log-sigmoid.
            sum = CoefficientSum(y, c, d);                              // A + D = d + (c − d)·y, or null for 1
            var logSigmoid = nn.functional.logsigmoid(x);               // −ℓ⁺(x), [logits]
            if (keepLosses)
            {
                positiveLoss = logSigmoid.neg();                        // ℓ⁺ = −log σ(x)
                negativeLoss = x - logSigmoid;                          // ℓ⁻ = x − log σ(x)
            }
            var negativePart = torch.addcmul(x, y, x, value: -1.0);     // x − y·x = (1 − y)·x
            if (d is not null) negativePart.mul_(d);                    // D·x
            output = sum is null ? negativePart.sub_(logSigmoid) : negativePart.addcmul_(logSigmoid, sum, value: -1.0);
        }
        else
        {
            // S = y·(c·ℓ⁺ − d·ℓ⁻) + d·ℓ⁻ with ℓ⁺ = max(0, 1 − x), ℓ⁻ = max(0, 1 + x).
            var positive = x.neg().add_(1.0).relu_();                   // ℓ⁺
            var negative = (x + 1.0).relu_();                           // ℓ⁻
            if (keepLosses)
            {
                positiveLoss = positive;
                negativeLoss = negative;
            }
            var weightedPositive = c is null ? positive : positive * c; // c·ℓ⁺
            var weightedNegative = d is null ? negative : negative * d; // d·ℓ⁻
            output = torch.addcmul(weightedNegative, y, weightedPositive - weightedNegative, value: 1.0);
        }
        // The result is the logits' shape: every other input broadcasts into it (checked), so in-place ops fit.
        var unweighted = keepSurrogate && w is not null ? output.clone() : null;
        if (w is not null) output.mul_(w);
        if (k is not null) output.add_(k);
        return new Values(output, positiveLoss, negativeLoss, sum, unweighted);
    }

    /// <summary>A + D = c·y + d·(1 − y) = d + (c − d)·y, with null for c or d meaning 1; null when both are null (A + D = 1).</summary>
    private static Tensor? CoefficientSum(Tensor y, Tensor? c, Tensor? d)
    {
        if (c is null && d is null) return null;
        if (c is null) return torch.addcmul(d!, y, 1.0 - d!, value: 1.0);     // d + (1 − d)·y
        if (d is null) return (c - 1.0).mul(y).add_(1.0);                     // 1 + (c − 1)·y
        return torch.addcmul(d, y, c - d, value: 1.0);                        // d + (c − d)·y
    }

    /// <summary>The gradient of the logits (before summing to their shape) for upstream <paramref name="grad"/>.</summary>
    private static Tensor LogitsGradient(SurrogateType surrogate, Tensor grad, Tensor x, Tensor y, Tensor? w, Tensor? c, Tensor? d, Tensor? sum)
    {
        Tensor result;
        if (surrogate == SurrogateType.Xent)
        {
            // (A + D)·σ(x) − c·y
            result = x.sigmoid();
            if (sum is not null) result.mul_(sum);
            if (c is null) result.sub_(y);
            else result.addcmul_(y, c, value: -1.0);
        }
        else
        {
            // D·1[x > −1] − A·1[x < 1] = d·1[x > −1] − y·(d·1[x > −1] + c·1[x < 1])
            var negativeActive = x.gt(-1.0).to_type(x.dtype);
            var positiveActive = x.lt(1.0).to_type(x.dtype);
            if (d is not null) negativeActive.mul_(d);
            if (c is not null) positiveActive.mul_(c);
            result = torch.addcmul(negativeActive, y, positiveActive.add_(negativeActive), value: -1.0);
        }
        result.mul_(grad);
        if (w is not null) result.mul_(w);
        return result;
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
            // Which inputs want a gradient; ℓ⁺ and ℓ⁻ are kept only for c, d and y, whose gradients need them.
            var needs = new[]
            {
                x.requires_grad, y.requires_grad, w?.requires_grad ?? false,
                c?.requires_grad ?? false, d?.requires_grad ?? false, k?.requires_grad ?? false,
            };
            var values = Forward(surrogate, x, y, w, c, d, k, keepLosses: needs[1] || needs[3] || needs[4], keepSurrogate: needs[2]);
            ctx.save_data(SurrogateKey, surrogate);
            ctx.save_data(NeedsKey, needs);
            if (k is not null) ctx.save_data(ConstantShapeKey, k.shape);
            ctx.save_for_backward([x, y, w!, c!, d!, values.Sum!, values.PositiveLoss!, values.NegativeLoss!, values.Surrogate!]);
            return values.Output;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var surrogate = (SurrogateType)ctx.get_data(SurrogateKey);
            var needs = (bool[])ctx.get_data(NeedsKey);
            var saved = ctx.get_saved_variables();
            Tensor x = saved[0], y = saved[1];
            Tensor? w = saved[2], c = saved[3], d = saved[4], sum = saved[5], positiveLoss = saved[6], negativeLoss = saved[7], unweighted = saved[8];
            Tensor? gx = null, gy = null, gw = null, gc = null, gd = null, gk = null;
            if (needs[0]) gx = LogitsGradient(surrogate, grad_output, x, y, w, c, d, sum);   // the logits' shape already
            if (needs[5]) gk = SumToSize(grad_output, (long[])ctx.get_data(ConstantShapeKey));
            if (needs[1] || needs[3] || needs[4])
            {
                var upstream = w is null ? grad_output : grad_output * w;                 // g·w
                if (needs[3]) gc = SumToSize(upstream * y * positiveLoss!, c!.shape);    // g·w·y·ℓ⁺
                if (needs[4]) gd = SumToSize(torch.addcmul(negativeLoss!, y, negativeLoss!, value: -1.0).mul_(upstream), d!.shape); // g·w·(1 − y)·ℓ⁻
                if (needs[1])
                {
                    var positive = c is null ? positiveLoss! : positiveLoss! * c;
                    var negative = d is null ? negativeLoss! : negativeLoss! * d;
                    gy = SumToSize((positive - negative).mul_(upstream), y.shape);       // g·w·(c·ℓ⁺ − d·ℓ⁻)
                }
            }
            if (needs[2]) gw = SumToSize(grad_output * unweighted!, w!.shape);           // g·S
            return [null!, gx!, gy!, gw!, gc!, gd!, gk!];
        }
    }
}
