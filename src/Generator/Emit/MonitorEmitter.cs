using System.Linq;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

/// <summary>
/// Writes the typed training monitor of an objective with Lagrange multipliers: <c>ReadMonitor()</c> and a nested
/// <c>TrainingMonitor</c> whose per-label (and, for PR-AUC, per-anchor) properties are named after the declared metrics,
/// over the runtime's <c>MonitorReading</c> (one host transfer per read).
/// </summary>
internal static class MonitorEmitter
{
    private const string Reading = "global::GlobalObjectives.MonitorReading";
    private const string Rate = "global::GlobalObjectives.RateReading";
    private const string Metric = "global::GlobalObjectives.Metric";

    /// <summary>Writes the monitor members into the open class body.</summary>
    internal static void Write(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Reads the training monitor: per label the true rates at logit 0 on the last training batch and over the batches since");
        writer.WriteLine("/// the last reset, each constraint's slack (≥ 0 when satisfied) and λ. One transfer to the host; log it every N steps.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"reset\">Whether to restart the running sums after reading.</param>");
        writer.WriteLine("public TrainingMonitor ReadMonitor(bool reset = false) => new TrainingMonitor(ReadMonitorState(reset));");
        writer.WriteLine();

        bool anchored = plan.Kind.IsAnchored();
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
            string beta = plan.FScoreBeta is { } b ? ", " + LossEmitter.Literal(b) : "";
            writer.WriteLine($"public override string ToString() => global::GlobalObjectives.MonitorText.ObjectiveLine(Reading, {Metric}.{plan.Spec.Metric}{beta});");
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
            WriteAnchorMonitor(writer, plan.Kind == PlanKind.AnchoredPrecisionRecallAuc);
            return;
        }

        var objective = plan.Spec.Metric;
        // A constrained objective metric (refused by the parser, but plannable) is covered by the constraint's property.
        if (!layout.Terms.Any(t => t.Name == objective.ToString()))
        {
            string beta = plan.FScoreBeta is { } b ? ", beta: " + LossEmitter.Literal(b) : "";
            writer.WriteLine($"/// <summary>The objective, {objective.Words()}, at logit 0.</summary>");
            writer.WriteLine($"public {Rate} {objective} => _reading.Rate({Metric}.{objective}, _label{beta});");
        }
        if (plan.FScoreBeta is not null)
        {
            writer.WriteLine();
            writer.WriteLine("/// <summary>q, the F-level the Dinkelbach step uses (the running F-score at logit 0).</summary>");
            writer.WriteLine("public double FScoreLevel => _reading.FScoreLevel(_label);");
        }
        bool several = layout.Terms.Count > 1;
        foreach (var names in layout.Terms)
        {
            var c = names.Term.Constraint;
            string j = names.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string bound = LossEmitter.Xml(c.DeclarationText);
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The constrained {c.Metric.Words()} at logit 0 (<c>{bound}</c>).</summary>");
            writer.WriteLine($"public {Rate} {names.Name} => _reading.ConstraintValue({j}, _label);");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The {c.Metric.Words()} target in effect for this label.</summary>");
            writer.WriteLine($"public double {names.Name}Target => _reading.ConstraintTarget({j}, _label);");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>The slack of <c>{bound}</c>, ≥ 0 when satisfied.</summary>");
            writer.WriteLine($"public {Rate} {names.Name}Slack => _reading.ConstraintSlack({j}, _label);");
            string lambda = several ? names.Name + "Lambda" : "Lambda";
            writer.WriteLine();
            writer.WriteLine($"/// <summary>λ, the Lagrange multiplier of <c>{bound}</c>.</summary>");
            writer.WriteLine($"public double {lambda} => _reading.ConstraintLambda({j}, _label);");
            writer.WriteLine();
            writer.WriteLine("/// <summary>Whether λ sits at λ_max: the constraint is likely infeasible, or the model cannot move it.</summary>");
            writer.WriteLine($"public bool {lambda}AtMax => _reading.ConstraintLambdaAtMax({j}, _label);");
        }
        writer.CloseBlock();
    }

    private static void WriteAnchorMonitor(SourceWriter writer, bool precision)
    {
        string name = precision ? "Precision" : "FalsePositiveRate";
        string words = precision ? "precision" : "false-positive rate";
        writer.WriteLine($"/// <summary>One anchor's reading: its {words} constraint at the anchor's logit x + b_k.</summary>");
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
        writer.WriteLine($"/// <summary>{(precision ? "P_k" : "f_k")}, the anchor's {words} target.</summary>");
        writer.WriteLine($"public double Anchor{name} => _reading.Target(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine($"/// <summary>The {words} at x + b_k.</summary>");
        writer.WriteLine($"public {Rate} {name} => _reading.Rate({Metric}.{name}, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Recall at x + b_k.</summary>");
        writer.WriteLine($"public {Rate} Recall => _reading.Rate({Metric}.Recall, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine($"/// <summary>{(precision ? "Precision − P_k" : "f_k − FPR")}, ≥ 0 when the anchor's constraint holds.</summary>");
        string direction = precision ? "AtLeast" : "AtMost";
        writer.WriteLine($"public {Rate} {name}Slack => _reading.Slack({Metric}.{name}, global::GlobalObjectives.ConstraintDirection.{direction}, _label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>λ_k.</summary>");
        writer.WriteLine("public double Lambda => _reading.Lambda(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Whether λ_k sits at λ_max (an anchor {words} beyond what the model reaches).</summary>");
        writer.WriteLine("public bool LambdaAtMax => _reading.AtMaxLambda(_label, _anchor);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>b_k, the anchor's learned logit offset.</summary>");
        writer.WriteLine("public double Bias => _reading.Bias(_label, _anchor);");
        writer.CloseBlock();
    }
}
