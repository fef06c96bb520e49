namespace GlobalObjectives.Metrics;

/// <summary>
/// Exact (non-surrogate) evaluation metrics of a binary classifier from its scores, with scikit-learn's
/// definitions. Use them to judge a model trained with a global objective on the metric it was trained for.
/// </summary>
/// <remarks>
/// <para><b>Inputs.</b> <c>scores</c> are finite real numbers (logits or probabilities: only their order and the
/// thresholds matter); <c>labels</c> are 0 or 1, one per score; optional <c>sampleWeights</c> are finite and
/// non-negative, one per score (null means all 1). Zero-weight examples are ignored, as scikit-learn does.
/// Anything else throws an <see cref="ArgumentException"/> naming the argument, the index and the value.</para>
/// <para><b>Thresholds.</b> An example is predicted positive when <c>score ≥ threshold</c>, so tied scores are
/// always on the same side of a threshold. The curves have one point per distinct score.</para>
/// <para><b>Degenerate labels.</b> A metric that divides by the positives throws an <see cref="ArgumentException"/>
/// when the labels (with weight) hold no positive; one that divides by the negatives throws when they hold no
/// negative. (scikit-learn warns and returns NaN, 0 or 1 there, or raises for <c>roc_auc_score</c>; an
/// exception is the clearer signal for an evaluation.) Precision at a threshold that predicts nothing positive
/// is 0, as <c>precision_score</c> returns with its default <c>zero_division</c>.</para>
/// </remarks>
public static partial class BinaryMetrics
{
    /// <summary>The weighted confusion counts of predicting <c>score ≥ threshold</c>.</summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="threshold">The decision threshold (±∞ allowed, NaN is not).</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentException">The inputs are invalid; the message names the argument.</exception>
    public static ConfusionCounts CountsAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        BinaryCurve.Validate(scores, labels, sampleWeights);
        if (double.IsNaN(threshold))
            throw new ArgumentException("threshold is NaN; expected a number (±∞ allowed).", nameof(threshold));
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double w = sampleWeights?[i] ?? 1.0;
            bool predicted = scores[i] >= threshold;
            if (labels[i] == 1)
            {
                if (predicted) tp += w; else fn += w;
            }
            else
            {
                if (predicted) fp += w; else tn += w;
            }
        }
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /// <summary>
    /// Precision of predicting <c>score ≥ threshold</c>: TP / (TP + FP), or 0 when nothing is predicted positive
    /// (scikit-learn's <c>precision_score</c> with its default <c>zero_division</c>).
    /// </summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid.</exception>
    public static double PrecisionAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
        => CountsAt(scores, labels, threshold, sampleWeights).Precision;

    /// <summary>Recall (true-positive rate) of predicting <c>score ≥ threshold</c>: TP / P.</summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static double RecallAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        var counts = CountsAt(scores, labels, threshold, sampleWeights);
        if (!(counts.Positives > 0)) throw NoPositives(nameof(labels), "recall");
        return counts.Recall;
    }

    /// <summary>False-positive rate of predicting <c>score ≥ threshold</c>: FP / N.</summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no negative.</exception>
    public static double FalsePositiveRateAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        var counts = CountsAt(scores, labels, threshold, sampleWeights);
        if (!(counts.Negatives > 0)) throw NoNegatives(nameof(labels), "the false-positive rate");
        return counts.FalsePositiveRate;
    }

    /// <summary>
    /// The precision-recall curve, as scikit-learn's <c>precision_recall_curve</c> (1.1 and later, which keeps every
    /// threshold): thresholds are the distinct scores in increasing order, and the arrays end with the point
    /// (precision 1, recall 0) of predicting nothing positive.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive (recall is undefined).</exception>
    public static PrecisionRecallCurve PrecisionRecallCurve(double[] scores, double[] labels, double[]? sampleWeights = null)
    {
        var curve = BuildWithPositives(scores, labels, sampleWeights, "a precision-recall curve");
        int n = curve.Count;
        var precision = new double[n + 1];
        var recall = new double[n + 1];
        var thresholds = new double[n];
        for (int k = 0; k < n; k++)
        {
            int i = n - 1 - k; // increasing thresholds
            precision[k] = curve.PrecisionAt(i);
            recall[k] = curve.TruePositives[i] / curve.Positives;
            thresholds[k] = curve.Thresholds[i];
        }
        precision[n] = 1.0;
        recall[n] = 0.0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /// <summary>
    /// Average precision, as scikit-learn's <c>average_precision_score</c>: the step-wise sum
    /// Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct thresholds taken in decreasing order (no interpolation), starting
    /// from recall 0. Tied scores form one step.
    /// </summary>
    /// <inheritdoc cref="PrecisionRecallCurve(double[], double[], double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static double AveragePrecision(double[] scores, double[] labels, double[]? sampleWeights = null)
    {
        var curve = BuildWithPositives(scores, labels, sampleWeights, "average precision");
        double sum = 0, previousRecall = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            double recall = curve.TruePositives[i] / curve.Positives;
            sum += (recall - previousRecall) * curve.PrecisionAt(i);
            previousRecall = recall;
        }
        return sum;
    }

    /// <summary>
    /// The ROC curve, as scikit-learn's <c>roc_curve</c>: (0, 0) at threshold +∞, then one point per distinct
    /// score in decreasing order.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <param name="dropIntermediate">
    /// False (this method's default) keeps every distinct score, like <c>roc_curve(..., drop_intermediate=False)</c>.
    /// True drops the points collinear with their neighbours (horizontal or vertical runs), exactly like
    /// scikit-learn's default <c>drop_intermediate=True</c>; the area is unchanged.
    /// </param>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels lack positives or negatives.</exception>
    public static RocCurve RocCurve(double[] scores, double[] labels, double[]? sampleWeights = null, bool dropIntermediate = false)
    {
        var curve = BuildWithBothClasses(scores, labels, sampleWeights, "a ROC curve");
        var keep = new List<int>(curve.Count);
        for (int i = 0; i < curve.Count; i++) keep.Add(i);
        if (dropIntermediate && curve.Count > 2)
        {
            // scikit-learn: keep i when the second difference of fps or tps at i is non-zero, plus both ends.
            keep.Clear();
            keep.Add(0);
            for (int i = 1; i < curve.Count - 1; i++)
            {
                double d2f = curve.FalsePositives[i + 1] - 2 * curve.FalsePositives[i] + curve.FalsePositives[i - 1];
                double d2t = curve.TruePositives[i + 1] - 2 * curve.TruePositives[i] + curve.TruePositives[i - 1];
                if (d2f != 0 || d2t != 0) keep.Add(i);
            }
            keep.Add(curve.Count - 1);
        }

        var fpr = new double[keep.Count + 1];
        var tpr = new double[keep.Count + 1];
        var thresholds = new double[keep.Count + 1];
        thresholds[0] = double.PositiveInfinity;
        for (int k = 0; k < keep.Count; k++)
        {
            int i = keep[k];
            fpr[k + 1] = curve.FalsePositives[i] / curve.Negatives;
            tpr[k + 1] = curve.TruePositives[i] / curve.Positives;
            thresholds[k + 1] = curve.Thresholds[i];
        }
        return new RocCurve(fpr, tpr, thresholds);
    }

    /// <summary>
    /// Area under the ROC curve, as scikit-learn's <c>roc_auc_score</c>: the trapezoidal area, so a tie between a
    /// positive and a negative score counts one half. Equals the probability that a random positive scores
    /// higher than a random negative, ties counting half.
    /// </summary>
    /// <inheritdoc cref="PrecisionRecallCurve(double[], double[], double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels lack positives or negatives (scikit-learn raises too).</exception>
    public static double RocAuc(double[] scores, double[] labels, double[]? sampleWeights = null)
    {
        var curve = BuildWithBothClasses(scores, labels, sampleWeights, "ROC-AUC");
        double area = 0, previousFpr = 0, previousTpr = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            double fpr = curve.FalsePositives[i] / curve.Negatives;
            double tpr = curve.TruePositives[i] / curve.Positives;
            area += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            previousFpr = fpr;
            previousTpr = tpr;
        }
        return area;
    }

    /// <summary>
    /// The best recall with precision at least <paramref name="minPrecision"/>: over the precision-recall curve's
    /// points (every distinct score, plus "predict nothing" at threshold +∞ with precision 1 and recall 0), the
    /// highest recall among those whose precision is ≥ the target; ties go to the higher precision, then the higher
    /// threshold. When no score reaches the precision the result is the +∞ point (recall 0).
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="minPrecision">The precision to reach, in [0, 1].</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minPrecision"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static OperatingPoint RecallAtPrecision(double[] scores, double[] labels, double minPrecision, double[]? sampleWeights = null)
    {
        CheckRate(minPrecision, nameof(minPrecision));
        var curve = BuildWithPositives(scores, labels, sampleWeights, "recall at precision");
        int best = -1; // -1: the "predict nothing" point
        double bestRecall = 0, bestPrecision = 1;
        for (int i = 0; i < curve.Count; i++)
        {
            double precision = curve.PrecisionAt(i);
            if (!(precision >= minPrecision)) continue;
            double recall = curve.TruePositives[i] / curve.Positives;
            if (recall > bestRecall || (recall == bestRecall && precision > bestPrecision))
            {
                best = i;
                bestRecall = recall;
                bestPrecision = precision;
            }
        }
        return PointAt(curve, best);
    }

    /// <summary>
    /// The best precision with recall at least <paramref name="minRecall"/>: over the precision-recall curve's
    /// points, the highest precision among those whose recall is ≥ the target; ties go to the higher recall, then the
    /// higher threshold. The target is always reachable (the lowest score gives recall 1); the "predict nothing"
    /// point (precision 1 by convention) counts only for a target of 0.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="minRecall">The recall to reach, in [0, 1].</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minRecall"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static OperatingPoint PrecisionAtRecall(double[] scores, double[] labels, double minRecall, double[]? sampleWeights = null)
    {
        CheckRate(minRecall, nameof(minRecall));
        var curve = BuildWithPositives(scores, labels, sampleWeights, "precision at recall");
        int best = -1;
        double bestPrecision = double.NegativeInfinity, bestRecall = 0;
        if (minRecall <= 0) bestPrecision = 1; // the "predict nothing" point qualifies
        for (int i = 0; i < curve.Count; i++)
        {
            double recall = curve.TruePositives[i] / curve.Positives;
            if (!(recall >= minRecall)) continue;
            double precision = curve.PrecisionAt(i);
            if (precision > bestPrecision || (precision == bestPrecision && recall > bestRecall))
            {
                best = i;
                bestPrecision = precision;
                bestRecall = recall;
            }
        }
        return PointAt(curve, best);
    }

    /// <summary>
    /// The best true-positive rate with false-positive rate at most <paramref name="maxFalsePositiveRate"/>: over the
    /// ROC curve's points (every distinct score, plus (0, 0) at threshold +∞), the highest TPR among those whose FPR
    /// is ≤ the target; ties go to the lower FPR, then the higher threshold.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="maxFalsePositiveRate">The largest acceptable FPR, in [0, 1].</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFalsePositiveRate"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels lack positives or negatives.</exception>
    public static OperatingPoint TruePositiveRateAtFalsePositiveRate(
        double[] scores, double[] labels, double maxFalsePositiveRate, double[]? sampleWeights = null)
    {
        CheckRate(maxFalsePositiveRate, nameof(maxFalsePositiveRate));
        var curve = BuildWithBothClasses(scores, labels, sampleWeights, "TPR at FPR");
        int best = -1;
        double bestTpr = 0, bestFpr = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            double fpr = curve.FalsePositives[i] / curve.Negatives;
            if (!(fpr <= maxFalsePositiveRate)) continue;
            double tpr = curve.TruePositives[i] / curve.Positives;
            if (tpr > bestTpr || (tpr == bestTpr && fpr < bestFpr))
            {
                best = i;
                bestTpr = tpr;
                bestFpr = fpr;
            }
        }
        return PointAt(curve, best);
    }

    /// <summary>
    /// The seed example's metric (<c>loss_layers_example.py</c>): threshold = <c>np.percentile(positive scores,
    /// 100 − 100·r)</c> with linear interpolation, then the precision of predicting <c>score ≥ threshold</c>
    /// (scikit-learn's <c>precision_score</c>). Unweighted, as in the seed. With r = 0.98 this is the 2nd
    /// percentile of the positives' scores.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="targetRecall">r, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetRecall"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static PercentileOperatingPoint PrecisionAtRecallByPercentile(double[] scores, double[] labels, double targetRecall)
    {
        CheckRate(targetRecall, nameof(targetRecall));
        BinaryCurve.Validate(scores, labels, null);
        var positives = new List<double>();
        for (int i = 0; i < scores.Length; i++)
            if (labels[i] == 1) positives.Add(scores[i]);
        if (positives.Count == 0) throw NoPositives(nameof(labels), "precision at recall");

        double threshold = Percentile(positives.ToArray(), 100.0 - targetRecall * 100.0);
        var counts = CountsAt(scores, labels, threshold);
        return new PercentileOperatingPoint(threshold, counts.Precision, counts.Recall);
    }

    /// <summary>
    /// The <paramref name="percent"/>-th percentile of <paramref name="values"/> with linear interpolation between
    /// the closest ranks, exactly as <c>numpy.percentile(values, percent)</c> (method "linear"): the sorted value at
    /// virtual index (n − 1)·percent/100, interpolated with numpy's two-sided lerp.
    /// </summary>
    /// <param name="values">Finite values, at least one.</param>
    /// <param name="percent">In [0, 100].</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside [0, 100] or NaN.</exception>
    public static double Percentile(double[] values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            throw new ArgumentException("values is empty; a percentile needs at least one value.", nameof(values));
        if (!(percent >= 0 && percent <= 100))
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "percent must lie in [0, 100].");
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"values[{i}] is {MessageText.Number(values[i])}; values must be finite.", nameof(values));

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        double virtualIndex = (n - 1) * (percent / 100.0);
        double lowerIndex = Math.Floor(virtualIndex);
        double gamma = virtualIndex - lowerIndex;
        int lower = (int)Math.Clamp(lowerIndex, 0, n - 1);
        int upper = Math.Min(lower + 1, n - 1);
        double a = sorted[lower], b = sorted[upper];
        double difference = b - a;
        // numpy's _lerp: a + (b − a)·t, but b − (b − a)·(1 − t) when t ≥ 0.5 (exact at t = 1).
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }

    private static OperatingPoint PointAt(BinaryCurve curve, int index)
    {
        double negatives = curve.Negatives;
        if (index < 0)
            return new OperatingPoint(double.PositiveInfinity, 1.0, 0.0, negatives > 0 ? 0.0 : double.NaN, 0.0, 0.0);
        double tp = curve.TruePositives[index], fp = curve.FalsePositives[index];
        return new OperatingPoint(
            curve.Thresholds[index],
            curve.PrecisionAt(index),
            tp / curve.Positives,
            negatives > 0 ? fp / negatives : double.NaN,
            tp,
            fp);
    }

    private static BinaryCurve BuildWithPositives(double[] scores, double[] labels, double[]? sampleWeights, string what)
    {
        var curve = BinaryCurve.Build(scores, labels, sampleWeights);
        if (!(curve.Positives > 0)) throw NoPositives(nameof(labels), what);
        return curve;
    }

    private static BinaryCurve BuildWithBothClasses(double[] scores, double[] labels, double[]? sampleWeights, string what)
    {
        var curve = BuildWithPositives(scores, labels, sampleWeights, what);
        if (!(curve.Negatives > 0)) throw NoNegatives(nameof(labels), what);
        return curve;
    }

    private static void CheckRate(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1].");
    }

    private static ArgumentException NoPositives(string name, string what)
        => new($"The labels hold no positive example (with non-zero weight); {what} is undefined without positives.", name);

    private static ArgumentException NoNegatives(string name, string what)
        => new($"The labels hold no negative example (with non-zero weight); {what} is undefined without negatives.", name);
}
