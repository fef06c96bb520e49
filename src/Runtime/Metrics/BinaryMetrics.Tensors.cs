using static TorchSharp.torch;

namespace GlobalObjectives.Metrics;

public static partial class BinaryMetrics
{
    /// <summary>Precision-recall curve of tensors (copied to the CPU as float64); see <see cref="PrecisionRecallCurve(double[], double[], double[])"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores (logits or probabilities), any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static PrecisionRecallCurve PrecisionRecallCurve(Tensor scores, Tensor labels, Tensor? sampleWeights = null)
        => PrecisionRecallCurve(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), ToArrayOrNull(sampleWeights));

    /// <summary>Average precision of tensors; see <see cref="AveragePrecision(double[], double[], double[])"/>.</summary>
    /// <inheritdoc cref="PrecisionRecallCurve(Tensor, Tensor, Tensor)" path="/param"/>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static double AveragePrecision(Tensor scores, Tensor labels, Tensor? sampleWeights = null)
        => AveragePrecision(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), ToArrayOrNull(sampleWeights));

    /// <summary>ROC curve of tensors; see <see cref="RocCurve(double[], double[], double[], bool)"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <param name="dropIntermediate">Whether to drop collinear points (scikit-learn's default; false here).</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static RocCurve RocCurve(Tensor scores, Tensor labels, Tensor? sampleWeights = null, bool dropIntermediate = false)
        => RocCurve(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), ToArrayOrNull(sampleWeights), dropIntermediate);

    /// <summary>ROC-AUC of tensors; see <see cref="RocAuc(double[], double[], double[])"/>.</summary>
    /// <inheritdoc cref="PrecisionRecallCurve(Tensor, Tensor, Tensor)" path="/param"/>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static double RocAuc(Tensor scores, Tensor labels, Tensor? sampleWeights = null)
        => RocAuc(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), ToArrayOrNull(sampleWeights));

    /// <summary>Raw partial ROC-AUC of tensors; see <see cref="PartialRocAuc(double[], double[], double, double, double[])"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="minFalsePositiveRate">lo, in [0, 1).</param>
    /// <param name="maxFalsePositiveRate">hi, in (lo, 1].</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static double PartialRocAuc(Tensor scores, Tensor labels, double minFalsePositiveRate, double maxFalsePositiveRate, Tensor? sampleWeights = null)
        => PartialRocAuc(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), minFalsePositiveRate, maxFalsePositiveRate, ToArrayOrNull(sampleWeights));

    /// <summary>Normalized partial ROC-AUC of tensors; see <see cref="NormalizedPartialRocAuc(double[], double[], double, double, double[])"/>.</summary>
    /// <inheritdoc cref="PartialRocAuc(Tensor, Tensor, double, double, Tensor)" path="/param"/>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static double NormalizedPartialRocAuc(Tensor scores, Tensor labels, double minFalsePositiveRate, double maxFalsePositiveRate, Tensor? sampleWeights = null)
        => NormalizedPartialRocAuc(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), minFalsePositiveRate, maxFalsePositiveRate, ToArrayOrNull(sampleWeights));

    /// <summary>Recall at precision of tensors; see <see cref="RecallAtPrecision(double[], double[], double, double[])"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="minPrecision">The precision to reach, in [0, 1].</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static OperatingPoint RecallAtPrecision(Tensor scores, Tensor labels, double minPrecision, Tensor? sampleWeights = null)
        => RecallAtPrecision(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), minPrecision, ToArrayOrNull(sampleWeights));

    /// <summary>Precision at recall of tensors; see <see cref="PrecisionAtRecall(double[], double[], double, double[])"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="minRecall">The recall to reach, in [0, 1].</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static OperatingPoint PrecisionAtRecall(Tensor scores, Tensor labels, double minRecall, Tensor? sampleWeights = null)
        => PrecisionAtRecall(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), minRecall, ToArrayOrNull(sampleWeights));

    /// <summary>TPR at FPR of tensors; see <see cref="TruePositiveRateAtFalsePositiveRate(double[], double[], double, double[])"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="maxFalsePositiveRate">The largest acceptable FPR, in [0, 1].</param>
    /// <param name="sampleWeights">Null, or [N] / [N, 1] non-negative weights.</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static OperatingPoint TruePositiveRateAtFalsePositiveRate(Tensor scores, Tensor labels, double maxFalsePositiveRate, Tensor? sampleWeights = null)
        => TruePositiveRateAtFalsePositiveRate(
            ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), maxFalsePositiveRate, ToArrayOrNull(sampleWeights));

    /// <summary>The seed example's percentile metric of tensors; see <see cref="PrecisionAtRecallByPercentile(double[], double[], double)"/>.</summary>
    /// <param name="scores">[N] or [N, 1] scores, any device.</param>
    /// <param name="labels">Labels of the same length: 0/1 as float, integer or bool.</param>
    /// <param name="targetRecall">r, in [0, 1].</param>
    /// <exception cref="ArgumentException">A tensor is not [N] or [N, 1], or the values are invalid.</exception>
    public static PercentileOperatingPoint PrecisionAtRecallByPercentile(Tensor scores, Tensor labels, double targetRecall)
        => PrecisionAtRecallByPercentile(ToArray(scores, nameof(scores)), ToArray(labels, nameof(labels)), targetRecall);

    /// <summary>Copies an [N] or [N, 1] tensor to a float64 array on the CPU.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="name">The argument name used in error messages.</param>
    /// <exception cref="ArgumentException">The tensor is not [N] or [N, 1].</exception>
    internal static double[] ToArray(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        var shape = tensor.shape;
        bool columnLike = shape.Length == 1 || (shape.Length == 2 && shape[1] == 1);
        if (!columnLike)
            throw new ArgumentException($"{name} must be [N] or [N, 1], got {MessageText.Shape(shape)}.", name);
        using var _ = NewDisposeScope();
        using var noGrad = no_grad();
        return tensor.detach().reshape(-1).to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
    }

    private static double[]? ToArrayOrNull(Tensor? sampleWeights)
        => sampleWeights is null ? null : ToArray(sampleWeights, nameof(sampleWeights));
}
