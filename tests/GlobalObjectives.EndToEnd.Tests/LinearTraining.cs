using GlobalObjectives.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>
/// The training recipe of the end-to-end constraint tests (<see cref="ConstraintsHoldTests"/>,
/// <see cref="SeveralConstraintsHoldTests"/>): a linear model trained as a user would, on
/// <see cref="Examples"/> synthetic examples in minibatches of <see cref="BatchSize"/> for <see cref="Steps"/> steps, one
/// optimizer (Adam at <see cref="LearningRate"/> unless said) over the model's parameters and the loss's.
/// </summary>
/// <remarks>
/// Determinism: the model's initial weights and the minibatch order come from a <see cref="torch.Generator"/> seeded
/// with <see cref="Seed"/>, not the global generator, which test classes running in parallel share; TorchSharp runs on
/// one thread (tests/Shared/TorchTestSetup.cs).
/// </remarks>
internal static class LinearTraining
{
    public const int Examples = 10_000;
    public const int BatchSize = 250;
    public const int Steps = 2_000; // 50 epochs of 40 minibatches
    public const double LearningRate = 0.01;
    public const int Seed = 1;

    /// <summary>
    /// A linear model trained with <paramref name="loss"/>: one optimizer (<paramref name="optimizerName"/>, see
    /// <see cref="CreateOptimizer"/>) over its parameters and <paramref name="extraParameters"/>, shuffled minibatches,
    /// one dispose scope per step. Initial weights and biases are U(±0.7), nn.Linear's range for two inputs.
    /// </summary>
    public static Linear Train(SyntheticSet train, Func<Tensor, Tensor, Tensor> loss, IEnumerable<Parameter> extraParameters,
                               string optimizerName = "Adam")
    {
        var generator = new torch.Generator(Seed);
        var model = nn.Linear(train.Dimensions, 1);
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            model.weight!.copy_(torch.rand([1, train.Dimensions], generator: generator) * 1.4 - 0.7); // nn.Linear's U(±1/√2), seeded here
            model.bias!.copy_(torch.rand([1], generator: generator) * 1.4 - 0.7);
        }
        var optimizer = CreateOptimizer(optimizerName, model.parameters().Concat(extraParameters));
        using var features = train.Features();
        using var labels = train.LabelColumn();
        Tensor? order = null;
        int batchesPerEpoch = train.Count / BatchSize;
        for (int step = 0; step < Steps; step++)
        {
            if (step % batchesPerEpoch == 0)
            {
                order?.Dispose();
                order = torch.randperm(train.Count, generator: generator);
            }
            using var scope = torch.NewDisposeScope();
            var index = order!.narrow(0, step % batchesPerEpoch * BatchSize, BatchSize);
            optimizer.zero_grad();
            loss(model.call(features[index]), labels[index]).backward();
            optimizer.step();
        }
        order?.Dispose();
        return model;
    }

    /// <summary>Adam (the default), SGD, SGD+momentum, AdamW or RMSprop, at the step sizes the tests use.</summary>
    public static torch.optim.Optimizer CreateOptimizer(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "Adam" => torch.optim.Adam(parameters, LearningRate),
        "SGD" => torch.optim.SGD(parameters, 0.1),
        "SGD+momentum" => torch.optim.SGD(parameters, 0.05, momentum: 0.9),
        "AdamW" => torch.optim.AdamW(parameters, LearningRate, weight_decay: 0.01),
        "RMSprop" => torch.optim.RMSProp(parameters, LearningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected Adam, SGD, SGD+momentum, AdamW or RMSprop."),
    };

    /// <summary>The model's logits on <paramref name="data"/>, in float64.</summary>
    public static double[] Scores(Linear model, SyntheticSet data)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        return model.call(data.Features()).reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
    }
}

/// <summary>One Gaussian cluster of a <see cref="SyntheticSet.Mixture"/>.</summary>
/// <param name="Label">1 for positives, 0 for negatives.</param>
/// <param name="Mean">The center, one value per dimension.</param>
/// <param name="StandardDeviation">The spread along each axis (axis-aligned), one value per dimension.</param>
/// <param name="Share">The probability that an example is drawn from this cluster (the shares sum to 1).</param>
internal sealed record GaussianCluster(int Label, double[] Mean, double[] StandardDeviation, double Share);

/// <summary>Synthetic points with 0/1 labels, drawn with <see cref="Random"/> from a fixed seed.</summary>
/// <param name="Points">Row-major [Count, Dimensions].</param>
/// <param name="Labels">0 or 1, one per point.</param>
/// <param name="Dimensions">Features per point.</param>
internal sealed record SyntheticSet(float[] Points, double[] Labels, int Dimensions)
{
    public int Count => Labels.Length;

