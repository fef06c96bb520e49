using System;

namespace GlobalObjectives
{
    /// <summary>Declares the metric a generated loss maximizes. Put it on a <c>partial</c> class.</summary>
    /// <example><code>
    /// [Maximize(Metric.Recall)]
    /// [Constraint(Metric.Precision, "&gt;=", 0.8)]
    /// public partial class RecallAtPrecision80 { }
    /// </code></example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class MaximizeAttribute : Attribute
    {
        /// <summary>Declares <paramref name="metric"/> as the metric to maximize.</summary>
        public MaximizeAttribute(Metric metric) => Metric = metric;

        /// <summary>The metric to maximize.</summary>
        public Metric Metric { get; }

        /// <summary>β of <see cref="GlobalObjectives.Metric.FScore"/> (default 1, the F1 score): recall weighs β times as much as precision. Positive, with β² finite; only for FScore.</summary>
        public double Beta { get; set; } = 1.0;
    }

    /// <summary>Declares the metric a generated loss minimizes. Put it on a <c>partial</c> class.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class MinimizeAttribute : Attribute
    {
        /// <summary>Declares <paramref name="metric"/> as the metric to minimize.</summary>
        public MinimizeAttribute(Metric metric) => Metric = metric;

        /// <summary>The metric to minimize.</summary>
        public Metric Metric { get; }

        /// <summary>β of <see cref="GlobalObjectives.Metric.FScore"/> (default 1, the F1 score): recall weighs β times as much as precision. Positive, with β² finite; only for FScore.</summary>
        public double Beta { get; set; } = 1.0;
    }

    /// <summary>A constraint the objective must satisfy, such as <c>Precision &gt;= 0.8</c>.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ConstraintAttribute : Attribute
    {
        /// <summary>Constrains <paramref name="metric"/> against <paramref name="target"/>.</summary>
        /// <param name="metric">The constrained metric.</param>
        /// <param name="comparison"><c>"&gt;="</c> or <c>"&lt;="</c>.</param>
        /// <param name="target">The target value, in [0, 1].</param>
        public ConstraintAttribute(Metric metric, string comparison, double target)
        {
            Metric = metric;
            Comparison = comparison;
            Target = target;
        }

        /// <summary>The constrained metric.</summary>
        public Metric Metric { get; }

        /// <summary><c>"&gt;="</c> or <c>"&lt;="</c>.</summary>
        public string Comparison { get; }

        /// <summary>The target value, in [0, 1].</summary>
        public double Target { get; }

        /// <summary>β of <see cref="GlobalObjectives.Metric.FScore"/> (default 1, the F1 score): recall weighs β times as much as precision. Positive, with β² finite; only for FScore.</summary>
        public double Beta { get; set; } = 1.0;
    }

    /// <summary>The precision range a PR-AUC objective integrates over. Default (0, 1).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class PrecisionRangeAttribute : Attribute
    {
        /// <summary>Integrates precision over [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
        public PrecisionRangeAttribute(double lower, double upper)
        {
            Lower = lower;
            Upper = upper;
        }

        /// <summary>Lower end of the range, in [0, 1).</summary>
        public double Lower { get; }

        /// <summary>Upper end of the range, in (0, 1].</summary>
        public double Upper { get; }
    }

    /// <summary>
    /// The false-positive-rate range a partial ROC-AUC objective (<c>[Maximize(Metric.RocAuc)]</c>) integrates the
    /// true-positive rate over, for example (0, 0.1). Without it, RocAuc is the full area (the seed's pairwise loss).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class FprRangeAttribute : Attribute
    {
        /// <summary>Integrates the true-positive rate over false-positive rates in [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
        public FprRangeAttribute(double lower, double upper)
        {
            Lower = lower;
            Upper = upper;
        }

        /// <summary>Lower end of the range, in [0, 1).</summary>
        public double Lower { get; }

        /// <summary>Upper end of the range, in (0, 1].</summary>
        public double Upper { get; }
    }

    /// <summary>The number of anchor points of a PR-AUC or partial ROC-AUC objective's Riemann sum. Default 20.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class AnchorsAttribute : Attribute
    {
        /// <summary>Uses <paramref name="count"/> anchors.</summary>
        public AnchorsAttribute(int count) => Count = count;

        /// <summary>The number of anchors, at least 1.</summary>
        public int Count { get; }
    }

    /// <summary>The surrogate a generated loss uses by default. Default <see cref="SurrogateType.Xent"/>.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class SurrogateAttribute : Attribute
    {
        /// <summary>Uses <paramref name="type"/> as the default surrogate.</summary>
        public SurrogateAttribute(SurrogateType type) => Type = type;

        /// <summary>The surrogate type.</summary>
        public SurrogateType Type { get; }
    }
}
