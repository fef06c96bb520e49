using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

/// <summary>
/// <see cref="BatchStatistics"/>' indicator columns on the CPU (float32, float64) in one managed SIMD pass over the
/// logits, labels and weights, read in place: P = Σ w·y, W = Σ w, and per anchor TP = Σ w·y·p and Σ w·p with
/// p = 1{x (+ b_k) &gt; 0}, laid out as <see cref="BatchStatistics.Sums.ToHost"/> lays them out.
/// </summary>
/// <remarks>
/// <para>The tensor path (<see cref="BatchStatistics.Sum"/>) is relu, sign, two products and three or four column sums,
/// each a pass over [B, L] (PR-AUC: [B, L, K], after materializing x + b); here it is one read of each input and no
/// temporary.</para>
/// <para>Products are rounded in the inputs' dtype as the tensor path rounds them (w·y, x + b_k); each partial sum (a
/// lane or a label) takes <see cref="BlockTerms"/> terms in that dtype and is then added in float64. With 0/1 labels
/// and unit (or integer) weights every sum is an exact integer in either path, so the statistics are the same bit for
/// bit; with soft labels or fractional weights they are the same sums added in another order, which changes the last
/// bits (float32: within a few units in the 7th digit of the label's batch weight).</para>
/// <para>Left to the tensor path (null): the surrogate bound columns (<see cref="DualSignal.Surrogate"/>), NaN logits or
/// biases (the tensor path's relu and sign decide what a NaN counts as), inputs of another dtype or device, and
/// tensors a span cannot index.</para>
/// </remarks>
internal static class HostStatistics
{
    /// <summary>Terms each partial sum in the inputs' dtype takes before it is added to the float64 totals.</summary>
    internal const int BlockTerms = 16;

    /// <summary>
    /// The statistics [L, 2 + 2K] row-major (see <see cref="BatchStatistics"/>, without the surrogate bounds), or null
    /// where the tensor path must compute them (see the remarks).
    /// </summary>
    /// <param name="logits">[B, L].</param>
    /// <param name="labels">[B, L], the logits' dtype.</param>
    /// <param name="weights">Null, or [B, L], [B, 1], [1, L] or [1, 1] (possibly expanded to [B, L]) in the logits' dtype.</param>
    /// <param name="biases">PR-AUC's anchor biases, [L, K] or [1, L, K] in the logits' dtype, or null without anchors.</param>
    public static double[]? TrySum(Tensor logits, Tensor labels, Tensor? weights, Tensor? biases)
    {
        var dtype = logits.dtype;
        if (logits.device_type != DeviceType.CPU || dtype is not (ScalarType.Float32 or ScalarType.Float64) || logits.dim() != 2) return null;
        if (labels.dtype != dtype || labels.device_type != DeviceType.CPU || labels.dim() != 2) return null;
        if (weights is not null && (weights.dtype != dtype || weights.device_type != DeviceType.CPU || weights.dim() != 2)) return null;
        if (biases is not null && (biases.dtype != dtype || biases.device_type != DeviceType.CPU)) return null;
        long batch = logits.size(0), numLabels = logits.size(1);
        if (labels.size(0) != batch || labels.size(1) != numLabels || batch * numLabels > int.MaxValue / sizeof(double)) return null;

        var x = HostTensor.Contiguous(logits);
        var y = HostTensor.Contiguous(labels);
        int weightRowStride = 0, weightColumnStride = 0;
        Tensor? w = null;
        if (weights is not null)
        {
            // Broadcast axes (size 1, or stride 0 after an expand) are read through stride 0: nothing is materialized.
            w = HostTensor.WithoutExpandedAxes(weights);
            long rows = w.size(0), columns = w.size(1);
            if (rows is not 1 && rows != batch || columns is not 1 && columns != numLabels) return null;
            w = HostTensor.Contiguous(w);
            weightColumnStride = columns == 1 ? 0 : 1;
            weightRowStride = rows == 1 ? 0 : (int)columns;
        }
        int anchors = 0;
        Tensor? b = null;
        if (biases is not null)
        {
            anchors = (int)biases.size(-1);
            if (biases.numel() != numLabels * anchors) return null;
            b = HostTensor.Contiguous(biases);
        }
        var shape = new Shape((int)batch, (int)numLabels, anchors, weightRowStride, weightColumnStride);
        return dtype == ScalarType.Float32
            ? Sum(shape, Read<float>(x), Read<float>(y), Read<float>(w), Read<float>(b), w is not null)
            : Sum(shape, Read<double>(x), Read<double>(y), Read<double>(w), Read<double>(b), w is not null);
    }

