using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// <see cref="FusedSurrogate.ApplyAtAnchors"/> on the CPU (float32, float64) in managed SIMD code: per example and
/// label, the mean over the K anchors of w·S(y, x + b_k; c_k, d_k) + k_k, without the [B, L, K] tensors (x + b, the
/// per-anchor output, its gradient) that the tensor path writes and reads back.
/// </summary>
/// <remarks>
/// <para>One pass over the examples writes the [B, L] output and keeps, per element, Σ_k ∂/∂z (z = x + b_k: the
/// logits' gradient up to the upstream factor) and, per label and anchor, Σ_b ∂/∂z (the biases' gradient when the
/// upstream gradient is the same for every example, as a mean or a sum of the loss gives it). The backward is then one
/// pass over [B, L]; with any other upstream gradient the pass runs again, weighting Σ_b by it. In gradient-reversal
/// mode c, d and k need a gradient too: <see cref="Plan.CoefficientColumns"/> is one more pass, in the backward, for
/// Σ_b g·w·y·ℓ⁺(z) and Σ_b g·w·(1 − y)·ℓ⁻(z) per label and anchor. The per-element formulas are
/// <see cref="HostSurrogate"/>'s.</para>
/// <para>The anchors run in vectors over k (the biases, c, d and k copied once per call into [L, K] rows padded to whole
/// vectors; the padding lanes are masked out of every sum). Σ_b sums 16 rows in the inputs' dtype, then float64.</para>
/// <para>Declined (null, the tensor path): logits other than CPU float32/float64 [B, L, 1]; labels or weights with an
/// anchor axis; biases, c, d or k that vary with the example.</para>
/// </remarks>
internal static class HostAnchors
{
    private const int BlockRows = 16;

    /// <summary>The pass over one set of inputs, or null where the tensor path must run (see the remarks).</summary>
    public static Plan? TryPlan(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights,
        Tensor? positiveWeights, Tensor? negativeWeights, Tensor? constant)
    {
        var plan = TryPlanShape(surrogate, logits, biases, labels, weights, positiveWeights, negativeWeights, constant);
        return plan is not null && plan.SetRows(biases, positiveWeights, negativeWeights, constant) ? plan : null;
    }

    /// <summary>
    /// <see cref="TryPlan(SurrogateType, Tensor, Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?)"/> with c, d and k as
    /// [L·K] host arrays (row-major) in the logits' dtype <typeparamref name="T"/> (null: 1, 1, 0).
    /// </summary>
    public static Plan? TryPlan<T>(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights,
        T[]? positiveWeights, T[]? negativeWeights, T[]? constant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = TryPlanShape(surrogate, logits, biases, labels, weights, null, null, null);
        return plan is not null && plan.SetRows(biases, positiveWeights, negativeWeights, constant) ? plan : null;
    }

