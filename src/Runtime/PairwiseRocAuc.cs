using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// The pairwise (Wilcoxon-Mann-Whitney) ROC-AUC surrogate of the seed (spec §4.2), computed in blocks of rows so
/// that the [B, B, L] pairwise tensor never exists:
/// <code>
/// loss_jl = 0.5·(1/B)·Σ_i |y_jl − y_il|·w_i·w_j·S(1, (y_jl − y_il)·(x_jl − x_il))
/// </code>
/// with S(1, z) = softplus(−z) (xent) or max(0, 1 − z) (hinge). Same values and gradients as the dense formula up to
/// floating-point summation order.
/// </summary>
/// <remarks>
/// <para><b>Memory.</b> The pair term P_ji is symmetric (swapping i and j negates both differences), so each block
/// takes rows [r, r + b) against the columns [r, B) only, adds its row sums to those rows' losses and its column sums
/// (beyond the diagonal block) to the later rows' losses: B²/2 pairs instead of B². The rows per block, b, are chosen
/// so that one block tensor [L, b, B − r] has at most <c>blockElements</c> elements (default
/// <see cref="DefaultBlockElements"/>, at most <see cref="MaxBlockElements"/>), or is one row when a single row
/// (B·L elements) is already larger. At most three such tensors are alive at once, so the working set of the forward
/// and of the backward is at most 3·<c>blockElements</c> elements of the logits' dtype (3 MiB in float32 and 6 MiB
/// in float64 with the default), besides O(B·L) for the inputs, their [L, B] copies and the result.</para>
/// <para><b>Autograd.</b> When the logits require grad, the loss is a custom autograd function that saves only its
/// inputs (no pairwise tensor) and recomputes the pairs block by block in backward. With upstream g and
/// T_ji = g_j·0.5/B·|Δy|·w_i·w_j·S'(Δy·Δx)·Δy (Δ = row j minus row i), ∂/∂x_k collects +Σ_i T_ki from its role as j
/// and −Σ_j T_jk from its role as i. The gradient reaches the logits only: labels and weights get none. If the labels or
/// the weights themselves require grad (with grad mode on), this falls back to the seed's dense formula built from
/// ordinary tensor ops, which differentiates with respect to them too but costs O(B²·L) memory, as before. The backward
/// is not itself differentiable: no second derivatives (create_graph) through this loss.</para>
/// <para><b>Exactness.</b> The xent pair loss uses the same libtorch softplus (threshold 20) as the dense formula, and
/// its derivative reproduces softplus's threshold (exactly 1 beyond it; this only changes float64 results, where
/// σ(20) ≠ 1); the hinge's derivative is 0 at the kink, as relu's is. Sums run in a different order (per-block matrix
/// products instead of one mean over i), so float32 results differ from the dense formula's by rounding; float64 results
/// agree to about 1e-12 relative (tested).</para>
/// <para><b>Not done.</b> For the hinge and 0/1 labels a sort over the logits with prefix sums of w and w·x gives the loss
/// in O(B log B), but as (1 − x_j)·Σw + Σw·x over running sums it cancels: its error grows with |x| against the margin
/// and with B, so it would not match the pairwise sum to 1e-12 in general; it is left out.</para>
/// <para>Do not modify the inputs in place between the forward and the backward: the saved inputs are checked when
/// backward reads them, and an error inside a custom backward aborts the process (TorchSharp cannot propagate it).</para>
/// </remarks>
public static class PairwiseRocAuc
{
    /// <summary>
    /// The default bound on the elements of one [L, b, n] pairwise block: 2^18 = 262,144 (1 MiB per block tensor in
    /// float32). Bounds from 2^16 to 2^18 measured fastest, within about 10 % of each other, on a machine with 2 MiB of
    /// L2 per core (<c>--roc-block-sweep</c>, docs/benchmarks.md): the block's tensors stay near the cache, and the
    /// per-op dispatch cost (about 1 µs per op, some 15 ops per block) stays small against a block's work. Smaller
    /// bounds pay more dispatch, larger ones more memory traffic.
    /// </summary>
    public const long DefaultBlockElements = 1L << 18;

    /// <summary>The largest accepted block bound: 2^22 = 4,194,304 elements.</summary>
    public const long MaxBlockElements = 1L << 22;

