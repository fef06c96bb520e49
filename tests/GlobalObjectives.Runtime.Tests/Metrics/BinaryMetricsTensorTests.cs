using GlobalObjectives.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Metrics;

/// <summary>The tensor overloads copy [N] or [N, 1] tensors of any dtype to float64 and agree with the array versions.</summary>
public sealed class BinaryMetricsTensorTests
{
    private static readonly double[] Scores = [0.9, 0.9, 0.7, 0.5, 0.5, 0.5, 0.2, 0.2];
    private static readonly double[] Labels = [1, 0, 1, 0, 1, 0, 0, 1];

    [Fact]
    public void ColumnFloat32ScoresAndBoolLabels_MatchTheArrayResults()
    {
        using var scope = torch.NewDisposeScope();
        var scores = torch.tensor(Scores.Select(s => (float)s).ToArray(), new long[] { Scores.Length, 1 });
        var labels = torch.tensor(Labels.Select(l => l == 1).ToArray());

        // float32 rounding of the scores keeps their order and ties, so the rank metrics are identical.
        Assert.Equal(BinaryMetrics.RocAuc(Scores, Labels), BinaryMetrics.RocAuc(scores, labels), 12);
        Assert.Equal(BinaryMetrics.AveragePrecision(Scores, Labels), BinaryMetrics.AveragePrecision(scores, labels), 12);
        Assert.Equal(
            BinaryMetrics.PrecisionAtRecall(Scores, Labels, 0.5).Precision,
            BinaryMetrics.PrecisionAtRecall(scores, labels, 0.5).Precision, 12);
        Assert.Equal(
            BinaryMetrics.RecallAtPrecision(Scores, Labels, 0.6).Recall,
            BinaryMetrics.RecallAtPrecision(scores, labels, 0.6).Recall, 12);
        Assert.Equal(
            BinaryMetrics.TruePositiveRateAtFalsePositiveRate(Scores, Labels, 0.25).Recall,
            BinaryMetrics.TruePositiveRateAtFalsePositiveRate(scores, labels, 0.25).Recall, 12);
        Assert.Equal(5, BinaryMetrics.PrecisionRecallCurve(scores, labels).Precision.Count);
        Assert.Equal(5, BinaryMetrics.RocCurve(scores, labels).Thresholds.Count);
    }

    [Fact]
    public void Float64IntegerLabelsAndWeights_MatchTheArrayResults()
    {
        using var scope = torch.NewDisposeScope();
        var scores = torch.tensor(Scores);
        var labels = torch.tensor(Labels.Select(l => (long)l).ToArray());
        var weights = torch.tensor(new double[] { 1, 2, 1, 1, 3, 1, 2, 1 });
        double[] weightArray = [1, 2, 1, 1, 3, 1, 2, 1];
        Assert.Equal(BinaryMetrics.RocAuc(Scores, Labels, weightArray), BinaryMetrics.RocAuc(scores, labels, weights), 12);
        var seed = BinaryMetrics.PrecisionAtRecallByPercentile(scores, labels, 0.98);
        Assert.Equal(BinaryMetrics.PrecisionAtRecallByPercentile(Scores, Labels, 0.98), seed);
    }

    [Fact]
    public void TensorsThatAreNotColumns_Throw()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc(torch.zeros(4, 2), torch.zeros(4)));
        Assert.Equal("scores", error.ParamName);
        Assert.Contains("[4, 2]", error.Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc(torch.zeros(4), torch.zeros(1, 4))).ParamName);
    }
}
