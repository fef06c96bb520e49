namespace GlobalObjectives.Samples;

/// <summary>One Gaussian cluster of the seed's synthetic data.</summary>
/// <param name="Label">1 for positives, 0 for negatives.</param>
/// <param name="CenterX">Center, first coordinate.</param>
/// <param name="CenterY">Center, second coordinate.</param>
/// <param name="StandardDeviation">Isotropic spread (the seed calls it "variance" but multiplies randn by it).</param>
/// <param name="Count">Number of points.</param>
internal sealed record Cluster(int Label, double CenterX, double CenterY, double StandardDeviation, int Count);

/// <summary>A data set of 2-D points with 0/1 labels, row-major.</summary>
/// <param name="Features">[N, 2] row-major: x₀, y₀, x₁, y₁, ….</param>
/// <param name="Labels">[N], 0 or 1.</param>
internal sealed record DataSet(double[] Features, double[] Labels)
{
    /// <summary>Number of points.</summary>
    public int Count => Labels.Length;

    /// <summary>First coordinates (for plotting).</summary>
    public double[] Xs => Enumerable.Range(0, Count).Select(i => Features[2 * i]).ToArray();

    /// <summary>Second coordinates (for plotting).</summary>
    public double[] Ys => Enumerable.Range(0, Count).Select(i => Features[2 * i + 1]).ToArray();

    /// <summary>The scores of the linear model x·w + b, in float64 as the seed's numpy evaluation computes them.</summary>
    public double[] Scores(double w0, double w1, double bias)
    {
        var scores = new double[Count];
        for (int i = 0; i < scores.Length; i++) scores[i] = Features[2 * i] * w0 + Features[2 * i + 1] * w1 + bias;
        return scores;
    }
}

/// <summary>
/// The seed's synthetic experiment (seed spec §9, <c>loss_layers_example.py</c>): a 2-D mixture of four isotropic
/// Gaussians, 550 positives and 3100 negatives, where no line reaches high recall without letting a small
/// negative cluster through. Cross-entropy puts its boundary where most points are; precision at recall 0.98
/// needs the boundary that also catches the 50 far positives.
/// </summary>
internal static class SyntheticData
{
    /// <summary>The clusters, in the seed's concatenation order: neg0, pos0, pos1, neg1.</summary>
    public static IReadOnlyList<Cluster> Clusters { get; } =
    [
        new(0, 0.0, -0.5, 0.15, 3000),
        new(1, 0.0, 1.0, 0.15, 500),
        new(1, 1.0, -0.5, 0.10, 50),
        new(0, 1.0, 1.0, 0.10, 100),
    ];

    /// <summary>Total number of points, 3650.</summary>
    public static int Count => Clusters.Sum(c => c.Count);

    /// <summary>
    /// Draws the train and eval sets as the seed does: one permutation of the 3650 indices, then the train set's
    /// points (clusters in order, each point's x then y), then an independent draw of the eval set; the same
    /// permutation shuffles both, so both have the same labels in the same order. Standard normals come from
    /// <see cref="Random"/> seeded with <paramref name="seed"/> through the Box–Muller transform, so the data
    /// are identical on every machine.
    /// </summary>
    public static (DataSet Train, DataSet Eval) Create(int seed)
    {
        var random = new Random(seed);
        var normal = new NormalSampler(random);
        int n = Count;
        var permutation = Enumerable.Range(0, n).ToArray();
        random.Shuffle(permutation);
        var train = Draw(normal, permutation);
        var eval = Draw(normal, permutation);
        return (train, eval);
    }

    private static DataSet Draw(NormalSampler normal, int[] permutation)
    {
        int n = permutation.Length;
        var features = new double[2 * n];
        var labels = new double[n];
        int row = 0;
        var rawFeatures = new double[2 * n];
        var rawLabels = new double[n];
        foreach (var cluster in Clusters)
        {
            for (int i = 0; i < cluster.Count; i++, row++)
            {
                rawFeatures[2 * row] = cluster.StandardDeviation * normal.Next() + cluster.CenterX;
                rawFeatures[2 * row + 1] = cluster.StandardDeviation * normal.Next() + cluster.CenterY;
                rawLabels[row] = cluster.Label;
            }
        }
        for (int i = 0; i < n; i++)
        {
            int source = permutation[i];
            features[2 * i] = rawFeatures[2 * source];
            features[2 * i + 1] = rawFeatures[2 * source + 1];
            labels[i] = rawLabels[source];
        }
        return new DataSet(features, labels);
    }

    /// <summary>Standard normal draws by the Box–Muller transform (both values of each pair are used).</summary>
    private sealed class NormalSampler(Random random)
    {
        private double? _spare;

        public double Next()
        {
            if (_spare is { } spare)
            {
                _spare = null;
                return spare;
            }
            double u1 = 1.0 - random.NextDouble(); // (0, 1]: log(u1) is finite
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            double angle = 2.0 * Math.PI * u2;
            _spare = radius * Math.Sin(angle);
            return radius * Math.Cos(angle);
        }
    }
}
