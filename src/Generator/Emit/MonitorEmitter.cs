using System.Linq;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

/// <summary>
/// Writes the typed training monitor of an objective with Lagrange multipliers: <c>ReadMonitor()</c> and a nested
/// <c>TrainingMonitor</c> whose per-label (and, for PR-AUC, per-anchor) properties are named after the declared metrics,
/// over the runtime's <c>MonitorReading</c> (one host transfer per read).
/// </summary>
public static class MonitorEmitter
{
    private const string Reading = "global::GlobalObjectives.MonitorReading";
    private const string Rate = "global::GlobalObjectives.RateReading";
    private const string Metric = "global::GlobalObjectives.Metric";

    /// <summary>Writes the monitor members into the open class body.</summary>
    public static void Write(SourceWriter writer, ObjectivePlan plan)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Reads the training monitor: per label the true rates at logit 0 on the last training batch and over the batches since");
        writer.WriteLine("/// the last reset, each constraint's slack (≥ 0 when satisfied) and λ. One transfer to the host; log it every N steps.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"reset\">Whether to restart the running sums after reading.</param>");
        writer.WriteLine("public TrainingMonitor ReadMonitor(bool reset = false) => new TrainingMonitor(ReadMonitorState(reset));");
        writer.WriteLine();

        bool anchored = plan.Kind == PlanKind.AnchoredPrecisionRecallAuc;
        writer.WriteLine("/// <summary>A typed reading of this objective's training statistics; <c>ToString()</c> is one log line.</summary>");
        writer.WriteLine("public sealed class TrainingMonitor");
        writer.OpenBlock();
        writer.WriteLine($"internal TrainingMonitor({Reading} reading) => Reading = reading;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The untyped reading (counts, λ, targets).</summary>");
        writer.WriteLine($"public {Reading} Reading {{ get; }}");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Training batches seen.</summary>");
        writer.WriteLine("public long Steps => Reading.Steps;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>L, the number of labels.</summary>");
        writer.WriteLine("public int NumLabels => Reading.NumLabels;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The reading of one label.</summary>");
        writer.WriteLine("public LabelMonitor this[int label] => new LabelMonitor(Reading, label);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc/>");
        if (anchored)
        {
            writer.WriteLine("public override string ToString() => global::GlobalObjectives.MonitorText.AnchorLine(Reading);");
        }
        else
        {
            var constraint = plan.Terms[0].Constraint;
            writer.WriteLine($"public override string ToString() => global::GlobalObjectives.MonitorText.RateLine(Reading, {Metric}.{plan.Spec.Metric}, {Metric}.{constraint.Metric}, {Direction(constraint)});");
        }
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine("/// <summary>One label's reading.</summary>");
        writer.WriteLine("public readonly struct LabelMonitor");
        writer.OpenBlock();
        writer.WriteLine($"private readonly {Reading} _reading;");
        writer.WriteLine("private readonly int _label;");
        writer.WriteLine();
        writer.WriteLine($"internal LabelMonitor({Reading} reading, int label)");
        writer.OpenBlock();
        writer.WriteLine("_reading = reading;");
        writer.WriteLine("_label = label;");
        writer.CloseBlock();
        writer.WriteLine();
        if (anchored)
        {
            writer.WriteLine("/// <summary>The reading of anchor k (0 ≤ k &lt; AnchorCount).</summary>");
            writer.WriteLine("public AnchorMonitor Anchor(int anchor) => new AnchorMonitor(_reading, _label, anchor);");
            writer.CloseBlock();
            writer.WriteLine();
            WriteAnchorMonitor(writer);
            return;
        }

        var objective = plan.Spec.Metric;
        // A constrained objective metric (refused by the parser, but plannable) is covered by the constraint's property.
        if (!plan.Terms.Any(t => t.Constraint.Metric == objective))
        {
            writer.WriteLine($"/// <summary>The objective, {objective.Words()}, at logit 0.</summary>");
            writer.WriteLine($"public {Rate} {objective} => _reading.Rate({Metric}.{objective}, _label);");
        }
        foreach (var term in plan.Terms)
        {
            var c = term.Constraint;
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The constrained {c.Metric.Words()} at logit 0.</summary>");
            writer.WriteLine($"public {Rate} {c.Metric} => _reading.Rate({Metric}.{c.Metric}, _label);");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The {c.Metric.Words()} target in effect for this label.</summary>");
            writer.WriteLine($"public double {c.Metric}Target => _reading.Target(_label);");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The slack of {c.Metric.Words()} {c.Comparison.ToOperator().Replace(">", "&gt;").Replace("<", "&lt;")} target, ≥ 0 when satisfied.</summary>");
            writer.WriteLine($"public {Rate} {c.Metric}Slack => _reading.Slack({Metric}.{c.Metric}, {Direction(c)}, _label);");
        }
        writer.WriteLine();
        writer.WriteLine("/// <summary>λ, the Lagrange multiplier of the constraint.</summary>");
        writer.WriteLine("public double Lambda => _reading.Lambda(_label);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Whether λ sits at λ_max: the constraint is likely infeasible, or the model cannot move it.</summary>");
        writer.WriteLine("public bool LambdaAtMax => _reading.AtMaxLambda(_label);");
        writer.CloseBlock();
    }

    private static void WriteAnchorMonitor(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>One anchor's reading: its precision constraint at the anchor's logit x + b_k.</summary>");
        writer.WriteLine("public readonly struct AnchorMonitor");
        writer.OpenBlock();
        writer.WriteLine($"private readonly {Reading} _reading;");
        writer.WriteLine("private readonly int _label;");
        writer.WriteLine("private readonly int _anchor;");
        writer.WriteLine();
        writer.WriteLine($"internal AnchorMonitor({Reading} reading, int label, int anchor)");
        writer.OpenBlock();
        writer.WriteLine("_reading = reading;");
        writer.WriteLine("_label = label;");
        writer.WriteLine("_anchor = anchor;");
        writer.WriteLine("_ = reading.Lambda(label, anchor); // validates the indices");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>P_k, the anchor's precision target.</summary>");
        writer.WriteLine("public double AnchorPrecision => _reading.Target(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Precision at x + b_k.</summary>");
        writer.WriteLine($"public {Rate} Precision => _reading.Rate({Metric}.Precision, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Recall at x + b_k.</summary>");
        writer.WriteLine($"public {Rate} Recall => _reading.Rate({Metric}.Recall, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Precision − P_k, ≥ 0 when the anchor's constraint holds.</summary>");
        writer.WriteLine($"public {Rate} PrecisionSlack => _reading.Slack({Metric}.Precision, global::GlobalObjectives.ConstraintDirection.AtLeast, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>λ_k.</summary>");
        writer.WriteLine("public double Lambda => _reading.Lambda(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Whether λ_k sits at λ_max (an anchor precision above what the model reaches).</summary>");
        writer.WriteLine("public bool LambdaAtMax => _reading.AtMaxLambda(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>b_k, the anchor's learned logit offset.</summary>");
        writer.WriteLine("public double Bias => _reading.Bias(_label, _anchor);");
        writer.CloseBlock();
    }

    private static string Direction(ConstraintSpec constraint)
        => "global::GlobalObjectives.ConstraintDirection." + (constraint.Comparison == ComparisonKind.AtLeast ? "AtLeast" : "AtMost");
}
