using GlobalObjectives.TrainingQuality.Data;
using static TorchSharp.torch;

namespace GlobalObjectives.TrainingQuality.Training;

/// <summary>A split data set as tensors ([n, F] features, [n, 1] labels), shared read-only by the runs on it.</summary>
public sealed class TensorSplit : IDisposable
{
    public TensorSplit(SplitDataSet split, int seed)
    {
        ArgumentNullException.ThrowIfNull(split);
        Split = split;
        Seed = seed;
        TrainFeatures = tensor(split.TrainFeatures, [split.TrainCount, split.Features]);
        TrainLabels = tensor(split.TrainLabels, [split.TrainCount, 1]);
        HeldOutFeatures = tensor(split.HeldOutFeatures, [split.HeldOutCount, split.Features]);
    }

    public SplitDataSet Split { get; }

    /// <summary>The seed the split was drawn with; runs on it use the same seed for their model and batches.</summary>
    public int Seed { get; }

    public Tensor TrainFeatures { get; }

    public Tensor TrainLabels { get; }

    public Tensor HeldOutFeatures { get; }

    public void Dispose()
    {
        TrainFeatures.Dispose();
        TrainLabels.Dispose();
        HeldOutFeatures.Dispose();
    }
}
