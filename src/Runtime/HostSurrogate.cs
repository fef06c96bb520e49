using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// <see cref="FusedSurrogate"/>'s forward on the CPU (float32, float64) in managed SIMD code: one pass over the logits
/// that writes the output w·S + k and, when asked, ∂(w·S)/∂x, reading y, w, c, d and k in place through their
/// broadcast strides (nothing is expanded or copied).
/// </summary>
/// <remarks>
/// <para>The tensor path costs five native ops for the forward and four for the backward, each a pass over [B, L] or
/// [B, L, K] and a dispatch; here the forward is one pass (exp and log once per element, the gradient from the same
/// exp) and the backward one native multiply by the saved gradient. Per element, with A = w·c·y, D = w·d·(1 − y):</para>
/// <code>
/// xent:   e = exp(−|x|), softplus(±x) = max(±x, 0) + log1p(e), σ(x) = (x ≥ 0 ? 1 : e)/(1 + e), σ(−x) = (x ≥ 0 ? e : 1)/(1 + e)
///         out = k + (A + D)·log1p(e) + D·max(x, 0) − A·min(x, 0)      grad = D·σ(x) − A·σ(−x)
/// hinge:  out = (A + D) + k + D·max(x, −1) − A·min(x, 1)          grad = D·1[x &gt; −1] − A·1[x &lt; 1]
/// </code>
/// <para>Written as A·softplus(−x) + D·softplus(x) this has no cancellation: the tensor path's D·x − (A + D)·log σ(x)
/// and (A + D)·σ(x) − A lose the relative accuracy of small losses and gradients at large |x| (−9 in float32 kept
/// 2–3 digits there, 6–7 here). log1p(e): see <see cref="Log1p{T}"/>. So the values agree with the tensor path to its rounding, not bit for bit; the tests hold the pass to the
/// plain formula and to a scalar float64 reference at extreme logits.</para>
/// <para>Iteration: the logits' shape with size-1 axes dropped and adjacent axes merged where every operand allows it
/// (one row of 512 for [512, 1]; rows of 16 for [4096, 16] with [L] coefficients; rows of K for anchors); each row
/// runs in vectors of <see cref="Vector{T}.Count"/> lanes, an operand with stride 0 along the row broadcast, stride 1
/// loaded; a row's remainder is its last vector overlapping the one before (rows shorter than a vector: one padded vector).
/// The rows are split over libtorch's intra-op thread count from 2¹⁶ elements per thread on (the benchmarks and tests pin
/// it to one), so a multi-threaded user keeps the parallelism libtorch's ops had.</para>
/// <para>In gradient-reversal mode c and d need their gradients too: <see cref="Plan.CoefficientSums"/> runs once more
/// over the logits in the backward for Σ g·w·y·ℓ⁺(x) and Σ g·w·(1 − y)·ℓ⁻(x) per value of c and d (per label).</para>
/// </remarks>
internal static class HostSurrogate
{
    /// <summary>Whether the managed pass handles <paramref name="logits"/>: a CPU float32 or float64 tensor that a span can index (under 2 GB).</summary>
    private static bool Supports(Tensor logits)
        => logits.device_type == DeviceType.CPU && logits.dtype is ScalarType.Float32 or ScalarType.Float64
           && logits.numel() * (logits.dtype == ScalarType.Float32 ? sizeof(float) : sizeof(double)) <= int.MaxValue;

    /// <summary>
    /// The pass over one set of inputs, or null where it would not pay: logits that are not CPU float32/float64, or rows
    /// (see the remarks) shorter than a vector even after expanding the inputs that are broadcast along the last axis
    /// (labels [B, L, 1] against [B, L, K] logits with K &lt; 8, as partial ROC-AUC's 5 anchors at one label; there the
    /// padded vectors measured slower than libtorch's ops).
    /// The other inputs have the logits' dtype and device and broadcast into their shape (the caller checked); null
    /// means 1 for w, c, d and 0 for k.
    /// </summary>
    public static Plan? TryPlan(SurrogateType surrogate, Tensor x, Tensor y, Tensor? w, Tensor? c, Tensor? d, Tensor? k)
    {
        if (!Supports(x)) return null;
        Tensor?[] operands = [HostTensor.Contiguous(y), HostTensor.Contiguous(w), HostTensor.Contiguous(c), HostTensor.Contiguous(d), HostTensor.Contiguous(k)];
        return TryPlan(surrogate, x, operands, new Array?[operands.Length]);
    }

