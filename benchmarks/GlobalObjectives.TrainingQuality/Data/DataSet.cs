namespace GlobalObjectives.TrainingQuality.Data;

/// <summary>
/// A binary classification data set held in memory: a row-major float32 feature matrix and 0/1 labels.
/// </summary>
/// <remarks>
/// <see cref="Values"/> holds <see cref="Rows"/> × <see cref="Features"/> numbers, row after row: the value of
/// feature <c>j</c> in row <c>i</c> is <c>Values[i * Features + j]</c>. That is the layout TorchSharp expects, so
/// <c>torch.tensor(data.Values, new long[] { data.Rows, data.Features })</c> makes the matrix in one call, and
/// <c>torch.tensor(data.Labels)</c> the label vector. The arrays are not copied: do not modify them.
/// </remarks>
public sealed class DataSet
{
    public DataSet(string name, IReadOnlyList<string> featureNames, float[] values, float[] labels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureNames.Count == 0)
            throw new ArgumentException($"Data set '{name}' has no feature.", nameof(featureNames));
        if ((long)labels.Length * featureNames.Count != values.Length)
            throw new ArgumentException(
                $"Data set '{name}': {values.Length} values do not make {labels.Length} rows of {featureNames.Count} features.",
                nameof(values));

        int positives = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 1f) positives++;
            else if (labels[i] != 0f)
                throw new ArgumentException($"Data set '{name}': label {labels[i]} in row {i} is neither 0 nor 1.", nameof(labels));
        }

        Name = name;
        FeatureNames = featureNames.ToArray();
        Values = values;
        Labels = labels;
        Positives = positives;
    }

    /// <summary>The data set's name, e.g. <c>spam</c>.</summary>
    public string Name { get; }

    /// <summary>The feature columns' names, in column order (<see cref="Features"/> of them).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The feature matrix, row-major: <see cref="Rows"/> × <see cref="Features"/> values.</summary>
    public float[] Values { get; }

    /// <summary>One label per row: 1 for the positive class, 0 otherwise.</summary>
    public float[] Labels { get; }

    /// <summary>The number of rows (examples).</summary>
    public int Rows => Labels.Length;

    /// <summary>The number of features (columns of the matrix).</summary>
    public int Features => FeatureNames.Count;

    /// <summary>The number of rows labelled 1.</summary>
    public int Positives { get; }

    /// <summary>The fraction of rows labelled 1 (0 for an empty set).</summary>
    public double PositiveRate => Rows == 0 ? 0.0 : (double)Positives / Rows;

    /// <summary>The features of one row.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return Values.AsSpan(row * Features, Features);
    }

    /// <summary>The value of one feature in one row.</summary>
    public float this[int row, int feature] => Row(row)[feature];

    public override string ToString() => $"{Name}: {Rows} rows, {Features} features, {PositiveRate:P2} positive";
}
