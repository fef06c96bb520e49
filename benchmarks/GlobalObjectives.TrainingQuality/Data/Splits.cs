namespace GlobalObjectives.TrainingQuality.Data;

/// <summary>
/// Per-feature standardization statistics, computed on training rows only: <see cref="Means"/> and population
/// standard deviations. A feature that is constant on the training rows gets mean = that value and standard
/// deviation 1, so it standardizes to exactly 0 there and never to NaN.
/// </summary>
public sealed class FeatureStatistics
{
    public FeatureStatistics(double[] means, double[] standardDeviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardDeviations);
        if (means.Length != standardDeviations.Length)
            throw new ArgumentException("One mean and one standard deviation per feature are needed.", nameof(standardDeviations));
        foreach (double sd in standardDeviations)
        {
            if (!(sd > 0) || !double.IsFinite(sd))
                throw new ArgumentException($"Standard deviation {sd} is not a positive finite number.", nameof(standardDeviations));
        }
        Means = means;
        StandardDeviations = standardDeviations;
    }

    /// <summary>The training mean of each feature.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>The training population standard deviation of each feature (1 for a constant feature).</summary>
    public IReadOnlyList<double> StandardDeviations { get; }

    /// <summary>The number of features.</summary>
    public int Features => Means.Count;

    /// <summary>
    /// Computes the statistics over the given rows of a row-major matrix (<paramref name="rows"/> selects them;
    /// pass the training rows only).
    /// </summary>
    public static FeatureStatistics Compute(float[] values, int features, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (values.Length % features != 0)
            throw new ArgumentException($"{values.Length} values do not make rows of {features} features.", nameof(values));
        if (rows.Count == 0)
            throw new ArgumentException("Statistics need at least one row.", nameof(rows));

        int totalRows = values.Length / features;
        var sums = new double[features];
        var min = new float[features];
        var max = new float[features];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)totalRows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside 0..{totalRows - 1}.");
            var x = values.AsSpan(row * features, features);
            for (int j = 0; j < features; j++)
            {
                sums[j] += x[j];
                if (x[j] < min[j]) min[j] = x[j];
                if (x[j] > max[j]) max[j] = x[j];
            }
        }

        var means = new double[features];
        for (int j = 0; j < features; j++) means[j] = sums[j] / rows.Count;

        // Two passes (the mean first) keep the variance accurate for large offsets such as years or prices.
        var squares = new double[features];
        foreach (int row in rows)
        {
            var x = values.AsSpan(row * features, features);
            for (int j = 0; j < features; j++)
            {
                double d = x[j] - means[j];
                squares[j] += d * d;
            }
        }

        var sds = new double[features];
        for (int j = 0; j < features; j++)
        {
            if (min[j] == max[j])
            {
                means[j] = min[j]; // exactly the constant, so (x - mean) is exactly 0
                sds[j] = 1.0;
            }
            else
            {
                sds[j] = Math.Sqrt(squares[j] / rows.Count);
            }
        }
        return new FeatureStatistics(means, sds);
    }

    /// <summary>Standardizes the given rows of a row-major matrix into a new row-major matrix, in that row order.</summary>
    public float[] Apply(float[] values, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rows);
        int features = Features;
        if (values.Length % features != 0)
            throw new ArgumentException($"{values.Length} values do not make rows of {features} features.", nameof(values));
        int totalRows = values.Length / features;
        var result = new float[(long)rows.Count * features];
        for (int r = 0; r < rows.Count; r++)
        {
            int row = rows[r];
            if ((uint)row >= (uint)totalRows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside 0..{totalRows - 1}.");
            var x = values.AsSpan(row * features, features);
            var y = result.AsSpan(r * features, features);
            for (int j = 0; j < features; j++)
                y[j] = (float)((x[j] - Means[j]) / StandardDeviations[j]);
        }
        return result;
    }

    /// <summary>Standardizes one row.</summary>
    public float[] Apply(ReadOnlySpan<float> row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"Expected {Features} features, got {row.Length}.", nameof(row));
        var result = new float[row.Length];
        for (int j = 0; j < row.Length; j++)
            result[j] = (float)((row[j] - Means[j]) / StandardDeviations[j]);
        return result;
    }
}

