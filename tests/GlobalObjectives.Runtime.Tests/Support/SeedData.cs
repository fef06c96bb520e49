using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>The fixed data builders of loss_layers_test.py (seed spec §8.8).</summary>
internal static class SeedData
{
    /// <summary><c>_multilabel_data()</c>: targets [6, 2] (three positives then three negatives, same for both labels) and logits [6, 2].</summary>
    public static (Tensor Targets, Tensor Logits) MultilabelData()
    {
        var targets = torch.tensor(new float[] { 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, new long[] { 6, 2 });
        var logits = torch.tensor(new float[]
        {
            0, 15,
            16, 0,
            14, 0,
            -17, 0,
            -15, 0,
            0, -101,
        }, new long[] { 6, 2 });
        return (targets, logits);
    }

    /// <summary>
    /// <c>_other_multilabel_data(surrogate)</c>: targets [12, 2] (six positives, six negatives) and logits [12, 2],
    /// where c = ln 3 for xent and 1 for hinge makes that negative's scaled loss exactly 2.
    /// </summary>
    public static (Tensor Targets, Tensor Logits) OtherMultilabelData(SurrogateType surrogate)
    {
        float c = surrogate == SurrogateType.Xent ? 1.09861229f : 1.0f;
        var targets = torch.tensor(Enumerable.Repeat(1f, 12).Concat(Enumerable.Repeat(0f, 12)).ToArray(), new long[] { 12, 2 });
        var logits = torch.tensor(new float[]
        {
            0, 13,
            12, 0,
            15, 0,
            0, 30,
            13, 0,
            18, 0,
            -16, c,
            -15, c,
            c, -111,
            -133, -14,
            -14.0100101f, -16,
            -19.888828882f, -101,
        }, new long[] { 12, 2 });
        return (targets, logits);
    }
}
