namespace GlobalObjectives
{
    /// <summary>A classification metric that an objective optimizes or constrains.</summary>
    /// <remarks>
    /// <see cref="Recall"/> and <see cref="TruePositiveRate"/> name the same metric, as do <see cref="TrueNegativeRate"/>
    /// and <see cref="Specificity"/>. <see cref="FalseNegativeRate"/> is 1 − recall and <see cref="TrueNegativeRate"/> is
    /// 1 − <see cref="FalsePositiveRate"/>: the generator treats a bound on one as the complementary bound on the other.
    /// </remarks>
    public enum Metric
    {
        /// <summary>TP / (TP + FN), the fraction of positives scored positive. Same as <see cref="TruePositiveRate"/>.</summary>
        Recall = 0,

        /// <summary>TP / (TP + FP), the fraction of positive predictions that are right.</summary>
        Precision = 1,

        /// <summary>TP / (TP + FN). Same as <see cref="Recall"/>.</summary>
        TruePositiveRate = 2,

        /// <summary>FP / (FP + TN), the fraction of negatives scored positive.</summary>
        FalsePositiveRate = 3,

        /// <summary>Area under the precision-recall curve.</summary>
        PrAuc = 4,

        /// <summary>Area under the ROC curve; with <see cref="FprRangeAttribute"/>, the partial area over a false-positive-rate range.</summary>
        RocAuc = 5,

        /// <summary>TN / (TN + FP), the fraction of negatives scored negative (1 − FPR). Same as <see cref="Specificity"/>.</summary>
        TrueNegativeRate = 6,

        /// <summary>TN / (TN + FP). Same as <see cref="TrueNegativeRate"/>.</summary>
        Specificity = 7,

        /// <summary>FN / (FN + TP), the fraction of positives scored negative (1 − recall).</summary>
        FalseNegativeRate = 8,

        /// <summary>TN / (TN + FN), the fraction of negative predictions that are right.</summary>
        NegativePredictiveValue = 9,

        /// <summary>(TP + TN) / all examples (weighted).</summary>
        Accuracy = 10,

        /// <summary>
        /// Fβ = (1 + β²)·TP / (β²·(TP + FN) + TP + FP), the weighted harmonic mean of precision and recall; β is the
        /// attribute's <c>Beta</c> argument (default 1, the F1 score).
        /// </summary>
        FScore = 11,
    }
}