    private static ReadOnlySpan<T> Read<T>(Tensor? tensor) where T : unmanaged => tensor is null ? default : HostTensor.Read<T>(tensor);

    /// <summary>The batch's sizes (anchors 0 without biases) and the weights' strides over rows and labels (0: broadcast).</summary>
    private readonly record struct Shape(int Batch, int Labels, int Anchors, int WeightRowStride, int WeightColumnStride);

    /// <summary>
    /// Float64 totals in one array: P [L], W [L], TP [L, A] and Σ w·p [L, A], with A the anchor stride per label (1 without
    /// biases; the anchor pass pads the anchors to whole vectors). Partial sums in the inputs' dtype, laid out alike,
    /// are added to it with <see cref="HostTensor.AddToFloat64{T}"/>.
    /// </summary>
    private sealed class Totals(int labels, int anchorStride)
    {
        public readonly int Labels = labels;
        public readonly int AnchorStride = anchorStride;
        public readonly double[] Values = new double[2 * labels + 2 * labels * anchorStride];
        public int TruePositivesAt => 2 * Labels;
        public int PredictedAt => 2 * Labels + Labels * AnchorStride;

        /// <summary>The [L, 2 + 2K] statistics from the first <paramref name="anchors"/> of each label's anchors; W is the batch size without weights.</summary>
        public double[] ToStatistics(int anchors, int batch, bool weighted)
        {
            int columns = BatchStatistics.Columns(anchors, surrogateBounds: false);
            var result = new double[Labels * columns];
            for (int l = 0; l < Labels; l++)
            {
                int row = l * columns;
                double positives = Values[l];
                result[row + BatchStatistics.PositivesColumn] = positives;
                result[row + BatchStatistics.WeightColumn] = weighted ? Values[Labels + l] : batch;
                for (int k = 0; k < anchors; k++)
                {
                    double truePositives = Values[TruePositivesAt + l * AnchorStride + k];
                    result[row + BatchStatistics.FalseNegativesColumn + k] = positives - truePositives;
                    result[row + BatchStatistics.FalseNegativesColumn + anchors + k] = Values[PredictedAt + l * AnchorStride + k] - truePositives;
                }
            }
            return result;
        }
    }

    private static double[]? Sum<T>(Shape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, ReadOnlySpan<T> biases, bool weighted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int anchors = Math.Max(shape.Anchors, 1);
        if (shape.Anchors > 0)
        {
            int count = Vector.IsHardwareAccelerated ? Vector<T>.Count : 1;
            var padded = new Totals(shape.Labels, (shape.Anchors + count - 1) / count * count);
            return SumAtAnchors(shape, x, y, w, biases, weighted, padded) ? padded.ToStatistics(anchors, shape.Batch, weighted) : null;
        }
        var totals = new Totals(shape.Labels, 1);
        // [B, 1] weights with several labels do not tile a vector: by row.
        bool flat = Vector.IsHardwareAccelerated && Vector<T>.Count % shape.Labels == 0
            && !(weighted && shape.WeightRowStride != 0 && shape.WeightColumnStride == 0 && shape.Labels > 1);
        bool ordered = flat ? SumFlat(shape, x, y, w, weighted, totals) : SumByRow(shape, x, y, w, weighted, totals);
        return ordered ? totals.ToStatistics(anchors, shape.Batch, weighted) : null;
    }