    /// <summary>Two unit-variance Gaussian classes in 2-D, means (±separation/2, 0); labels drawn with the given positive rate.</summary>
    public static SyntheticSet TwoGaussians(Random random, int count, double positiveRate, double separation)
    {
        var points = new float[count * 2];
        var labels = new double[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.NextDouble() < positiveRate ? 1 : 0;
            points[2 * i] = (float)((labels[i] == 1 ? separation : -separation) / 2 + Gaussian(random));
            points[2 * i + 1] = (float)Gaussian(random);
        }
        return new SyntheticSet(points, labels, 2);
    }

    /// <summary>
    /// A mixture of axis-aligned Gaussian clusters: each example picks its cluster with probability
    /// <see cref="GaussianCluster.Share"/>, then draws each coordinate.
    /// </summary>
    public static SyntheticSet Mixture(Random random, int count, IReadOnlyList<GaussianCluster> clusters)
    {
        int dimensions = clusters[0].Mean.Length;
        var points = new float[count * dimensions];
        var labels = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            var cluster = clusters[^1];
            foreach (var candidate in clusters)
            {
                if (u < candidate.Share)
                {
                    cluster = candidate;
                    break;
                }
                u -= candidate.Share;
            }
            labels[i] = cluster.Label;
            for (int k = 0; k < dimensions; k++)
                points[i * dimensions + k] = (float)(cluster.Mean[k] + cluster.StandardDeviation[k] * Gaussian(random));
        }
        return new SyntheticSet(points, labels, dimensions);
    }

    public Tensor Features() => torch.tensor(Points, [Count, Dimensions]);

    public Tensor LabelColumn() => torch.tensor(Labels.Select(y => (float)y).ToArray(), [Count, 1]);

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>A threshold, the confusion counts of predicting <c>score ≥ Threshold</c>, and the objective there.</summary>
internal readonly record struct FeasiblePoint(double Threshold, ConfusionCounts Counts, double Objective);

/// <summary>Exhaustive searches for the best operating point under constraints, by the exact counts.</summary>
internal static class BestFeasiblePoint
{
    /// <summary>
    /// The best objective over every threshold of <paramref name="scores"/> (each distinct score, and +∞: predict
    /// nothing) whose counts are <paramref name="feasible"/>; null when none is.
    /// </summary>
    public static FeasiblePoint? OverThresholds(double[] scores, double[] labels, Func<ConfusionCounts, bool> feasible,
                                                 Func<ConfusionCounts, double> objective, bool maximize = true)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var descending = scores.Select(s => -s).ToArray();
        Array.Sort(descending, order); // highest score first; tied scores are taken together below
        double positives = labels.Sum(), negatives = labels.Length - positives;
        double truePositives = 0, falsePositives = 0;
        FeasiblePoint? best = null;
        Consider(double.PositiveInfinity);
        for (int rank = 0; rank < order.Length; rank++)
        {
            int i = order[rank];
            if (labels[i] == 1) truePositives++;
            else falsePositives++;
            if (rank + 1 < order.Length && scores[order[rank + 1]] == scores[i]) continue; // ties move together
            Consider(scores[i]);
        }
        return best;

        void Consider(double threshold)
        {
            var counts = new ConfusionCounts(truePositives, falsePositives, negatives - falsePositives, positives - truePositives);
            if (!feasible(counts)) return;
            double value = objective(counts);
            if (best is not { } current || (maximize ? value > current.Objective : value < current.Objective))
                best = new FeasiblePoint(threshold, counts, value);
        }
    }

    /// <summary>
    /// The best over every 2-D linear rule <c>cos θ·x₁ + sin θ·x₂ ≥ t</c>, θ on a grid of <paramref name="directions"/>
    /// angles over the full circle and t over <see cref="OverThresholds"/>; null when no rule is feasible.
    /// </summary>
    public static (FeasiblePoint Point, double Angle)? OverLinearRules(SyntheticSet data, int directions, Func<ConfusionCounts, bool> feasible,
                                                                     Func<ConfusionCounts, double> objective, bool maximize = true)
    {
        if (data.Dimensions != 2) throw new ArgumentException("Only 2-D data are supported.", nameof(data));
        (FeasiblePoint Point, double Angle)? best = null;
        var scores = new double[data.Count];
        for (int k = 0; k < directions; k++)
        {
            double angle = 2 * Math.PI * k / directions, cos = Math.Cos(angle), sin = Math.Sin(angle);
            for (int i = 0; i < data.Count; i++) scores[i] = cos * data.Points[2 * i] + sin * data.Points[2 * i + 1];
            if (OverThresholds(scores, data.Labels, feasible, objective, maximize) is not { } point) continue;
            if (best is not { } current || (maximize ? point.Objective > current.Point.Objective : point.Objective < current.Point.Objective))
                best = (point, angle);
        }
        return best;
    }
}