    /// <summary>The plan's shape and per-example inputs (x, y, w), checked; its per-anchor rows are set by the caller.</summary>
    private static Plan? TryPlanShape(SurrogateType surrogate, Tensor logits, Tensor biases, Tensor labels, Tensor? weights,
        Tensor? positiveWeights, Tensor? negativeWeights, Tensor? constant)
    {
        var dtype = logits.dtype;
        if (logits.device_type != DeviceType.CPU || dtype is not (ScalarType.Float32 or ScalarType.Float64) || logits.dim() != 3 || logits.size(2) != 1)
            return null;
        long batch = logits.size(0), numLabels = logits.size(1), anchors = biases.dim() == 0 ? 0 : biases.size(-1);
        // The biases' gradient is returned in their shape: one bias per label and anchor.
        if (anchors < 1 || biases.numel() != numLabels * anchors || batch * numLabels * anchors > int.MaxValue / sizeof(double)) return null;
        foreach (var input in new[] { biases, labels, weights, positiveWeights, negativeWeights, constant })
            if (input is not null && (input.dtype != dtype || input.device_type != DeviceType.CPU || input.dim() > 3))
                return null;
        // Labels and weights: one value per example and label. Labels [B, L] mean [B, L, 1] (as Apply reads them); other
        // inputs broadcast from the right, so only a single value or a [B | 1, L | 1, 1] tensor is per example and label.
        var y = labels.dim() is 2 or 3 ? PerExample(labels, batch, numLabels, allowBroadcast: false) : null;
        if (y is null) return null;
        Tensor? w = null;
        int weightRowStride = 0, weightColumnStride = 0;
        if (weights is not null)
        {
            w = weights.numel() == 1 ? weights.reshape(1, 1) : weights.dim() == 3 ? PerExample(weights, batch, numLabels, allowBroadcast: true) : null;
            if (w is null) return null;
            weightRowStride = w.size(0) == 1 ? 0 : (int)w.size(1);
            weightColumnStride = w.size(1) == 1 ? 0 : 1;
        }
        int width = Vector.IsHardwareAccelerated ? (dtype == ScalarType.Float32 ? Vector<float>.Count : Vector<double>.Count) : 1;
        int padded = (int)((anchors + width - 1) / width * width);
        var shape = new Shape((int)batch, (int)numLabels, (int)anchors, padded, weightRowStride, weightColumnStride);
        return new Plan(surrogate, shape, HostTensor.Contiguous(logits.reshape(batch, numLabels)), y, w, dtype);
    }

    /// <summary>A [B or 1, L or 1] contiguous view of labels or weights given as [B, L], [B, L, 1], [B, 1, 1], …; null for an anchor axis.</summary>
    private static Tensor? PerExample(Tensor tensor, long batch, long numLabels, bool allowBroadcast)
    {
        var t = tensor;
        if (t.dim() == 3)
        {
            if (t.size(2) != 1) return null;
            t = t.squeeze(2);
        }
        t = HostTensor.WithoutExpandedAxes(t);
        long rows = t.size(0), columns = t.size(1);
        if (rows != batch && !(allowBroadcast && rows == 1)) return null;
        if (columns != numLabels && !(allowBroadcast && columns == 1)) return null;
        return HostTensor.Contiguous(t);
    }

    /// <summary>Sizes: B, L, K, K padded to whole vectors, and the weights' strides over rows and labels (0: broadcast).</summary>
    internal readonly record struct Shape(int Batch, int Labels, int Anchors, int Padded, int WeightRowStride, int WeightColumnStride);

    /// <summary>A pass ready to run, and what its backward reads.</summary>
    internal sealed class Plan(SurrogateType surrogate, Shape shape, Tensor logits, Tensor labels, Tensor? weights, ScalarType dtype)
    {
        // The padded [L, Kp] rows of b, c, d and k in the logits' dtype (float[][] or double[][]), set once per plan.
        private Array _rows = Array.Empty<double[]>();

        public Shape Shape => shape;

        /// <summary>Σ_k ∂/∂z per example and label, [B·L], after <see cref="Forward"/>.</summary>
        public double[] RowGradients { get; private set; } = [];

        /// <summary>Σ_b ∂/∂z per label and anchor, [L·Kp], after <see cref="Forward"/>.</summary>
        public double[] ColumnGradients { get; private set; } = [];

        /// <summary>Sets the padded [L, Kp] rows of b, c, d and k from tensors that broadcast into [1, L, K]; false where one does not.</summary>
        internal bool SetRows(Tensor biases, Tensor? c, Tensor? d, Tensor? k)
            => dtype == ScalarType.Float32
                ? SetRows<float>([biases, c, d, k], new float[]?[4])
                : SetRows<double>([biases, c, d, k], new double[]?[4]);

        /// <summary>Sets the rows from the biases' tensor and c, d, k as [L·K] arrays in the logits' element type <typeparamref name="T"/>.</summary>
        internal bool SetRows<T>(Tensor biases, T[]? c, T[]? d, T[]? k) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (dtype != (typeof(T) == typeof(float) ? ScalarType.Float32 : ScalarType.Float64)) return false;
            int elements = shape.Labels * shape.Anchors;
            if (c is { Length: var cl } && cl != elements || d is { Length: var dl } && dl != elements || k is { Length: var kl } && kl != elements)
                return false;
            return SetRows<T>([biases, null, null, null], [null, c, d, k]);
        }

