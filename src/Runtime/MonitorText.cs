using System.Globalization;
using System.Text;

namespace GlobalObjectives;

/// <summary>The one-line log text of the generated training monitors.</summary>
public static class MonitorText
{
    /// <summary>
    /// "step N | &lt;objective&gt; v (run v) | &lt;constraint 1&gt; v (run v) ≥ t, slack … (run …) | λ … | &lt;constraint 2&gt; … | λ …"
    /// per label (prefixed "label l:" when there are several), every declared constraint in declaration order, then
    /// "| F-level q" for an Fβ objective. With one constraint: "step 1200 | recall 0.812 (run 0.798) | precision 0.953
    /// (run 0.949) ≥ 0.95, slack +0.003 (run -0.001) | λ 3.21".
    /// </summary>
    /// <param name="reading">A reading of a rate objective (not an anchored plan: see <see cref="AnchorLine"/>).</param>
    /// <param name="objective">The objective's metric.</param>
    /// <param name="objectiveBeta">β when the objective is FScore (named "F1", "F2", "F0.5", …); 1 otherwise.</param>
    /// <exception cref="ArgumentException">The reading is of an anchored plan.</exception>
    public static string ObjectiveLine(MonitorReading reading, Metric objective, double objectiveBeta = 1.0)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Biases is not null || reading.Anchors > 1)
            throw new ArgumentException("This reading is of an anchored plan (PR-AUC, partial ROC-AUC); write it with MonitorText.AnchorLine.", nameof(reading));
        var text = new StringBuilder();
        text.Append("step ").Append(reading.Steps.ToString(CultureInfo.InvariantCulture));
        for (int label = 0; label < reading.NumLabels; label++)
        {
            AppendLabel(text, reading, label);
            text.Append(Name(objective, objectiveBeta)).Append(' ').Append(reading.Rate(objective, label, 0, objectiveBeta));
            for (int j = 0; j < reading.Constraints.Count; j++)
            {
                var constraint = reading.Constraints[j];
                AppendConstraint(text, Name(constraint.Metric, constraint.Beta), reading.ConstraintValue(j, label), constraint.Direction,
                    reading.ConstraintTarget(j, label), reading.ConstraintSlack(j, label), reading.ConstraintLambda(j, label),
                    reading.ConstraintLambdaAtMax(j, label));
            }
            if (reading.HasFScoreLevel) text.Append(" | F-level ").Append(RateReading.Format(reading.FScoreLevel(label)));
        }
        return text.ToString();
    }

    /// <summary>
    /// Anchored plans: per label, how many anchors meet their anchor constraint at x + b_k over the running counts ("anchors
    /// meeting their precision 14/20" for PR-AUC, "anchors meeting their FPR 9/10" for partial ROC-AUC), the λ range and
    /// how many sit at λ_max, and the bias range.
    /// </summary>
    public static string AnchorLine(MonitorReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var (metric, direction, beta) = reading.Constraints.Count > 0
            ? (reading.Constraints[0].Metric, reading.Constraints[0].Direction, reading.Constraints[0].Beta)
            : (Metric.Precision, ConstraintDirection.AtLeast, 1.0);
        var text = new StringBuilder();
        text.Append("step ").Append(reading.Steps.ToString(CultureInfo.InvariantCulture));
        for (int label = 0; label < reading.NumLabels; label++)
        {
            int met = 0, atMax = 0;
            double minLambda = double.PositiveInfinity, maxLambda = double.NegativeInfinity, sumLambda = 0;
            double minBias = double.PositiveInfinity, maxBias = double.NegativeInfinity;
            for (int k = 0; k < reading.Anchors; k++)
            {
                if (reading.Slack(metric, direction, label, k).Running >= 0) met++;
                double lambda = reading.Lambda(label, k);
                if (reading.AtMaxLambda(label, k)) atMax++;
                minLambda = Math.Min(minLambda, lambda);
                maxLambda = Math.Max(maxLambda, lambda);
                sumLambda += lambda;
                double bias = reading.Bias(label, k);
                minBias = Math.Min(minBias, bias);
                maxBias = Math.Max(maxBias, bias);
            }
            AppendLabel(text, reading, label);
            text.Append("anchors meeting their ").Append(Name(metric, beta)).Append(' ').Append(met.ToString(CultureInfo.InvariantCulture))
                .Append('/').Append(reading.Anchors.ToString(CultureInfo.InvariantCulture))
                .Append(" | λ mean ").Append(Number(sumLambda / reading.Anchors))
                .Append(" [").Append(Number(minLambda)).Append(", ").Append(Number(maxLambda)).Append(']');
            if (atMax > 0) text.Append(", ").Append(atMax.ToString(CultureInfo.InvariantCulture)).Append(" at λ_max");
            text.Append(" | bias [").Append(Number(minBias)).Append(", ").Append(Number(maxBias)).Append(']');
        }
        return text.ToString();
    }

    private static void AppendLabel(StringBuilder text, MonitorReading reading, int label)
    {
        text.Append(" | ");
        if (reading.NumLabels > 1) text.Append("label ").Append(label.ToString(CultureInfo.InvariantCulture)).Append(": ");
    }

    /// <summary>" | precision 0.953 (run 0.949) ≥ 0.95, slack +0.003 (run −0.001) | λ 3.21".</summary>
    private static void AppendConstraint(StringBuilder text, string name, RateReading value, ConstraintDirection direction, double target,
        RateReading slack, double lambda, bool atMax)
    {
        text.Append(" | ").Append(name).Append(' ').Append(value)
            .Append(direction == ConstraintDirection.AtLeast ? " ≥ " : " ≤ ").Append(Number(target))
            .Append(", slack ").Append(RateReading.FormatSigned(slack.Batch))
            .Append(" (run ").Append(RateReading.FormatSigned(slack.Running)).Append(')')
            .Append(" | λ ").Append(Number(lambda));
        if (atMax) text.Append(" (at λ_max: likely infeasible)");
    }

    private static string Name(Metric metric, double beta) => MetricFacts.Name(metric, beta);

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
