using System.Globalization;
using System.Text;

namespace GlobalObjectives;

/// <summary>The one-line log text of the generated training monitors.</summary>
public static class MonitorText
{
    /// <summary>
    /// "step 1200 | recall 0.812 (run 0.798) | precision 0.953 (run 0.949) ≥ 0.95, slack +0.003 (run −0.001) | λ 3.210",
    /// one such group per label (prefixed "label l:" when there are several).
    /// </summary>
    public static string RateLine(MonitorReading reading, Metric objective, Metric constraint, ConstraintDirection direction)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var text = new StringBuilder();
        text.Append("step ").Append(reading.Steps.ToString(CultureInfo.InvariantCulture));
        for (int label = 0; label < reading.NumLabels; label++)
        {
            text.Append(" | ");
            if (reading.NumLabels > 1) text.Append("label ").Append(label.ToString(CultureInfo.InvariantCulture)).Append(": ");
            var slack = reading.Slack(constraint, direction, label);
            text.Append(Name(objective)).Append(' ').Append(reading.Rate(objective, label))
                .Append(" | ").Append(Name(constraint)).Append(' ').Append(reading.Rate(constraint, label))
                .Append(direction == ConstraintDirection.AtLeast ? " ≥ " : " ≤ ").Append(Number(reading.Target(label)))
                .Append(", slack ").Append(RateReading.FormatSigned(slack.Batch))
                .Append(" (run ").Append(RateReading.FormatSigned(slack.Running)).Append(')')
                .Append(" | λ ").Append(Lambda(reading, label, 0));
        }
        return text.ToString();
    }

    /// <summary>
    /// PR-AUC: per label, how many anchors meet their precision at x + b_k over the running counts, the λ range and how
    /// many sit at λ_max, and the bias range.
    /// </summary>
    public static string AnchorLine(MonitorReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var text = new StringBuilder();
        text.Append("step ").Append(reading.Steps.ToString(CultureInfo.InvariantCulture));
        for (int label = 0; label < reading.NumLabels; label++)
        {
            int met = 0, atMax = 0;
            double minLambda = double.PositiveInfinity, maxLambda = double.NegativeInfinity, sumLambda = 0;
            double minBias = double.PositiveInfinity, maxBias = double.NegativeInfinity;
            for (int k = 0; k < reading.Anchors; k++)
            {
                if (reading.Slack(Metric.Precision, ConstraintDirection.AtLeast, label, k).Running >= 0) met++;
                double lambda = reading.Lambda(label, k);
                if (reading.AtMaxLambda(label, k)) atMax++;
                minLambda = Math.Min(minLambda, lambda);
                maxLambda = Math.Max(maxLambda, lambda);
                sumLambda += lambda;
                double bias = reading.Bias(label, k);
                minBias = Math.Min(minBias, bias);
                maxBias = Math.Max(maxBias, bias);
            }
            text.Append(" | ");
            if (reading.NumLabels > 1) text.Append("label ").Append(label.ToString(CultureInfo.InvariantCulture)).Append(": ");
            text.Append("anchors meeting their precision ").Append(met.ToString(CultureInfo.InvariantCulture))
                .Append('/').Append(reading.Anchors.ToString(CultureInfo.InvariantCulture))
                .Append(" | λ mean ").Append(Number(sumLambda / reading.Anchors))
                .Append(" [").Append(Number(minLambda)).Append(", ").Append(Number(maxLambda)).Append(']');
            if (atMax > 0) text.Append(", ").Append(atMax.ToString(CultureInfo.InvariantCulture)).Append(" at λ_max");
            text.Append(" | bias [").Append(Number(minBias)).Append(", ").Append(Number(maxBias)).Append(']');
        }
        return text.ToString();
    }

    private static string Lambda(MonitorReading reading, int label, int anchor)
    {
        string value = Number(reading.Lambda(label, anchor));
        return reading.AtMaxLambda(label, anchor) ? value + " (at λ_max: likely infeasible)" : value;
    }

    private static string Name(Metric metric) => metric switch
    {
        Metric.Recall => "recall",
        Metric.Precision => "precision",
        Metric.TruePositiveRate => "TPR",
        Metric.FalsePositiveRate => "FPR",
        _ => metric.ToString(),
    };

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