    /// <summary>
    /// Labels dividing the vector width (1, 2, 4, 8 for float32): the [B, L] inputs run as one flat array, lane j holding
    /// label j mod L; the weights are flat too, or one vector (a scalar or a [1, L] row tiled over the lanes).
    /// </summary>
    private static bool SumFlat<T>(Shape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, bool weighted, Totals totals)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Vector<T>.Count, labels = shape.Labels, n = shape.Batch * labels;
        bool flatWeights = weighted && shape.WeightRowStride != 0;
        var constantWeights = Vector<T>.One;
        if (weighted && !flatWeights)
        {
            Span<T> tile = stackalloc T[count];
            for (int j = 0; j < count; j++) tile[j] = w[(j % labels) * shape.WeightColumnStride];
            constantWeights = new Vector<T>(tile);
        }
        var one = Vector<T>.One;
        var notNaN = Vector<T>.AllBitsSet;
        // Per lane: P, W, TP, Σ w·p, in float64 across blocks, then folded onto the labels.
        Span<T> block = stackalloc T[4 * count];
        var lanes = new double[4 * count];
        int i = 0;
        while (i + count <= n)
        {
            Vector<T> positives = Vector<T>.Zero, weight = Vector<T>.Zero, truePositives = Vector<T>.Zero, predicted = Vector<T>.Zero;
            int last = (int)Math.Min(n - count, i + (long)(BlockTerms - 1) * count);
            for (; i <= last; i += count)
            {
                var xv = new Vector<T>(x.Slice(i, count));
                var wv = flatWeights ? new Vector<T>(w.Slice(i, count)) : constantWeights;
                var wy = wv * new Vector<T>(y.Slice(i, count));
                var p = Vector.GreaterThan(xv, Vector<T>.Zero) & one;
                notNaN &= Vector.Equals(xv, xv);
                positives += wy;
                weight += wv;
                truePositives += wy * p;
                predicted += wv * p;
            }
            positives.CopyTo(block);
            weight.CopyTo(block[count..]);
            truePositives.CopyTo(block[(2 * count)..]);
            predicted.CopyTo(block[(3 * count)..]);
            HostTensor.AddToFloat64<T>(block, lanes);
        }
        for (int quantity = 0; quantity < 4; quantity++)
        {
            // P, W, TP and Σ w·p sit at 0, L, 2L and 3L in the totals when there is one anchor.
            for (int j = 0; j < count; j++) totals.Values[quantity * labels + j % labels] += lanes[quantity * count + j];
        }
        bool ordered = Vector.EqualsAll(Vector.AsVectorInt32(notNaN), new Vector<int>(-1));
        for (; i < n; i++)
        {
            int label = i % labels;
            T ws = !weighted ? T.One : flatWeights ? w[i] : w[label * shape.WeightColumnStride];
            T wys = ws * y[i];
            T ps = x[i] > T.Zero ? T.One : T.Zero;
            ordered &= !T.IsNaN(x[i]);
            totals.Values[label] += double.CreateTruncating(wys);
            totals.Values[labels + label] += double.CreateTruncating(ws);
            totals.Values[2 * labels + label] += double.CreateTruncating(wys * ps);
            totals.Values[3 * labels + label] += double.CreateTruncating(ws * ps);
        }
        return ordered;
    }

    /// <summary>
    /// Any other label count or weight layout: row by row, vectors over the labels (scalars for a remainder shorter
    /// than a vector), into per-label partial sums laid out as the totals.
    /// </summary>
    private static bool SumByRow<T>(Shape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, bool weighted, Totals totals)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Vector<T>.Count, labels = shape.Labels;
        int vectorEnd = Vector.IsHardwareAccelerated ? labels / count * count : 0;
        var block = new T[4 * labels];
        var positives = block.AsSpan(0, labels);
        var weight = block.AsSpan(labels, labels);
        var truePositives = block.AsSpan(2 * labels, labels);
        var predicted = block.AsSpan(3 * labels, labels);
        var one = Vector<T>.One;
        var notNaN = Vector<T>.AllBitsSet;
        bool ordered = true;
        for (int first = 0; first < shape.Batch; first += BlockTerms)
        {
            int end = Math.Min(shape.Batch, first + BlockTerms);
            for (int r = first; r < end; r++)
            {
                int row = r * labels, weightRow = r * shape.WeightRowStride;
                int l = 0;
                for (; l < vectorEnd; l += count)
                {
                    var xv = new Vector<T>(x.Slice(row + l, count));
                    var wv = !weighted ? one
                        : shape.WeightColumnStride == 0 ? new Vector<T>(w[weightRow]) : new Vector<T>(w.Slice(weightRow + l, count));
                    var wy = wv * new Vector<T>(y.Slice(row + l, count));
                    var p = Vector.GreaterThan(xv, Vector<T>.Zero) & one;
                    notNaN &= Vector.Equals(xv, xv);
                    Add(positives, l, wy);
                    Add(weight, l, wv);
                    Add(truePositives, l, wy * p);
                    Add(predicted, l, wv * p);
                }
                for (; l < labels; l++)
                {
                    T xs = x[row + l];
                    T ws = weighted ? w[weightRow + l * shape.WeightColumnStride] : T.One;
                    T wys = ws * y[row + l];
                    T ps = xs > T.Zero ? T.One : T.Zero;
                    ordered &= !T.IsNaN(xs);
                    positives[l] += wys;
                    weight[l] += ws;
                    truePositives[l] += wys * ps;
                    predicted[l] += ws * ps;
                }
            }
            HostTensor.AddToFloat64<T>(block, totals.Values);
            Array.Clear(block);
        }
        return ordered && Vector.EqualsAll(Vector.AsVectorInt32(notNaN), new Vector<int>(-1));
    }

    /// <summary>
    /// PR-AUC: per example and label, vectors over the anchors of x + b_k, the biases padded to whole vectors with −∞
    /// (never predicted positive, so the padding lanes add 0 and are dropped).
    /// </summary>
    private static bool SumAtAnchors<T>(Shape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> w, ReadOnlySpan<T> biases, bool weighted, Totals totals)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Vector.IsHardwareAccelerated ? Vector<T>.Count : 1, labels = shape.Labels, anchors = shape.Anchors, padded = totals.AnchorStride;
        foreach (var bias in biases)
            if (T.IsNaN(bias)) return false;
        var paddedBiases = new T[labels * padded];
        paddedBiases.AsSpan().Fill(T.NegativeInfinity);
        for (int l = 0; l < labels; l++) biases.Slice(l * anchors, anchors).CopyTo(paddedBiases.AsSpan(l * padded));
        var block = new T[totals.Values.Length];
        var positives = block.AsSpan(0, labels);
        var weight = block.AsSpan(labels, labels);
        var truePositives = block.AsSpan(totals.TruePositivesAt, labels * padded);
        var predicted = block.AsSpan(totals.PredictedAt, labels * padded);
        var one = Vector<T>.One;
        for (int first = 0; first < shape.Batch; first += BlockTerms)
        {
            int end = Math.Min(shape.Batch, first + BlockTerms);
            for (int r = first; r < end; r++)
            {
                int row = r * labels, weightRow = r * shape.WeightRowStride;
                for (int l = 0; l < labels; l++)
                {
                    T xs = x[row + l];
                    if (T.IsNaN(xs)) return false;
                    T ws = weighted ? w[weightRow + l * shape.WeightColumnStride] : T.One;
                    T wys = ws * y[row + l];
                    positives[l] += wys;
                    weight[l] += ws;
                    var xv = new Vector<T>(xs);
                    var wv = new Vector<T>(ws);
                    var wy = new Vector<T>(wys);
                    int offset = l * padded;
                    for (int k = 0; k < padded; k += count)
                    {
                        var p = Vector.GreaterThan(xv + new Vector<T>(paddedBiases.AsSpan(offset + k, count)), Vector<T>.Zero) & one;
                        Add(truePositives, offset + k, wy * p);
                        Add(predicted, offset + k, wv * p);
                    }
                }
            }
            HostTensor.AddToFloat64<T>(block, totals.Values);
            Array.Clear(block);
        }
        return true;
    }

    private static void Add<T>(Span<T> partialSums, int at, Vector<T> value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slot = partialSums.Slice(at, Vector<T>.Count);
        (new Vector<T>(slot) + value).CopyTo(slot);
    }
}