    /// <summary>
    /// <see cref="TryPlan(SurrogateType, Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?)"/> with c, d and k as [L]
    /// host arrays in the logits' dtype <typeparamref name="T"/> (null: 1, 1, 0), for [B, L] logits; null also where the
    /// rows would be shorter than a vector (the tensor path expands the inputs there).
    /// </summary>
    public static Plan? TryPlan<T>(SurrogateType surrogate, Tensor x, Tensor y, Tensor? w, T[]? c, T[]? d, T[]? k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Supports(x)) return null;
        return TryPlan(surrogate, x, [HostTensor.Contiguous(y), HostTensor.Contiguous(w), null, null, null], [null, null, c, d, k]);
    }

    /// <param name="surrogate">ℓ.</param>
    /// <param name="x">The logits (CPU float32 or float64).</param>
    /// <param name="operands">y, w, c, d, k as contiguous tensors; null where absent or given in <paramref name="hostValues"/>.</param>
    /// <param name="hostValues">The same inputs as 1-D host arrays of the logits' element type (aligned on the last axis), or null.</param>
    private static Plan? TryPlan(SurrogateType surrogate, Tensor x, Tensor?[] operands, Array?[] hostValues)
    {
        if (!x.is_contiguous()) x = x.contiguous();
        var shape = ShapeOf(x);
        var operandShapes = new long[]?[operands.Length];
        for (int o = 0; o < operands.Length; o++)
            operandShapes[o] = operands[o] is { } operand ? ShapeOf(operand) : hostValues[o] is { } values ? [values.Length] : null;
        var layout = RowLayout.Of(shape, operandShapes);
        int width = x.dtype == ScalarType.Float32 ? Vector<float>.Count : Vector<double>.Count;
        if (layout.RowLength < width && layout.Rows > 1)
        {
            if (hostValues.Any(values => values is not null)) return null;
            // Inputs broadcast along the last axis, expanded, may let the row run over the last two axes: decided on the
            // shapes, then one libtorch pass (expand + contiguous) per such input.
            int rowAxis = layout.OuterSizes.Length;
            var expand = Enumerable.Range(0, operands.Length)
                .Where(o => operandShapes[o] is { } s && layout.Strides[o][rowAxis] == 0 && s.Aggregate(1L, (a, b) => a * b) > 1).ToArray();
            foreach (int o in expand) operandShapes[o] = shape;
            layout = RowLayout.Of(shape, operandShapes);
            if (layout.RowLength < width) return null;
            foreach (int o in expand) operands[o] = operands[o]!.expand(shape).contiguous();
        }
        return new Plan(surrogate, x, shape, operands, hostValues, layout);
    }

    /// <summary>A pass ready to run: the contiguous logits and inputs (y, w, c, d, k, as tensors or host arrays) and their iteration.</summary>
    internal sealed class Plan(SurrogateType surrogate, Tensor logits, long[] shape, Tensor?[] operands, Array?[] hostValues, RowLayout layout)
    {
        /// <summary>
        /// The output w·S + k and, with <paramref name="withGradient"/>, ∂(w·S)/∂x, both new contiguous tensors shaped
        /// like the logits.
        /// </summary>
        /// <param name="withGradient">Whether to write ∂(w·S)/∂x too.</param>
        /// <param name="threads">
        /// Threads to split the rows over; null: libtorch's intra-op thread count (<c>torch.get_num_threads()</c>), used
        /// from 2¹⁶ elements per thread on. Every element is computed by the same code either way: the result is the same
        /// bit for bit.
        /// </param>
        public (Tensor Output, Tensor? Gradient) Run(bool withGradient, int? threads = null)
        {
            var output = torch.empty(shape, logits.dtype, logits.device);
            var gradient = withGradient ? torch.empty(shape, logits.dtype, logits.device) : null;
            long elements = layout.Rows * layout.RowLength;
            int parts = threads ?? (int)Math.Min(torch.get_num_threads(), elements >> 16);
            parts = (int)Math.Clamp(parts, 1, Math.Max(1, layout.Rows));
            if (parts == 1) RunRows(output, gradient, 0, layout.Rows);
            else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
                part => RunRows(output, gradient, layout.Rows * part / parts, layout.Rows * (part + 1) / parts));
            return (output, gradient);
        }

        private void RunRows(Tensor output, Tensor? gradient, long firstRow, long endRow)
        {
            if (logits.dtype == ScalarType.Float32) Run<float>(surrogate, layout, logits, operands, hostValues, output, gradient, firstRow, endRow);
            else Run<double>(surrogate, layout, logits, operands, hostValues, output, gradient, firstRow, endRow);
        }

        /// <summary>
        /// Whether <see cref="CoefficientSums"/> can sum c's, d's and k's gradients: each of them is absent or varies along
        /// the row only (stride 0 on every outer axis: per label, [L] or [1, L], or one value), so its gradient has the
        /// row's length (or 1) and is summed over the rows.
        /// </summary>
        public bool SumsCoefficients => AlongRowOnly(Positive) && AlongRowOnly(Negative) && AlongRowOnly(Constant);

        private bool AlongRowOnly(int operand)
        {
            if (operands[operand] is null && hostValues[operand] is null) return true;
            var strides = layout.Strides[operand];
            for (int axis = 0; axis < strides.Length - 1; axis++)
                if (strides[axis] != 0) return false;
            return true;
        }

        /// <summary>
        /// For gradient reversal, where c, d and k carry λ's gradient: Σ g·w·y·ℓ⁺(x), Σ g·w·(1 − y)·ℓ⁻(x) and Σ g over
        /// the elements that read each value of c, of d and of k, for upstream g shaped like the logits; each array is laid
        /// out like its (contiguous) operand, null for a sum not asked for. One pass over the logits (exp and log once per
        /// element where c's or d's sums are asked for), partial sums in the dtype over blocks of rows, then float64; the
        /// rows split over threads as in <see cref="Run"/>. Needs <see cref="SumsCoefficients"/>.
        /// </summary>
        public CoefficientGradients CoefficientSums(Tensor upstream, bool positive, bool negative, bool constant = false, int? threads = null)
        {
            if (!SumsCoefficients) throw new InvalidOperationException("c, d or k varies along an outer axis; the sums need them per row position.");
            if (!positive && !negative && !constant) return new CoefficientGradients(null, null, null);
            var g = upstream.dtype == logits.dtype && upstream.is_contiguous() ? upstream : upstream.to_type(logits.dtype).contiguous();
            long elements = layout.Rows * layout.RowLength;
            int parts = (int)Math.Clamp(threads ?? Math.Min(torch.get_num_threads(), elements >> 16), 1, Math.Max(1, layout.Rows));
            var sums = new CoefficientGradients[parts];
            for (int part = 0; part < parts; part++)
                sums[part] = new CoefficientGradients(positive ? new double[SumLength(Positive)] : null, negative ? new double[SumLength(Negative)] : null,
                    constant ? new double[SumLength(Constant)] : null);
            void RunPart(int part)
            {
                long first = layout.Rows * part / parts, end = layout.Rows * (part + 1) / parts;
                if (logits.dtype == ScalarType.Float32) RunSums<float>(surrogate, layout, logits, g, operands, first, end, sums[part]);
                else RunSums<double>(surrogate, layout, logits, g, operands, first, end, sums[part]);
            }
            if (parts == 1) RunPart(0);
            else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, RunPart);
            for (int part = 1; part < parts; part++)
            {
                AddInto(sums[0].Positive, sums[part].Positive);
                AddInto(sums[0].Negative, sums[part].Negative);
                AddInto(sums[0].Constant, sums[part].Constant);
            }
            return sums[0];

            static void AddInto(double[]? totals, double[]? part)
            {
                if (totals is not null && part is not null) HostTensor.AddToFloat64<double>(part, totals);
            }
        }

        /// <summary>How many values of the operand the row reads: the row's length where it is loaded along the row, 1 where broadcast.</summary>
        private int SumLength(int operand) => layout.Strides[operand][^1] == 0 ? 1 : (int)layout.RowLength;

    }

    /// <summary>c's, d's and k's gradient sums (<see cref="Plan.CoefficientSums"/>), each laid out like its operand; null where not asked for.</summary>
    internal sealed record CoefficientGradients(double[]? Positive, double[]? Negative, double[]? Constant);

    /// <summary>The operands' positions in a plan: y, w, c, d, k.</summary>
    private const int Labels = 0, Weights = 1, Positive = 2, Negative = 3, Constant = 4;

    /// <summary>The sizes, one native call per axis: <c>Tensor.shape</c> measured about 0.5 µs a call, a tenth of this pass at [512, 1].</summary>
    private static long[] ShapeOf(Tensor tensor)
    {
        var sizes = new long[tensor.dim()];
        for (int axis = 0; axis < sizes.Length; axis++) sizes[axis] = tensor.size(axis);
        return sizes;
    }

    /// <summary>
    /// The iteration: <see cref="Rows"/> rows of <see cref="RowLength"/> elements (the logits and outputs contiguous),
    /// the outer axes' sizes, and per operand its stride along the row and along each outer axis (0 where broadcast).
    /// </summary>
    internal sealed class RowLayout
    {
        public required long RowLength { get; init; }
        public required long Rows { get; init; }
        public required long[] OuterSizes { get; init; }
        /// <summary>[operand][axis]: the outer axes' strides, then the row's stride last.</summary>
        public required long[][] Strides { get; init; }

        /// <param name="shape">The logits' shape.</param>
        /// <param name="operandShapes">Each input's shape (contiguous), null for a null input.</param>
        public static RowLayout Of(long[] shape, long[]?[] operandShapes)
        {
            // Strides of each operand in the logits' shape, right-aligned, 0 where the operand is broadcast.
            var sizes = new List<long>();
            int count = operandShapes.Length;
            var strides = new List<long>[count];
            for (int o = 0; o < count; o++) strides[o] = [];
            for (int axis = 0; axis < shape.Length; axis++)
            {
                if (shape[axis] == 1) continue;                    // size-1 axes do not move any offset
                sizes.Add(shape[axis]);
                for (int o = 0; o < count; o++)
                {
                    var operandShape = operandShapes[o] ?? [];
                    strides[o].Add(StrideOf(operandShape, axis - (shape.Length - operandShape.Length)));
                }
            }
            if (sizes.Count == 0)
            {
                sizes.Add(1);
                foreach (var s in strides) s.Add(0);
            }
            // Merge axis i into axis i + 1 where every operand walks them as one axis (the logits always do: contiguous).
            for (int i = sizes.Count - 2; i >= 0; i--)
            {
                bool mergeable = true;
                for (int o = 0; o < count && mergeable; o++)
                    mergeable = strides[o][i] == strides[o][i + 1] * sizes[i + 1];
                if (!mergeable) continue;
                sizes[i + 1] *= sizes[i];
                sizes.RemoveAt(i);
                foreach (var s in strides) s.RemoveAt(i);
            }
            long rowLength = sizes[^1];
            var outer = sizes.Take(sizes.Count - 1).ToArray();
            long rows = 1;
            foreach (long size in outer) rows *= size;
            return new RowLayout { RowLength = rowLength, Rows = rows, OuterSizes = outer, Strides = strides.Select(s => s.ToArray()).ToArray() };
        }

        /// <summary>Writes row <paramref name="row"/>'s position on the outer axes into <paramref name="index"/>.</summary>
        public void PositionOf(long row, Span<long> index)
        {
            for (int axis = OuterSizes.Length - 1; axis >= 0; axis--)
            {
                index[axis] = row % OuterSizes[axis];
                row /= OuterSizes[axis];
            }
        }

        /// <summary>The contiguous stride of the operand's axis <paramref name="axis"/>, or 0 where it is missing or of size 1.</summary>
        private static long StrideOf(long[] operandShape, int axis)
        {
            if (axis < 0 || operandShape[axis] == 1) return 0;
            long stride = 1;
            for (int i = axis + 1; i < operandShape.Length; i++) stride *= operandShape[i];
            return stride;
        }
    }

    /// <summary>
    /// An input of the pass: its elements (empty for a null input, which is the constant), its strides, and its offset at
    /// the current row's start, which <see cref="Seek"/> and <see cref="Step"/> move with the rows.
    /// </summary>
    private ref struct Operand<T> where T : unmanaged
    {
        private readonly ReadOnlySpan<T> _data;
        private readonly T _constant;
        private readonly long[] _strides;
        private readonly long _rowStride;
        private long _offset;

        public Operand(Tensor? tensor, Array? hostValues, T constant, long[] strides)
        {
            _data = hostValues is T[] values ? values : tensor is null ? default : HostTensor.Read<T>(tensor);
            _constant = constant;
            _strides = strides;
            _rowStride = strides[^1];
        }

        /// <summary>Moves to the row at <paramref name="index"/> on the outer axes.</summary>
        public void Seek(scoped ReadOnlySpan<long> index)
        {
            _offset = 0;
            for (int axis = 0; axis < index.Length; axis++) _offset += index[axis] * _strides[axis];
        }

        /// <summary>Moves <paramref name="count"/> steps along outer axis <paramref name="axis"/> (negative: back).</summary>
        public void Step(int axis, long count) => _offset += count * _strides[axis];

        /// <summary>The vector at element <paramref name="j"/> of the row (row stride 0: broadcast; 1: loaded).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly Vector<T> Load(long j)
        {
            if (_data.IsEmpty) return new Vector<T>(_constant);
            if (_rowStride == 0) return new Vector<T>(_data[(int)_offset]);
            return new Vector<T>(_data.Slice((int)(_offset + j), Vector<T>.Count));
        }

        /// <summary>The first <paramref name="count"/> lanes from element <paramref name="j"/> of the row, the rest <paramref name="padding"/>.</summary>
        public readonly Vector<T> LoadPartial(long j, int count, T padding, Span<T> scratch)
        {
            if (_data.IsEmpty) return new Vector<T>(_constant);
            scratch.Fill(padding);
            for (int lane = 0; lane < count; lane++) scratch[lane] = _data[(int)(_offset + (j + lane) * _rowStride)];
            return new Vector<T>(scratch);
        }
    }

    // Fully optimized from the first call: at tier 0 the Vector<T> operations are calls, not instructions.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T>(SurrogateType surrogate, RowLayout layout, Tensor x, Tensor?[] operands, Array?[] hostValues, Tensor output, Tensor? gradient,
        long firstRow, long endRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var logits = HostTensor.Read<T>(x);
        var outputs = HostTensor.Write<T>(output);
        var gradients = gradient is null ? default : HostTensor.Write<T>(gradient);
        var y = new Operand<T>(operands[0], hostValues[0], T.Zero, layout.Strides[0]);
        var w = new Operand<T>(operands[1], hostValues[1], T.One, layout.Strides[1]);
        var c = new Operand<T>(operands[2], hostValues[2], T.One, layout.Strides[2]);
        var d = new Operand<T>(operands[3], hostValues[3], T.One, layout.Strides[3]);
        var k = new Operand<T>(operands[4], hostValues[4], T.Zero, layout.Strides[4]);
        bool xent = surrogate == SurrogateType.Xent;
        int width = Vector<T>.Count;
        int outerAxes = layout.OuterSizes.Length;
        long rowLength = layout.RowLength;
        Span<long> index = stackalloc long[outerAxes];
        layout.PositionOf(firstRow, index);
        y.Seek(index); w.Seek(index); c.Seek(index); d.Seek(index); k.Seek(index);
        Span<T> scratch = stackalloc T[width];
        Span<T> lanes = stackalloc T[2 * width];
        for (long row = firstRow; row < endRow; row++)
        {
            long start = row * rowLength;
            if (rowLength >= width)
            {
                for (long step = 0; step < rowLength; step += width)
                {
                    long j = Math.Min(step, rowLength - width);      // the row's last vector overlaps the one before: same values
                    var (vo, vg) = Element(xent, new Vector<T>(logits.Slice((int)(start + j), width)), y.Load(j), w.Load(j), c.Load(j), d.Load(j), k.Load(j));
                    vo.CopyTo(outputs.Slice((int)(start + j), width));
                    if (!gradients.IsEmpty) vg.CopyTo(gradients.Slice((int)(start + j), width));
                }
            }
            else
            {
                // A row shorter than a vector (TryPlan allows it only as the one row): one padded vector.
                int count = (int)rowLength;
                scratch.Clear();
                logits.Slice((int)start, count).CopyTo(scratch);
                var vx = new Vector<T>(scratch);
                var (vo, vg) = Element(xent, vx, y.LoadPartial(0, count, T.Zero, scratch), w.LoadPartial(0, count, T.One, scratch),
                    c.LoadPartial(0, count, T.One, scratch), d.LoadPartial(0, count, T.One, scratch), k.LoadPartial(0, count, T.Zero, scratch));
                vo.CopyTo(lanes);
                vg.CopyTo(lanes[width..]);
                lanes[..count].CopyTo(outputs.Slice((int)start, count));
                if (!gradients.IsEmpty) lanes.Slice(width, count).CopyTo(gradients.Slice((int)start, count));
            }
            // Next row: advance the odometer over the outer axes, moving each operand with it.
            for (int axis = outerAxes - 1; axis >= 0; axis--)
            {
                long by = ++index[axis] < layout.OuterSizes[axis] ? 1 : 1 - layout.OuterSizes[axis];
                y.Step(axis, by); w.Step(axis, by); c.Step(axis, by); d.Step(axis, by); k.Step(axis, by);
                if (by == 1) break;
                index[axis] = 0;
            }
        }
    }

    /// <summary>Rows of a row-block whose partial sums stay in the dtype before they are added in float64.</summary>
    private const int BlockRows = 16;

    /// <summary>
    /// <see cref="Plan.CoefficientSums"/> over rows [<paramref name="firstRow"/>, <paramref name="endRow"/>): adds
    /// g·w·y·ℓ⁺(x), g·w·(1 − y)·ℓ⁻(x) and g into <paramref name="sums"/> at the position of c, d and k each element reads. The row's overlapping last vector and a short row's padding get
    /// g = 0, so no element is counted twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSums<T>(SurrogateType surrogate, RowLayout layout, Tensor x, Tensor upstream, Tensor?[] operands,
        long firstRow, long endRow, CoefficientGradients sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var logits = HostTensor.Read<T>(x);
        var g = HostTensor.Read<T>(upstream);
        var y = new Operand<T>(operands[Labels], null, T.Zero, layout.Strides[Labels]);
        var w = new Operand<T>(operands[Weights], null, T.One, layout.Strides[Weights]);
        bool xent = surrogate == SurrogateType.Xent;
        int width = Vector<T>.Count;
        int outerAxes = layout.OuterSizes.Length;
        long rowLength = layout.RowLength;
        var positive = new ColumnSum<T>(sums.Positive, layout.Strides[Positive][^1] != 0, rowLength, width);
        var negative = new ColumnSum<T>(sums.Negative, layout.Strides[Negative][^1] != 0, rowLength, width);
        var constant = new ColumnSum<T>(sums.Constant, layout.Strides[Constant][^1] != 0, rowLength, width);
        Span<long> index = stackalloc long[outerAxes];
        layout.PositionOf(firstRow, index);
        y.Seek(index); w.Seek(index);
        Span<T> scratch = stackalloc T[width];
        // The last vector of a row longer than a vector starts at rowLength − width: its first lanes were summed already.
        int overlap = rowLength >= width ? (int)((width - rowLength % width) % width) : 0;
        for (int lane = 0; lane < width; lane++) scratch[lane] = lane < overlap ? T.Zero : T.One;
        var lastVectorLanes = new Vector<T>(scratch);
        for (long row = firstRow; row < endRow; row++)
        {
            long start = row * rowLength;
            if (rowLength >= width)
            {
                for (long step = 0; step < rowLength; step += width)
                {
                    long j = Math.Min(step, rowLength - width);
                    var gv = new Vector<T>(g.Slice((int)(start + j), width));
                    if (j != step) gv *= lastVectorLanes;
                    if (constant.IsActive) constant.Add(j, gv);
                    if (positive.IsActive || negative.IsActive)
                        Add(xent, new Vector<T>(logits.Slice((int)(start + j), width)), gv, y.Load(j), w.Load(j), j, ref positive, ref negative);
                }
            }
            else
            {
                // The one row shorter than a vector (see TryPlan): padded lanes get g = 0.
                int count = (int)rowLength;
                scratch.Clear();
                g.Slice((int)start, count).CopyTo(scratch);
                var gv = new Vector<T>(scratch);
                scratch.Clear();
                logits.Slice((int)start, count).CopyTo(scratch);
                var xv = new Vector<T>(scratch);
                if (constant.IsActive) constant.Add(0, gv);
                if (positive.IsActive || negative.IsActive)
                    Add(xent, xv, gv, y.LoadPartial(0, count, T.Zero, scratch), w.LoadPartial(0, count, T.One, scratch), 0, ref positive, ref negative);
            }
            positive.EndRow();
            negative.EndRow();
            constant.EndRow();
            if ((row - firstRow + 1) % BlockRows == 0)
            {
                positive.Flush();
                negative.Flush();
                constant.Flush();
            }
            for (int axis = outerAxes - 1; axis >= 0; axis--)
            {
                long by = ++index[axis] < layout.OuterSizes[axis] ? 1 : 1 - layout.OuterSizes[axis];
                y.Step(axis, by); w.Step(axis, by);
                if (by == 1) break;
                index[axis] = 0;
            }
        }
        positive.Flush();
        negative.Flush();
        constant.Flush();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(bool xent, Vector<T> x, Vector<T> g, Vector<T> y, Vector<T> w, long j, ref ColumnSum<T> positive, ref ColumnSum<T> negative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (lossPositive, lossNegative) = Losses(xent, x);
        var gw = g * w;
        if (positive.IsActive) positive.Add(j, gw * y * lossPositive);                           // g·w·y·ℓ⁺
        if (negative.IsActive) negative.Add(j, gw * (Vector<T>.One - y) * lossNegative);         // g·w·(1 − y)·ℓ⁻
    }

    /// <summary>
    /// One coefficient's gradient sums: per row position in a block of the dtype (the operand loaded along the row), or
    /// in one vector of lanes (the operand broadcast along it), added to the float64 totals at <see cref="Flush"/>.
    /// </summary>
    private ref struct ColumnSum<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly double[]? _totals;
        private readonly Span<T> _block;
        private Vector<T> _lanes;
        private int _vectors;
        private readonly bool _alongRow;

        /// <summary>Vectors a broadcast operand's lanes sum in the dtype before they go to float64 (a long row's, too).</summary>
        private const int LaneVectors = 64;

        public ColumnSum(double[]? totals, bool alongRow, long rowLength, int width)
        {
            _totals = totals;
            _alongRow = alongRow;
            // A short row's padded vector writes width lanes (the padding adds 0).
            _block = totals is not null && alongRow ? new T[Math.Max(rowLength, width)] : default;
            _lanes = Vector<T>.Zero;
        }

        public readonly bool IsActive => _totals is not null;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long j, Vector<T> values)
        {
            if (!_alongRow)
            {
                _lanes += values;
                if (++_vectors == LaneVectors) EndRow();
                return;
            }
            var slot = _block.Slice((int)j, Vector<T>.Count);
            (new Vector<T>(slot) + values).CopyTo(slot);
        }

        /// <summary>Ends a row: a broadcast operand's lanes go to float64 here, so no lane sums more than one row (or <see cref="LaneVectors"/> vectors) in the dtype.</summary>
        public void EndRow()
        {
            if (_totals is null || _alongRow) return;
            _totals[0] += double.CreateTruncating(Vector.Sum(_lanes));
            _lanes = Vector<T>.Zero;
            _vectors = 0;
        }

        public readonly void Flush()
        {
            if (_totals is null || !_alongRow) return;
            HostTensor.AddToFloat64<T>(_block[.._totals.Length], _totals);
            _block.Clear();
        }
    }

    /// <summary>The output and ∂/∂x of one vector of elements (see the remarks for the formulas).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector<T> Output, Vector<T> Gradient) Element<T>(bool xent, Vector<T> x, Vector<T> y, Vector<T> w, Vector<T> c, Vector<T> d, Vector<T> k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = Vector<T>.One;
        var positive = w * c * y;                                   // A
        var negative = w * d * (one - y);                           // D
        var sum = positive + negative;                              // A + D
        if (xent)
        {
            var zero = Vector<T>.Zero;
            var e = ExpOfNonPositive(-Vector.Abs(x));
            var u = one + e;
            var log1p = Log1p(e, u);
            var output = k + sum * log1p + negative * Vector.Max(x, zero) - positive * Vector.Min(x, zero);
            var nonNegative = Vector.GreaterThanOrEqual(x, zero);
            var gradient = (negative * Vector.ConditionalSelect(nonNegative, one, e) - positive * Vector.ConditionalSelect(nonNegative, e, one)) / u;
            return (output, gradient);
        }
        var minusOne = -one;
        var hinge = sum + k + negative * Vector.Max(x, minusOne) - positive * Vector.Min(x, one);
        var slope = Vector.ConditionalSelect(Vector.GreaterThan(x, minusOne), negative, Vector<T>.Zero)
                    - Vector.ConditionalSelect(Vector.LessThan(x, one), positive, Vector<T>.Zero);
        return (hinge, slope);
    }

    /// <summary>ℓ⁺(x) and ℓ⁻(x) of one vector of elements: softplus(−x) and softplus(x) (xent), or max(0, 1 ∓ x) (hinge).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector<T> Positive, Vector<T> Negative) Losses<T>(bool xent, Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zero = Vector<T>.Zero;
        if (xent)
        {
            // softplus(∓x) = log1p(exp(−|x|)) + max(∓x, 0), as Element computes its output.
            var e = ExpOfNonPositive(-Vector.Abs(x));
            var log1p = Log1p(e, Vector<T>.One + e);
            return (log1p - Vector.Min(x, zero), log1p + Vector.Max(x, zero));
        }
        return (Vector.Max(Vector<T>.One - x, zero), Vector.Max(Vector<T>.One + x, zero));
    }

    /// <summary>exp(v) for v ≤ 0 (or NaN): float32 by <see cref="FloatMath.ExpOfNonPositive"/>, float64 by <see cref="Vector.Exp(Vector{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> ExpOfNonPositive<T>(Vector<T> v) where T : unmanaged
        => typeof(T) == typeof(float)
            ? Vector.As<float, T>(FloatMath.ExpOfNonPositive(Vector.As<T, float>(v)))
            : Vector.As<double, T>(Vector.Exp(Vector.As<T, double>(v)));

    /// <summary>
    /// log(1 + e) for e in [0, 1] (or NaN), u = 1 + e: float32 by <see cref="FloatMath.Log1p"/>; float64 as
    /// log(u)·e/(u − 1), exact to a few ulps, and e itself where u rounds to 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Log1p<T>(Vector<T> e, Vector<T> u) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return Vector.As<float, T>(FloatMath.Log1p(Vector.As<T, float>(e)));
        var log = Vector.As<double, T>(Vector.Log(Vector.As<T, double>(u)));
        return Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.One), e, log * (e / (u - Vector<T>.One)));
    }

    /// <summary>
    /// float32 exp and log1p on the ranges the pass needs, as Cephes' expf and logf compute them: about 1 ulp, in float32
    /// throughout. The polynomials use fused multiply-adds (<see cref="Vector.FusedMultiplyAdd(Vector{float}, Vector{float}, Vector{float})"/>,
    /// one rounding each, which .NET defines exactly and emulates where the CPU has no FMA, so every CPU gives the same
    /// bits); with separate multiplies and adds, and .NET's IEEE max and saturating conversion instead of the native ones
    /// (whose NaN and overflow cases cannot occur here), the Lagrangian measured 1.15–1.33 times slower (--lagrangian,
    /// paired runs).
    /// <see cref="Vector.Exp(Vector{float})"/> and <see cref="Vector.Log(Vector{float})"/> widen to float64 and
    /// measured about three quarters of the pass's time at [4096, 16].
    /// </summary>
    internal static class FloatMath
    {
        private const float Log2E = 1.44269504088896341f;
        private const float Ln2High = 0.693359375f;                 // ln 2 in two parts, for an exact n·ln 2
        private const float Ln2Low = -2.12194440e-4f;
        private const float SmallestNormalExponent = -87.3365448f;  // below: the result is subnormal, flushed to 0

        /// <summary>exp(v) for v ≤ 0; 0 below ln(2⁻¹²⁶) ≈ −87.34 (float32's smallest normal), NaN for NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> ExpOfNonPositive(Vector<float> v)
        {
            var clamped = Vector.MaxNative(v, new Vector<float>(SmallestNormalExponent));   // NaN: restored below
            var n = Vector.Floor(Vector.FusedMultiplyAdd(clamped, new Vector<float>(Log2E), new Vector<float>(0.5f)));     // v = n·ln 2 + r, |r| ≤ ln 2 / 2
            var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2Low), Vector.FusedMultiplyAdd(n, new Vector<float>(-Ln2High), clamped));
            var p = new Vector<float>(1.9875691500e-4f);
            p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.3981999507e-3f));
            p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
            p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
            p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
            p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
            var expR = Vector.FusedMultiplyAdd(p, r * r, r) + Vector<float>.One;
            var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32Native(n) + new Vector<int>(127), 23));   // 2ⁿ, n ≥ −126
            var result = Vector.ConditionalSelect(Vector.LessThan(v, new Vector<float>(SmallestNormalExponent)), Vector<float>.Zero, expR * scale);
            return Vector.ConditionalSelect(Vector.Equals(v, v), result, v);
        }

        /// <summary>
        /// log(1 + e) for e in [0, 1] (or NaN), as 2·atanh(s) with s = e/(2 + e) in [0, 1/3]: the odd series
        /// 2s·(1 + s²/3 + … + s¹²/13) needs no range reduction (its next term is below 2⁻²⁵ relative), and tiny e keeps
        /// its relative accuracy (s ≈ e/2; 1 + e is never formed).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Log1p(Vector<float> e)
        {
            var s = e / (new Vector<float>(2f) + e);
            var z = s * s;
            var p = new Vector<float>(1f / 13f);
            p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1f / 11f));
            p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1f / 9f));
            p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1f / 7f));
            p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1f / 5f));
            p = Vector.FusedMultiplyAdd(p, z, new Vector<float>(1f / 3f));
            var twoS = s + s;
            return Vector.FusedMultiplyAdd(twoS * z, p, twoS);
        }
    }
}