/// <summary>
/// A data set split into a training part and a held-out part. The feature matrices are row-major
/// (<see cref="Features"/> values per row) and, unless the split was made without it, standardized with
/// <see cref="Statistics"/>, which were computed on the training rows only.
/// </summary>
public sealed record SplitDataSet(
    string Name,
    int Features,
    float[] TrainFeatures,
    float[] TrainLabels,
    float[] HeldOutFeatures,
    float[] HeldOutLabels,
    FeatureStatistics Statistics,
    int[] TrainRows,
    int[] HeldOutRows,
    bool Standardized)
{
    /// <summary>The number of training rows.</summary>
    public int TrainCount => TrainLabels.Length;

    /// <summary>The number of held-out rows.</summary>
    public int HeldOutCount => HeldOutLabels.Length;

    /// <summary>The number of positive training rows.</summary>
    public int TrainPositives => TrainLabels.Count(l => l == 1f);

    /// <summary>The number of positive held-out rows.</summary>
    public int HeldOutPositives => HeldOutLabels.Count(l => l == 1f);
}

/// <summary>Deterministic stratified train / held-out splits and training-only standardization.</summary>
public static class Splits
{
    /// <summary>The default fraction of each class that is held out.</summary>
    public const double DefaultHeldOutFraction = 0.3;

    /// <summary>
    /// A stratified split of row indices: the positives and the negatives (in file order) are each shuffled with
    /// one <c>new Random(seed)</c> (Fisher–Yates; positives first, then negatives), and the first
    /// round(<paramref name="heldOutFraction"/> × count) of each (midpoint away from zero) are held out. Both index
    /// arrays are returned sorted ascending, so each part keeps the file's row order: shuffle mini-batches yourself.
    /// </summary>
    /// <remarks>
    /// <see cref="Random"/> created with an explicit seed produces the same sequence on every platform and run (.NET
    /// keeps its seeded algorithm unchanged for compatibility, although the documentation does not promise it across
    /// major versions); the tests pin a split so that a change would show.
    /// </remarks>
    public static (int[] Train, int[] HeldOut) StratifiedIndices(IReadOnlyList<float> labels, int seed,
                                                                 double heldOutFraction = DefaultHeldOutFraction)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(heldOutFraction > 0.0 && heldOutFraction < 1.0))
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "The held-out fraction must be in (0, 1).");

        var positives = new List<int>();
        var negatives = new List<int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == 1f) positives.Add(i);
            else if (labels[i] == 0f) negatives.Add(i);
            else throw new ArgumentException($"Label {labels[i]} in row {i} is neither 0 nor 1.", nameof(labels));
        }

        var random = new Random(seed);
        var train = new List<int>(labels.Count);
        var heldOut = new List<int>(labels.Count);
        foreach (var group in new[] { positives, negatives })
        {
            int[] shuffled = group.ToArray();
            for (int i = shuffled.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            int take = (int)Math.Round(heldOutFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            heldOut.AddRange(shuffled.AsSpan(0, take));
            train.AddRange(shuffled.AsSpan(take));
        }

        int[] trainRows = train.ToArray();
        int[] heldOutRows = heldOut.ToArray();
        Array.Sort(trainRows);
        Array.Sort(heldOutRows);
        return (trainRows, heldOutRows);
    }

    /// <summary>
    /// Splits a data set (see <see cref="StratifiedIndices"/>) and, when <paramref name="standardize"/> is true,
    /// standardizes both parts with the mean and population standard deviation of the training rows.
    /// </summary>
    public static SplitDataSet Split(DataSet data, int seed, double heldOutFraction = DefaultHeldOutFraction,
                                     bool standardize = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (train, heldOut) = StratifiedIndices(data.Labels, seed, heldOutFraction);
        if (train.Length == 0)
            throw new ArgumentException($"Data set '{data.Name}' is too small to split: no training row.", nameof(data));

        var statistics = standardize
            ? FeatureStatistics.Compute(data.Values, data.Features, train)
            : new FeatureStatistics(new double[data.Features], Enumerable.Repeat(1.0, data.Features).ToArray());

        return new SplitDataSet(
            data.Name,
            data.Features,
            statistics.Apply(data.Values, train),
            train.Select(i => data.Labels[i]).ToArray(),
            statistics.Apply(data.Values, heldOut),
            heldOut.Select(i => data.Labels[i]).ToArray(),
            statistics,
            train,
            heldOut,
            standardize);
    }
}
