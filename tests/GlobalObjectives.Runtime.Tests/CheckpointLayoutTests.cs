using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Checkpoints of earlier versions, whose one-constraint objectives saved <c>lambdas</c> as [L].</summary>
public sealed class CheckpointLayoutTests
{
    private const int NumLabels = 2;
    private const int StatisticsColumns = 4; // per label: positives, weight, FN and FP at logit 0 (no anchors, indicator signal)

    [Fact]
    public void AStateDictWithOneDualPerLabelLoadsIntoOneSlotAndTrainsOn()
    {
        var state = ObjectiveState.RateConstraints(true, null, new ConstraintSlot(Metric.Precision, ConstraintDirection.AtLeast, 0.8));
        var generator = TestData.Seeded(314);
        var batches = Enumerable.Range(0, 5)
            .Select(_ => (X: TestData.Randn(generator, 32, NumLabels), Y: TestData.UniformAbove(generator, 0.6, 32, NumLabels)))
            .ToArray();
        using var neverSaved = new ConstraintProbe(NumLabels, Streaming(), state);
        foreach (var (x, y) in batches[..2]) neverSaved.call(x, y);
        Assert.All(TensorAssert.ToDoubles(neverSaved.Lambdas!), lambda => Assert.NotEqual(1.0, lambda));

        // The tensors an earlier version saved for this objective, built by hand: the names, shapes and dtypes it wrote
        // (streaming priors, projected ascent), holding the values the loss above reached.
        var checkpoint = new Dictionary<string, Tensor>
        {
            [GlobalObjectiveLoss.LambdasName] = Saved(neverSaved, GlobalObjectiveLoss.LambdasName, ScalarType.Float32, NumLabels),
            [LabelPriors.WeightedLabelCountsName] = Saved(neverSaved, LabelPriors.WeightedLabelCountsName, ScalarType.Float64, NumLabels),
            [LabelPriors.WeightSumName] = Saved(neverSaved, LabelPriors.WeightSumName, ScalarType.Float64, NumLabels),
            [GlobalObjectiveLoss.BatchCountersName] = Saved(neverSaved, GlobalObjectiveLoss.BatchCountersName, ScalarType.Float64, 2),
            [GlobalObjectiveLoss.PositivesSeenName] = Saved(neverSaved, GlobalObjectiveLoss.PositivesSeenName, ScalarType.Float64, NumLabels),
            [GlobalObjectiveLoss.MonitorLastBatchName] = Saved(neverSaved, GlobalObjectiveLoss.MonitorLastBatchName, ScalarType.Float64, NumLabels, StatisticsColumns),
            [GlobalObjectiveLoss.MonitorRunningName] = Saved(neverSaved, GlobalObjectiveLoss.MonitorRunningName, ScalarType.Float64, NumLabels, StatisticsColumns),
        };
        var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
            nn.Module.save_state_dict(writer, checkpoint);

        using var loaded = new ConstraintProbe(NumLabels, Streaming(), state);
        loaded.load(new MemoryStream(file.ToArray()));                 // strict: every name, shape and dtype must match
        Assert.Equal([NumLabels], loaded.Lambdas!.shape);
        AssertSameState(neverSaved, loaded);

        // From here on, the loaded loss trains exactly as the one that never saved: the loss, λ, the priors, the monitor.
        foreach (var (x, y) in batches[2..])
        {
            Assert.Equal(TensorAssert.ToDoubles(neverSaved.call(x, y)), TensorAssert.ToDoubles(loaded.call(x, y)));
            AssertSameState(neverSaved, loaded);
        }
        Assert.Equal(MonitorText.ObjectiveLine(neverSaved.ReadMonitorState(), Metric.Recall), MonitorText.ObjectiveLine(loaded.ReadMonitorState(), Metric.Recall));
    }

    private static ObjectiveOptions Streaming() => new() { DualLearningRate = 0.5, DualWarmupPositives = 0 };

    private static Tensor Saved(GlobalObjectiveLoss loss, string name, ScalarType dtype, params long[] shape)
        => torch.tensor(TensorAssert.ToDoubles(loss.get_buffer(name)!), shape, dtype);

    private static void AssertSameState(GlobalObjectiveLoss expected, GlobalObjectiveLoss actual)
    {
        var actualState = actual.state_dict();
        Assert.Equal(expected.state_dict().Keys.Order(), actualState.Keys.Order());
        foreach (var (name, tensor) in expected.state_dict())
        {
            Assert.Equal(tensor.dtype, actualState[name].dtype);
            TensorAssert.AllClose(actualState[name], tensor, rtol: 0, atol: 0, what: name);
        }
    }
}