    /// <summary>The element-wise pairwise ROC-AUC loss [B, L] of a prepared batch: its logits, labels, weights and surrogate.</summary>
    /// <param name="batch">The prepared batch; its weights, if any, broadcast to [B, L].</param>
    public static Tensor Loss(ObjectiveBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Loss(batch.Logits, batch.Labels, batch.Weights, batch.Surrogate);
    }

    /// <summary>The element-wise pairwise ROC-AUC loss [B, L], in the logits' dtype.</summary>
    /// <param name="logits">Logits x, [B, L], floating point.</param>
    /// <param name="labels">Labels y, [B, L] (soft labels allowed); cast to the logits' dtype.</param>
    /// <param name="weights">Per-example weights w broadcastable to [B, L] (a scalar, [B, 1], [1, L], [B, L]); null means 1.</param>
    /// <param name="surrogate">The surrogate S.</param>
    /// <param name="blockElements">The most elements of one [L, b, n] pairwise block, 1 to <see cref="MaxBlockElements"/>; smaller uses less memory and more ops.</param>
    /// <exception cref="ArgumentException">The shapes do not match or the logits are not floating point.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockElements"/> or <paramref name="surrogate"/> is out of range.</exception>
    public static Tensor Loss(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate, long blockElements = DefaultBlockElements)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (surrogate is not (SurrogateType.Xent or SurrogateType.Hinge))
            throw new ArgumentOutOfRangeException(nameof(surrogate), surrogate, $"surrogate_type {surrogate} not supported; expected {nameof(SurrogateType.Xent)} or {nameof(SurrogateType.Hinge)}.");
        if (blockElements is < 1 or > MaxBlockElements)
            throw new ArgumentOutOfRangeException(nameof(blockElements), blockElements, $"blockElements must be between 1 and {MaxBlockElements}.");
        if (!logits.is_floating_point())
            throw new ArgumentException($"logits have dtype {logits.dtype}; expected a floating-point tensor.", nameof(logits));
        if (logits.dim() != 2)
            throw new ArgumentException($"logits must be [B, L], got {MessageText.Shape(logits.shape)}.", nameof(logits));
        if (!logits.shape.AsSpan().SequenceEqual(labels.shape))
            throw new ArgumentException($"logits and labels must have the same shape ({MessageText.Shape(logits.shape)} vs {MessageText.Shape(labels.shape)}).", nameof(labels));
        if (weights is not null && (weights.dim() > 2 || !Surrogates.BroadcastsInto(weights.shape, logits.shape)))
            throw new ArgumentException(
                $"weights of shape {MessageText.Shape(weights.shape)} do not broadcast to {MessageText.Shape(logits.shape)}; expected a scalar, [B, 1], [1, L] or [B, L].", nameof(weights));

        if (labels.dtype != logits.dtype) labels = labels.to_type(logits.dtype);
        if (weights is not null && weights.dtype != logits.dtype) weights = weights.to_type(logits.dtype);
        if (weights is not null && weights.dim() < 2) weights = Surrogates.ExpandOuter(weights, 2);   // a scalar or [L] aligns on the last axis

