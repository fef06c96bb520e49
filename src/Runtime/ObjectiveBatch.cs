using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// Validated, prepared inputs handed to a generated loss (seed spec §3.1): 2-D logits and labels in the
/// logits' dtype, weights broadcastable to them, and the label priors for this batch.
/// </summary>
public sealed class ObjectiveBatch
{
    private Tensor? _labelPriors;

    /// <param name="logits">x, [B, L].</param>
    /// <param name="labels">y, [B, L], in the logits' dtype.</param>
    /// <param name="weights">w, or null.</param>
    /// <param name="labelPriors">π as a tensor, or null (no priors, or given on the host).</param>
    /// <param name="hostLabelPriors">π [L] in float64 on the host (a CPU loss's streaming priors), made a tensor only when read.</param>
    /// <param name="surrogate">The surrogate in effect.</param>
    /// <param name="includeOutputs">Whether the caller wants the outputs besides the loss.</param>
    internal ObjectiveBatch(Tensor logits, Tensor labels, Tensor? weights, Tensor? labelPriors, double[]? hostLabelPriors, SurrogateType surrogate, bool includeOutputs)
    {
        Logits = logits;
        Labels = labels;
        Weights = weights;
        _labelPriors = labelPriors;
        HostLabelPriors = hostLabelPriors;
        Surrogate = surrogate;
        MaybeLog2 = Surrogates.MaybeLog2(surrogate);
        MaybeLog2Tensor = ScalarTensor.Of(MaybeLog2, logits);
        IncludeOutputs = includeOutputs;
    }

    /// <summary>Logits x, [B, L].</summary>
    public Tensor Logits { get; }

    /// <summary>Labels y in [0, 1], [B, L], in the logits' dtype.</summary>
    public Tensor Labels { get; }

    /// <summary>
    /// Per-example weights w in the logits' dtype, broadcastable to [B, L] ([B, 1], [1, 1], [1, L] or [B, L]); null means all 1.
    /// Validated: finite and non-negative when <see cref="ObjectiveOptions.ValidateInputs"/> is on.
    /// </summary>
    public Tensor? Weights { get; }

    /// <summary>Label priors π, [L], in the logits' dtype; null when the objective uses none.</summary>
    public Tensor? LabelPriors => _labelPriors ??= HostLabelPriors is null ? null : PriorsTensor(HostLabelPriors, Logits);

    /// <summary>π [L] in float64 when the loss computed it on the host (the tensor is then created on first read of <see cref="LabelPriors"/>).</summary>
    internal double[]? HostLabelPriors { get; }

    /// <summary>The surrogate in effect.</summary>
    public SurrogateType Surrogate { get; }

    /// <summary>m2: ln 2 for xent, 1 for hinge.</summary>
    public double MaybeLog2 { get; }

    /// <summary>
    /// <see cref="MaybeLog2"/> as a shared 0-dim CPU tensor for the logits' dtype (<see cref="ScalarTensor"/>): the same
    /// products bit for bit, without the per-call scalar wrapping. Must not be modified.
    /// </summary>
    public Tensor MaybeLog2Tensor { get; }

    /// <summary>
    /// Whether the caller wants the outputs besides the loss: multipliers, biases, priors and the TP/FP bounds
    /// (<c>Compute</c>). <c>forward</c>, the training path, wants the loss alone and skips their extra passes.
    /// </summary>
    public bool IncludeOutputs { get; }

    /// <summary>w·<paramref name="perExample"/>, or <paramref name="perExample"/> itself when there are no weights.</summary>
    public Tensor Weighted(Tensor perExample) => Weights is null ? perExample : Weights * perExample;

    /// <summary>π as a tensor in <paramref name="like"/>'s dtype and on its device.</summary>
    private static Tensor PriorsTensor(double[] priors, Tensor like)
    {
        if (like.dtype != ScalarType.Float32) return torch.tensor(priors, [priors.Length], dtype: like.dtype, device: like.device);
        // Rounded to float32 here (to nearest, as the tensor path's cast rounds): one tensor creation, no conversion op.
        return torch.tensor(Array.ConvertAll(priors, static value => (float)value), [priors.Length], device: like.device);
    }

    /// <summary>The priors, or a clear error when the objective was built without them.</summary>
    public Tensor RequireLabelPriors()
        => LabelPriors ?? throw new InvalidOperationException("This objective was built without label priors.");
}
