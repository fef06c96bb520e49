using System.Diagnostics;
using GlobalObjectives.TrainingQuality.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.TrainingQuality.Training;

/// <summary>One training run: what to train, on which split, how.</summary>
public sealed record RunSpec(TensorSplit Data, BenchmarkObjective? Objective, Method Method, ModelKind Model,
                             OptimizerKind Optimizer)
{
    public int Seed => Data.Seed;
}

/// <summary>One point of a run's λ/slack trace, read from the loss's training monitor.</summary>
public readonly record struct TracePoint(int Step, double Lambda, double Slack, double Rate);

/// <summary>The trained model's logits on both parts of the split, the run's wall time and its monitor trace.</summary>
public sealed record RunOutput(float[] TrainScores, float[] HeldOutScores, double Seconds, IReadOnlyList<TracePoint> Trace);

/// <summary>
/// Trains exactly as the README tells a user to: model and loss parameters in one optimizer, minibatches,
/// <c>loss.call(logits, labels)</c>, <c>backward</c>, <c>step</c>, tensors scoped per step.
/// </summary>
public static class RunTrainer
{
    public static RunOutput Train(RunSpec spec, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        if (spec.Method != Method.CrossEntropy && spec.Objective is null)
            throw new ArgumentException($"Method {spec.Method} needs an objective.", nameof(spec));

        var clock = Stopwatch.StartNew();
        var data = spec.Data;
        using var model = Models.Create(spec.Model, data.Split.Features, settings.HiddenUnits, spec.Seed);
        using var loss = CreateLoss(spec, settings);
        using var optimizer = Models.CreateOptimizer(spec.Optimizer, model.parameters(), loss.parameters(), settings);
        var monitored = loss as GlobalObjectiveLoss;
        var trace = new List<TracePoint>();
        int batchSize = spec.Method != Method.CrossEntropy && spec.Objective?.Family == ObjectiveFamily.RocAuc
            ? settings.RocAucBatchSize
            : settings.BatchSize;
        var batches = new BatchSampler(data.Split.TrainCount, batchSize, spec.Seed);

        model.train();
        loss.train();
        for (int step = 1; step <= settings.Steps; step++)
        {
            using var scope = NewDisposeScope();
            using var indices = tensor(batches.Next());
            var features = data.TrainFeatures.index_select(0, indices);
            var labels = data.TrainLabels.index_select(0, indices);
            optimizer.zero_grad();
            var value = loss.call(model.call(features), labels);
            value.backward();
            optimizer.step();
            if (monitored is not null && spec.Objective is { } objective && step % settings.TraceEvery == 0)
                trace.Add(ReadTrace(monitored, objective, step));
        }

        model.eval();
        float[] trainScores = Score(model, data.TrainFeatures);
        float[] heldOutScores = Score(model, data.HeldOutFeatures);
        return new RunOutput(trainScores, heldOutScores, clock.Elapsed.TotalSeconds, trace);
    }

    private static nn.Module<Tensor, Tensor, Tensor> CreateLoss(RunSpec spec, TrainingSettings settings) => spec.Method switch
    {
        Method.CrossEntropy => nn.BCEWithLogitsLoss(),
        Method.Default => spec.Objective!.CreateLoss(DualUpdate.ProjectedAscent, settings.DualLearningRate,
                                                     settings.DualWarmupPositives, settings.InitialLambda),
        Method.SeedMode => spec.Objective!.CreateLoss(DualUpdate.GradientReversal),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Method, "Unknown method."),
    };

    private static float[] Score(nn.Module<Tensor, Tensor> model, Tensor features)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return model.call(features).reshape(-1).data<float>().ToArray();
    }

    // λ (mean over anchors for PR-AUC) and the constraint's running slack and rate at logit 0 since the last read.
    private static TracePoint ReadTrace(GlobalObjectiveLoss loss, BenchmarkObjective objective, int step)
    {
        if (objective.Family == ObjectiveFamily.RocAuc) return new TracePoint(step, double.NaN, double.NaN, double.NaN);
        var reading = loss.ReadMonitorState(reset: true);
        if (!objective.IsRateFamily)
        {
            double mean = Enumerable.Range(0, reading.Anchors).Average(k => reading.Lambda(0, k));
            return new TracePoint(step, mean, double.NaN, double.NaN);
        }
        var (metric, direction) = objective.Constraint;
        return new TracePoint(step, reading.Lambda(0), reading.Slack(metric, direction, 0).Running,
                              reading.Rate(metric, 0).Running);
    }
}

/// <summary>Minibatches drawn without replacement from a fresh permutation each epoch, from a seeded generator.</summary>
internal sealed class BatchSampler
{
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly Random _random;
    private int _next;

    public BatchSampler(int rows, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _order = Enumerable.Range(0, rows).ToArray();
        _batchSize = Math.Min(batchSize, rows);
        _random = new Random(seed);
        _next = rows; // shuffle before the first batch
    }

    public long[] Next()
    {
        var batch = new long[_batchSize];
        for (int i = 0; i < batch.Length; i++)
        {
            if (_next == _order.Length)
            {
                _random.Shuffle(_order);
                _next = 0;
            }
            batch[i] = _order[_next++];
        }
        return batch;
    }
}