        /// <param name="sources">b, c, d, k as tensors broadcasting into [1, L, K], or null.</param>
        /// <param name="values">The same as [L·K] arrays (row-major), used where given instead of the source, or null.</param>
        private bool SetRows<T>(Tensor?[] sources, T[]?[] values) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var rows = new T[4][];
            var fill = new[] { T.Zero, T.One, T.One, T.Zero };
            int labelsCount = shape.Labels, anchors = shape.Anchors, elements = labelsCount * anchors;
            for (int i = 0; i < 4; i++)
            {
                var padded = new T[labelsCount * shape.Padded];        // padding lanes: 0 (masked anyway)
                ReadOnlySpan<T> data;
                if (values[i] is { } array)
                {
                    data = array;
                }
                else if (sources[i] is { } source)
                {
                    if (!Surrogates.BroadcastsInto(source.shape, [1, labelsCount, anchors])) return false;
                    // Already [L, K] values in the logits' dtype, as the generated code makes them: read in place. Otherwise
                    // one expanded copy (a [K] grid or an [L, 1] column). The sources have the logits' dtype (TryPlan), so
                    // both give the same values.
                    var tensor = source.numel() == elements && HostTensor.IsHostable(source, dtype)
                        ? source
                        : source.expand(1, labelsCount, anchors).contiguous();
                    data = HostTensor.Read<T>(tensor);
                }
                else
                {
                    for (int l = 0; l < labelsCount; l++) padded.AsSpan(l * shape.Padded, anchors).Fill(fill[i]);
                    rows[i] = padded;
                    continue;
                }
                for (int l = 0; l < labelsCount; l++) data.Slice(l * anchors, anchors).CopyTo(padded.AsSpan(l * shape.Padded));
                rows[i] = padded;
            }
            _rows = rows;
            return true;
        }

        /// <summary>The [B, L] output (mean over the anchors); keeps <see cref="RowGradients"/> and <see cref="ColumnGradients"/> when <paramref name="withGradient"/>.</summary>
        /// <param name="withGradient">Whether to keep the sums the backward reads.</param>
        /// <param name="threads">Threads to split the examples over; null: libtorch's intra-op thread count, from 2¹⁶ elements per thread.</param>
        public Tensor Forward(bool withGradient, int? threads = null)
        {
            var output = torch.empty([shape.Batch, shape.Labels], dtype, logits.device);
            RowGradients = withGradient ? new double[shape.Batch * shape.Labels] : [];
            ColumnGradients = RunParts(output, null, withGradient, threads);
            return output;
        }

        /// <summary>Σ_b u_bl·∂/∂z per label and anchor, [L·Kp]: the biases' gradient (before 1/K) for an upstream gradient u that varies with the example.</summary>
        public double[] WeightedColumnGradients(Tensor upstream)
        {
            return RunParts(null, upstream, withGradient: true, threads: null);
        }

        /// <summary>
        /// The pass over the examples, split into parts over libtorch's intra-op thread count from 2¹⁶ elements
        /// (B·L·K) per thread; each part sums its own Σ_b, added in part order. The output and Σ_k are the same bits
        /// for any split; Σ_b (the biases' gradient) may differ in its last bits between thread counts.
        /// </summary>
        private double[] RunParts(Tensor? output, Tensor? upstream, bool withGradient, int? threads)
            => SplitExamples(threads, sums: 1, (first, end, columns) =>
            {
                if (dtype == ScalarType.Float32) Run<float>(output, upstream, withGradient, first, end, columns[0]);
                else Run<double>(output, upstream, withGradient, first, end, columns[0]);
            })[0];

        /// <summary>
        /// Runs <paramref name="runPart"/> over the examples split into parts (libtorch's intra-op thread count from 2¹⁶
        /// elements per thread, or <paramref name="threads"/>), each part with its own <paramref name="sums"/> [L·Kp]
        /// column sums, and returns the sums added in part order.
        /// </summary>
        private double[][] SplitExamples(int? threads, int sums, Action<int, int, double[][]> runPart)
        {
            long elements = (long)shape.Batch * shape.Labels * shape.Anchors;
            int parts = (int)Math.Clamp(threads ?? Math.Min(torch.get_num_threads(), elements >> 16), 1, shape.Batch);
            var columns = new double[parts][][];
            for (int part = 0; part < parts; part++)
            {
                columns[part] = new double[sums][];
                for (int sum = 0; sum < sums; sum++) columns[part][sum] = new double[shape.Labels * shape.Padded];
            }
            void RunPart(int part)
                => runPart((int)((long)shape.Batch * part / parts), (int)((long)shape.Batch * (part + 1) / parts), columns[part]);
            if (parts == 1) RunPart(0);
            else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, RunPart);
            for (int part = 1; part < parts; part++)
                for (int sum = 0; sum < sums; sum++)
                    for (int i = 0; i < columns[0][sum].Length; i++) columns[0][sum][i] += columns[part][sum][i];
            return columns[0];
        }

        // Fully optimized from the first call: at tier 0 the Vector<T> operations are calls, not instructions.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Run<T>(Tensor? output, Tensor? upstream, bool withGradient, int firstRow, int endRow, double[] columns)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = HostTensor.Read<T>(logits);
            var y = HostTensor.Read<T>(labels);
            var w = weights is null ? default : HostTensor.Read<T>(weights);
            var u = upstream is null ? default : HostTensor.Read<T>(upstream);
            var outputs = output is null ? default : HostTensor.Write<T>(output);
            int width = Vector<T>.Count, labelsCount = shape.Labels, padded = shape.Padded;
            var rows = (T[][])_rows;
            ReadOnlySpan<T> biases = rows[0], c = rows[1], d = rows[2], k = rows[3];
            // The last vector of a row holds K mod width anchors (all of them when width divides K).
            int tail = shape.Anchors - (padded - width);
            Span<T> maskLanes = stackalloc T[width];
            for (int lane = 0; lane < width; lane++) maskLanes[lane] = lane < tail ? T.One : T.Zero;
            var lastMask = Vector.Equals(new Vector<T>(maskLanes), Vector<T>.One);
            bool xent = surrogate == SurrogateType.Xent;
            T anchorCount = T.CreateTruncating(shape.Anchors);
            var columnBlock = new T[labelsCount * padded];
            var rowGradients = RowGradients;
            bool keepRowSums = withGradient && upstream is null;
            for (int first = firstRow; first < endRow; first += BlockRows)
            {
                int end = Math.Min(endRow, first + BlockRows);
                for (int r = first; r < end; r++)
                {
                    int row = r * labelsCount, weightRow = r * shape.WeightRowStride;
                    for (int l = 0; l < labelsCount; l++)
                    {
                        var xv = new Vector<T>(x[row + l]);
                        var yv = new Vector<T>(y[row + l]);
                        var wv = w.IsEmpty ? Vector<T>.One : new Vector<T>(w[weightRow + l * shape.WeightColumnStride]);
                        var uv = u.IsEmpty ? Vector<T>.One : new Vector<T>(u[row + l]);
                        var outputSum = Vector<T>.Zero;
                        var gradientSum = Vector<T>.Zero;
                        int offset = l * padded;
                        for (int j = 0; j < padded; j += width)
                        {
                            var z = xv + new Vector<T>(biases.Slice(offset + j, width));
                            var (vo, vg) = HostSurrogate.Element(xent, z, yv, wv,
                                new Vector<T>(c.Slice(offset + j, width)), new Vector<T>(d.Slice(offset + j, width)), new Vector<T>(k.Slice(offset + j, width)));
                            if (j + width == padded)
                            {
                                vo &= lastMask;
                                vg &= lastMask;
                            }
                            outputSum += vo;
                            gradientSum += vg;
                            if (withGradient)
                            {
                                var slot = columnBlock.AsSpan(offset + j, width);
                                (new Vector<T>(slot) + uv * vg).CopyTo(slot);
                            }
                        }
                        if (!outputs.IsEmpty) outputs[row + l] = Vector.Sum(outputSum) / anchorCount;   // the mean, as libtorch's mean divides
                        if (keepRowSums) rowGradients[row + l] = double.CreateTruncating(Vector.Sum(gradientSum));
                    }
                }
                if (withGradient)
                {
                    HostTensor.AddToFloat64<T>(columnBlock, columns);
                    Array.Clear(columnBlock);
                }
            }
        }

        /// <summary>
        /// For gradient reversal, where c and d carry λ's gradient: per label and anchor, [L·Kp], Σ_b g·w·y·ℓ⁺(z) and
        /// Σ_b g·w·(1 − y)·ℓ⁻(z) for upstream g [B, L], each summed like the biases'
        /// column sums (blocks of rows in the dtype, then float64), the examples split over threads as in the forward; null
        /// for a sum not asked for.
        /// </summary>
        public (double[]? Positive, double[]? Negative) CoefficientColumns(Tensor upstream, bool positive, bool negative, int? threads = null)
        {
            if (!positive && !negative) return (null, null);
            upstream = Upstream(upstream);
            var sums = SplitExamples(threads, sums: 2, (first, end, columns) =>
            {
                var (positiveColumns, negativeColumns) = (positive ? columns[0] : null, negative ? columns[1] : null);
                if (dtype == ScalarType.Float32) RunLosses<float>(upstream, first, end, positiveColumns, negativeColumns);
                else RunLosses<double>(upstream, first, end, positiveColumns, negativeColumns);
            });
            return (positive ? sums[0] : null, negative ? sums[1] : null);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunLosses<T>(Tensor upstream, int firstRow, int endRow, double[]? positiveColumns, double[]? negativeColumns)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = HostTensor.Read<T>(logits);
            var y = HostTensor.Read<T>(labels);
            var w = weights is null ? default : HostTensor.Read<T>(weights);
            var u = HostTensor.Read<T>(upstream);
            int width = Vector<T>.Count, labelsCount = shape.Labels, padded = shape.Padded;
            ReadOnlySpan<T> biases = ((T[][])_rows)[0];
            bool xent = surrogate == SurrogateType.Xent;
            // Padding lanes are summed too and never read (BiasesGradient-style readers take the first K of each row).
            var positiveBlock = positiveColumns is null ? null : new T[labelsCount * padded];
            var negativeBlock = negativeColumns is null ? null : new T[labelsCount * padded];
            for (int first = firstRow; first < endRow; first += BlockRows)
            {
                int end = Math.Min(endRow, first + BlockRows);
                for (int r = first; r < end; r++)
                {
                    int row = r * labelsCount, weightRow = r * shape.WeightRowStride;
                    for (int l = 0; l < labelsCount; l++)
                    {
                        var xv = new Vector<T>(x[row + l]);
                        T uw = w.IsEmpty ? u[row + l] : u[row + l] * w[weightRow + l * shape.WeightColumnStride];
                        var positiveFactor = new Vector<T>(uw * y[row + l]);                 // g·w·y
                        var negativeFactor = new Vector<T>(uw * (T.One - y[row + l]));       // g·w·(1 − y)
                        int offset = l * padded;
                        for (int j = 0; j < padded; j += width)
                        {
                            var (lossPositive, lossNegative) = HostSurrogate.Losses(xent, xv + new Vector<T>(biases.Slice(offset + j, width)));
                            if (positiveBlock is not null)
                            {
                                var slot = positiveBlock.AsSpan(offset + j, width);
                                (new Vector<T>(slot) + positiveFactor * lossPositive).CopyTo(slot);
                            }
                            if (negativeBlock is not null)
                            {
                                var slot = negativeBlock.AsSpan(offset + j, width);
                                (new Vector<T>(slot) + negativeFactor * lossNegative).CopyTo(slot);
                            }
                        }
                    }
                }
                if (positiveBlock is not null)
                {
                    HostTensor.AddToFloat64<T>(positiveBlock, positiveColumns!);
                    Array.Clear(positiveBlock);
                }
                if (negativeBlock is not null)
                {
                    HostTensor.AddToFloat64<T>(negativeBlock, negativeColumns!);
                    Array.Clear(negativeBlock);
                }
            }
        }

        /// <summary>
        /// [L·Kp] column sums as a [1, L, K] tensor in the logits' dtype, each times <paramref name="scale"/> and, where
        /// given, its label's factor in <paramref name="perLabel"/> (the upstream value of a mean or a sum).
        /// </summary>
        public Tensor ColumnsTensor(double[] columns, double[]? perLabel, double scale)
        {
            var result = torch.empty([1, shape.Labels, shape.Anchors], dtype, logits.device);
            if (dtype == ScalarType.Float32) WriteColumns<float>(columns, perLabel, scale, result);
            else WriteColumns<double>(columns, perLabel, scale, result);
            return result;
        }

        private void WriteColumns<T>(double[] columns, double[]? perLabel, double scale, Tensor result) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var values = HostTensor.Write<T>(result);
            for (int l = 0; l < shape.Labels; l++)
                for (int a = 0; a < shape.Anchors; a++)
                {
                    double column = columns[l * shape.Padded + a];
                    values[l * shape.Anchors + a] = T.CreateTruncating((perLabel is null ? column : perLabel[l] * column) * scale);
                }
        }

        /// <summary>An upstream gradient in the logits' dtype, contiguous (itself when it already is), as the passes read it.</summary>
        public Tensor Upstream(Tensor upstream)
            => upstream.dtype == dtype && upstream.is_contiguous() ? upstream : upstream.to_type(dtype).contiguous();

        /// <summary>
        /// The gradients for upstream [B, L]: the logits' (g·Σ_k ∂/∂z / K, shaped [B, L, 1]) and the biases' (Σ_b g·∂/∂z / K,
        /// [1, L, K]), in the logits' dtype.
        /// </summary>
        public (Tensor Logits, Tensor Biases) Backward(Tensor upstream)
        {
            var g = Upstream(upstream);
            var gx = torch.empty([shape.Batch, shape.Labels, 1], dtype, logits.device);
            double[]? perLabel;
            if (dtype == ScalarType.Float32) perLabel = LogitsGradient<float>(g, gx);
            else perLabel = LogitsGradient<double>(g, gx);
            // The same upstream value for every example: the forward's Σ_b times it; otherwise Σ_b weighted by it, a new pass.
            var gb = perLabel is null
                ? ColumnsTensor(WeightedColumnGradients(g), null, 1.0 / shape.Anchors)
                : ColumnsTensor(ColumnGradients, perLabel, 1.0 / shape.Anchors);
            return (gx, gb);
        }

        /// <summary>Writes the logits' gradient; returns the upstream value per label when it is the same for every example, else null.</summary>
        private double[]? LogitsGradient<T>(Tensor upstream, Tensor gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var g = HostTensor.Read<T>(upstream);
            var gx = HostTensor.Write<T>(gradient);
            int labelsCount = shape.Labels;
            T inverseAnchors = T.One / T.CreateTruncating(shape.Anchors);
            bool uniform = true;
            for (int i = 0; i < gx.Length; i++)
            {
                gx[i] = g[i] * T.CreateTruncating(RowGradients[i]) * inverseAnchors;
                uniform &= g[i] == g[i % labelsCount];
            }
            if (!uniform) return null;
            var perLabel = new double[labelsCount];
            for (int l = 0; l < labelsCount; l++) perLabel[l] = double.CreateTruncating(g[l]);
            return perLabel;
        }
    }
}
