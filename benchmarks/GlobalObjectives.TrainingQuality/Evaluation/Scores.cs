namespace GlobalObjectives.TrainingQuality.Evaluation;

/// <summary>Confusion counts of a scored set at one threshold (a score above the threshold is a positive prediction).</summary>
public readonly record struct Confusion(int TruePositives, int FalsePositives, int Positives, int Negatives)
{
    public double Recall => Positives == 0 ? 0.0 : (double)TruePositives / Positives;

    public double FalsePositiveRate => Negatives == 0 ? 0.0 : (double)FalsePositives / Negatives;

    /// <summary>TP / (TP + FP); 1 when nothing is predicted positive (no positive prediction is wrong).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>The fraction of the set predicted positive: 0 and 1 are the degenerate "nothing" and "everything".</summary>
    public double PredictedPositiveRate => (double)(TruePositives + FalsePositives) / (Positives + Negatives);
}

/// <summary>Model scores (logits) with their 0/1 labels, sorted once for threshold sweeps and the AUCs.</summary>
public sealed class Scores
{
    private readonly float[] _scores;
    private readonly bool[] _labels;
    private readonly int[] _descending;

    public Scores(float[] scores, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        if (scores.Length == 0)
            throw new ArgumentException("At least one scored example is needed.", nameof(scores));
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
                throw new ArgumentException($"Score {scores[i]} at {i} is not finite.", nameof(scores));
        }
        _scores = scores;
        _labels = labels.Select(l => l == 1f).ToArray();
        Positives = _labels.Count(l => l);
        Negatives = _labels.Length - Positives;
        _descending = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(_scores.ToArray(), _descending); // ascending by score
        Array.Reverse(_descending);
    }

    public int Count => _scores.Length;

    public int Positives { get; }

    public int Negatives { get; }

    /// <summary>Counts with "score > threshold" as the positive prediction (ties at the threshold are negative, as in training).</summary>
    public Confusion At(double threshold)
    {
        int tp = 0, fp = 0;
        for (int i = 0; i < _scores.Length; i++)
        {
            if (_scores[i] > threshold)
            {
                if (_labels[i]) tp++; else fp++;
            }
        }
        return new Confusion(tp, fp, Positives, Negatives);
    }

    /// <summary>
    /// Every distinct operating point, from "predict nothing" to "predict everything": the counts and a threshold that
    /// realizes them (midway between neighbouring distinct scores, so it transfers sensibly to other data).
    /// </summary>
    public IEnumerable<(Confusion Counts, double Threshold)> OperatingPoints()
    {
        int tp = 0, fp = 0;
        double top = _scores[_descending[0]];
        yield return (new Confusion(0, 0, Positives, Negatives), top + 1.0);
        int k = 0;
        while (k < _descending.Length)
        {
            float score = _scores[_descending[k]];
            while (k < _descending.Length && _scores[_descending[k]] == score)
            {
                if (_labels[_descending[k]]) tp++; else fp++;
                k++;
            }
            // Below the lowest score: score − 1, or the next double down where |score| is too large for − 1 to change it.
            double threshold = k < _descending.Length ? (score + (double)_scores[_descending[k]]) / 2.0
                : Math.Min(score - 1.0, Math.BitDecrement((double)score));
            yield return (new Confusion(tp, fp, Positives, Negatives), threshold);
        }
    }

    /// <summary>
    /// Average precision (the step-wise area under the precision-recall curve): the mean, over positives, of the
    /// precision at their score; tied scores form one step.
    /// </summary>
    public double AveragePrecision()
    {
        if (Positives == 0) return 0.0;
        double area = 0.0, previousRecall = 0.0;
        foreach (var (counts, _) in OperatingPoints())
        {
            if (counts.TruePositives + counts.FalsePositives == 0) continue;
            area += (counts.Recall - previousRecall) * counts.Precision;
            previousRecall = counts.Recall;
        }
        return area;
    }

    /// <summary>Area under the ROC curve: the probability that a random positive outscores a random negative, ties counting half.</summary>
    public double RocAuc()
    {
        if (Positives == 0 || Negatives == 0) return 0.5;
        double area = 0.0;
        int previousTp = 0, previousFp = 0;
        foreach (var (counts, _) in OperatingPoints())
        {
            int dFp = counts.FalsePositives - previousFp, dTp = counts.TruePositives - previousTp;
            area += dFp * (previousTp + dTp / 2.0); // trapezoid: ties count half
            previousTp = counts.TruePositives;
            previousFp = counts.FalsePositives;
        }
        return area / ((double)Positives * Negatives);
    }

    /// <summary>
    /// The partial area under the ROC curve over FPR ∈ [<paramref name="minFalsePositiveRate"/>,
    /// <paramref name="maxFalsePositiveRate"/>] divided by the width of the range: the mean TPR over that range, in
    /// [0, 1] (1 for a perfect ranking, (lo + hi)/2 for a random one). The curve is <see cref="RocAuc"/>'s (a tie group
    /// is one straight segment, so ties count half), cut by linear interpolation where lo and hi fall inside a segment;
    /// [0, 1] gives <see cref="RocAuc"/>. The runtime's <c>BinaryMetrics.NormalizedPartialRocAuc</c> computes the same
    /// number (a test checks it). Without positives or without negatives there is no curve: the random ranking's value.
    /// </summary>
    public double NormalizedPartialRocAuc(double minFalsePositiveRate, double maxFalsePositiveRate)
    {
        if (!(minFalsePositiveRate >= 0 && minFalsePositiveRate < maxFalsePositiveRate && maxFalsePositiveRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate),
                $"Expected 0 <= lo < hi <= 1, got [{minFalsePositiveRate}, {maxFalsePositiveRate}].");
        if (Positives == 0 || Negatives == 0) return (minFalsePositiveRate + maxFalsePositiveRate) / 2;
        double area = 0.0, previousFpr = 0.0, previousTpr = 0.0;
        foreach (var (counts, _) in OperatingPoints())
        {
            double fpr = counts.FalsePositiveRate, tpr = counts.Recall;
            double from = Math.Max(previousFpr, minFalsePositiveRate), to = Math.Min(fpr, maxFalsePositiveRate);
            if (fpr > previousFpr && from < to)
            {
                double slope = (tpr - previousTpr) / (fpr - previousFpr);
                area += (to - from) * (previousTpr + slope * (from - previousFpr) + previousTpr + slope * (to - previousFpr)) / 2;
            }
            previousFpr = fpr;
            previousTpr = tpr;
        }
        return area / (maxFalsePositiveRate - minFalsePositiveRate);
    }
}
