namespace GlobalObjectives
{
    /// <summary>A classification metric that an objective optimizes or constrains.</summary>
    /// <remarks><see cref="Recall"/> and <see cref="TruePositiveRate"/> name the same metric and are interchangeable.</remarks>
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

        /// <summary>Area under the ROC curve.</summary>
        RocAuc = 5,
    }
}