        if (torch.is_grad_enabled())
        {
            if (labels.requires_grad || weights is { requires_grad: true })
                return Dense(logits, labels, weights, surrogate);
            if (logits.requires_grad)
                return PairwiseRocAucFunction.apply(logits, labels, weights, surrogate, blockElements);
        }
        using (torch.no_grad())
            return Forward(logits, labels, weights, surrogate, blockElements);
    }

    /// <summary>The seed's dense formula (the fallback when labels or weights require grad): O(B²·L) memory.</summary>
    private static Tensor Dense(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate)
    {
        var logitDifferences = logits.unsqueeze(0) - logits.unsqueeze(1);   // Dx[i, j] = x_j − x_i, [B, B, L]
        var labelDifferences = labels.unsqueeze(0) - labels.unsqueeze(1);   // Dy[i, j] = y_j − y_i
        var weightedPairs = labelDifferences.abs() * Surrogates.PositiveLoss(surrogate, labelDifferences * logitDifferences);
        if (weights is not null)
            weightedPairs = weights.unsqueeze(0) * weights.unsqueeze(1) * weightedPairs;
        return weightedPairs.mean(new long[] { 0 }) * 0.5;
    }

    /// <summary>Rows per block: as many as keep [L, rows, n] within the bound, at least 1, at most n.</summary>
    internal static long RowsPerBlock(long columns, long numLabels, long blockElements)
        => Math.Clamp(blockElements / (columns * numLabels), 1, columns);

    /// <summary>Inputs as contiguous [L, B] copies without gradient, weights expanded (ones when absent).</summary>
    private static (Tensor X, Tensor Y, Tensor W) LabelMajor(Tensor logits, Tensor labels, Tensor? weights)
    {
        long batch = logits.shape[0], numLabels = logits.shape[1];
        var x = logits.detach().t().contiguous();
        var y = labels.detach().t().contiguous();
        var w = weights is null
            ? torch.ones(numLabels, batch, dtype: logits.dtype, device: logits.device)
            : weights.detach().expand(batch, numLabels).t().contiguous();
        return (x, y, w);
    }

    /// <summary>The loss [B, L] without autograd, block by block.</summary>
    internal static Tensor Forward(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate, long blockElements)
    {
        long batch = logits.shape[0], numLabels = logits.shape[1];
        bool xent = surrogate == SurrogateType.Xent;
        using var scope = torch.NewDisposeScope();
        var (x, y, w) = LabelMajor(logits, labels, weights);
        // sums[l, a] = Σ_c |Δy|·w_c·S(Δy·Δx) over every c (the c = a term is 0).
        var sums = torch.zeros(numLabels, batch, dtype: logits.dtype, device: logits.device);
        for (long start = 0; start < batch;)
        {
            long columns = batch - start;
            long rows = RowsPerBlock(columns, numLabels, blockElements);
            using (torch.NewDisposeScope())
            {
                var (dy, negated) = Differences(x, y, start, rows, columns);
                // −z = Δy·(x_c − x_a) exactly, so S(z) is softplus(−z) with the dense formula's own op and threshold (the
                // values agree bit for bit), or max(0, 1 + (−z)) = max(0, 1 − z) in place.
                var pairs = xent ? negated.softplus() : negated.add_(1.0).relu_();
                if (xent) negated.Dispose();
                pairs.mul_(dy.abs_());
                dy.Dispose();
                // P is symmetric: row sums go to rows [start, start + rows), column sums beyond the diagonal block to the later rows.
                var rowSums = pairs.bmm(w.narrow(1, start, columns).unsqueeze(2));          // [L, rows, 1]
                sums.narrow(1, start, rows).add_(rowSums.squeeze(2));
                if (rows < columns)
                {
                    var columnSums = w.narrow(1, start, rows).unsqueeze(1).bmm(pairs.narrow(2, rows, columns - rows)); // [L, 1, columns − rows]
                    sums.narrow(1, start + rows, columns - rows).add_(columnSums.squeeze(1));
                }
            }
            start += rows;
        }
        return sums.mul_(w).mul_(0.5 / batch).t().contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>∂(Σ g·loss)/∂logits [B, L], block by block.</summary>
    internal static Tensor Backward(Tensor logits, Tensor labels, Tensor? weights, Tensor upstream, SurrogateType surrogate, long blockElements)
    {
        long batch = logits.shape[0], numLabels = logits.shape[1];
        bool xent = surrogate == SurrogateType.Xent;
        // softplus's backward is exactly 1 where its input −z exceeds the threshold 20; σ(20) rounds to 1 in float32 and
        // narrower types, but not in float64.
        bool threshold = xent && logits.dtype == ScalarType.Float64;
        using var scope = torch.NewDisposeScope();
        var (x, y, w) = LabelMajor(logits, labels, weights);
        // With 0/1 labels Δy ∈ {−1, 0, 1}, so |Δy|·Δy = Δy exactly and one multiplication per pair is saved.
        bool hard = y.eq(0.0).logical_or_(y.eq(1.0)).all().item<bool>();
        var g = upstream.detach().to_type(logits.dtype).expand(batch, numLabels).t().contiguous();
        var wg = w * g;
        var right = torch.stack(new[] { w, wg }, 2);   // [L, B, 2]: (w_c, w_c·g_c)
        var left = torch.stack(new[] { w, wg }, 1);    // [L, 2, B]
        // With Q_ac = −|Δy|·Δy·S'(z) (Δ = a minus c, antisymmetric in a and c):
        //   ∂/∂x_a = −0.5/B·w_a·Σ_c Q_ac·w_c·(g_a + g_c)
        // sums[l, a] collects Σ_c Q_ac·w_c·(g_a + g_c) from the rows of a's own block and, as −Q_ca, from the columns of earlier blocks.
        var sums = torch.zeros(numLabels, batch, dtype: logits.dtype, device: logits.device);
        for (long start = 0; start < batch;)
        {
            long columns = batch - start;
            long rows = RowsPerBlock(columns, numLabels, blockElements);
            using (torch.NewDisposeScope())
            {
                var (dy, negated) = Differences(x, y, start, rows, columns);
                Tensor q;
                if (xent)
                {
                    // S(z) = softplus(−z): −S'(z) = σ(−z), or exactly 1 where −z > 20 (softplus's threshold).
                    var far = threshold ? negated.gt(20.0) : null;
                    q = negated.sigmoid_();
                    if (far is not null)
                    {
                        q.masked_fill_(far, 1.0);
                        far.Dispose();
                    }
                }
                else
                {
                    // S(z) = max(0, 1 − z): −S'(z) = 1 where 1 − z > 0 (−z > −1), 0 at and beyond the kink, as relu's backward.
                    q = negated.gt_(-1.0);
                }
                q.mul_(dy);
                if (!hard) q.mul_(dy.abs_());
                dy.Dispose();
                var rowTerms = q.bmm(right.narrow(1, start, columns));                    // [L, rows, 2]: Σ_c Q·w_c, Σ_c Q·w_c·g_c
                var rowSlice = sums.narrow(1, start, rows);
                rowSlice.add_(rowTerms.select(2, 0).mul_(g.narrow(1, start, rows))).add_(rowTerms.select(2, 1));
                if (rows < columns)
                {
                    long later = columns - rows;
                    var columnTerms = left.narrow(2, start, rows).bmm(q.narrow(2, rows, later)); // [L, 2, later]: Σ_a w_a·Q_ac, Σ_a w_a·g_a·Q_ac
                    var columnSlice = sums.narrow(1, start + rows, later);
                    columnSlice.sub_(columnTerms.select(1, 0).mul_(g.narrow(1, start + rows, later))).sub_(columnTerms.select(1, 1));
                }
            }
            start += rows;
        }
        return sums.mul_(w).mul_(-0.5 / batch).t().contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Δy = y_a − y_c and −z = Δy·(x_c − x_a) for rows a in [start, start + rows) against columns c in [start, start + columns):
    /// two fresh [L, rows, columns] tensors. x_c − x_a is exactly −(x_a − x_c), so −z is exactly the negation of the dense
    /// formula's Δy·Δx.
    /// </summary>
    private static (Tensor Dy, Tensor NegatedZ) Differences(Tensor x, Tensor y, long start, long rows, long columns)
    {
        var dy = y.narrow(1, start, rows).unsqueeze(2) - y.narrow(1, start, columns).unsqueeze(1);
        var reversed = x.narrow(1, start, columns).unsqueeze(1) - x.narrow(1, start, rows).unsqueeze(2);
        return (dy, reversed.mul_(dy));
    }

    /// <summary>
    /// The custom autograd function: forward block by block without a graph, saving only its inputs; backward block by
    /// block. It returns one gradient per forward argument (logits, labels, weights, surrogate, block bound); only the
    /// logits' is defined.
    /// </summary>
    private sealed class PairwiseRocAucFunction : torch.autograd.SingleTensorFunction<PairwiseRocAucFunction>
    {
        private const string SurrogateKey = "surrogate";
        private const string BlockKey = "blockElements";

        public override string Name => "PairwiseRocAucBackward";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var logits = (Tensor)vars[0];
            var labels = (Tensor)vars[1];
            var weights = vars[2] as Tensor;
            var surrogate = (SurrogateType)vars[3];
            long blockElements = (long)vars[4];
            ctx.save_for_backward(weights is null ? [logits, labels] : [logits, labels, weights]);
            ctx.save_data(SurrogateKey, surrogate);
            ctx.save_data(BlockKey, blockElements);
            return Forward(logits, labels, weights, surrogate, blockElements);
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            Tensor gradient;
            using (var scope = torch.NewDisposeScope())
            {
                var saved = ctx.get_saved_variables();
                var weights = saved.Count > 2 ? saved[2] : null;
                gradient = Backward(saved[0], saved[1], weights, grad_output,
                    (SurrogateType)ctx.get_data(SurrogateKey), (long)ctx.get_data(BlockKey));
                gradient = gradient.MoveToOuterDisposeScope();
            }
            // One entry per forward argument, or the native callback aborts the process.
            return [gradient, null!, null!, null!, null!];
        }
    }
}
