using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

/// <summary>
/// Writes the generated class's XML documentation: what it optimizes, the declaration it came from, and the full
/// Lagrangian with every term, so a user reading the generated source sees exactly what is minimized.
/// </summary>
internal static class DocumentationEmitter
{
    public static void WriteClassDocumentation(SourceWriter writer, ObjectivePlan plan)
    {
        var spec = plan.Spec;
        string surrogate = spec.Surrogate == ObjectiveSurrogate.Hinge ? "hinge" : "xent";
        writer.WriteLine("/// <summary>");
        string origin = spec.Family.IsSeedFunction() ? $"the seed's <c>{spec.Family.SeedName()}</c> loss, generated from" : "generated from";
        writer.WriteLine($"/// {LossEmitter.Xml(Summary(plan))}: {origin}");
        writer.WriteLine($"/// <c>{LossEmitter.Xml(string.Join(" ", Declaration(plan)))}</c>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <remarks>");
        writer.WriteLine($"/// <para>Surrogate: {surrogate} (declared{(spec.Surrogate == ObjectiveSurrogate.Xent ? " or default" : "")}; <c>ObjectiveOptions.Surrogate</c> overrides it).</para>");

        if (plan.Kind == PlanKind.PairwiseRocAuc)
        {
            writer.WriteLine("/// <para>Minimizes, per example j and label l, the pairwise (Wilcoxon-Mann-Whitney) surrogate</para>");
            writer.WriteLine("/// <code>");
            writer.WriteLine("/// loss_jl = 0.5·(1/B)·Σ_i |y_jl − y_il|·w_i·w_j·S(1, (y_jl − y_il)·(x_jl − x_il))");
            writer.WriteLine("/// </code>");
            writer.WriteLine("/// <para>where S(1, z) is the surrogate on a positive (softplus(−z) or max(0, 1 − z)). Pairs with equal labels add");
            writer.WriteLine("/// nothing; the sum is normalized by the batch size B, not by the number of pairs. No dual variables, no priors.</para>");
            writer.WriteLine("/// <para>Computed by <c>GlobalObjectives.PairwiseRocAuc</c> in blocks of rows, never as the dense [B, B, L] pairwise");
            writer.WriteLine("/// tensor: memory O(B·L) plus one block of at most 2^18 elements (three block tensors alive), in the forward and the");
            writer.WriteLine("/// backward. The gradient reaches the logits only; labels or weights that require grad fall back to the dense formula.</para>");
            writer.WriteLine("/// </remarks>");
            return;
        }

        var layout = new LagrangianLayout(plan);
        string c = LagrangianEmitter.WeightText(plan, layout, positive: true);
        string d = LagrangianEmitter.WeightText(plan, layout, positive: false);
        writer.WriteLine("/// <para>Minimizes, per example i and label l, the Lagrangian</para>");
        writer.WriteLine("/// <code>");
        if (plan.Kind.IsAnchored())
        {
            writer.WriteLine($"/// loss_il = (1/K)·Σ_k [ w_il·S(y_il, x_il + b_lk; c = {c}, d = {d}){LagrangianEmitter.MultiplierTermsText(layout, "π_l")} ]");
            writer.WriteLine("/// </code>");
            bool precision = plan.Kind == PlanKind.AnchoredPrecisionRecallAuc;
            string anchors = precision ? "anchor precisions" : "anchor false-positive rates";
            string measured = precision ? "the anchor's precision" : "the anchor's false-positive rate";
            writer.WriteLine($"/// <para>with {(precision ? "P_k" : "f_k")} the K = {plan.AnchorPrecisions.Count.ToString(CultureInfo.InvariantCulture)} {anchors} (the interior points of an even grid over the range, computed");
            writer.WriteLine("/// at generation time), b_lk learned per-anchor logit offsets (<c>biases</c>, trained by the model's optimizer), λ_lk the");
            writer.WriteLine("/// per-anchor Lagrange multipliers (<c>lambdas</c>; see <c>ObjectiveOptions.DualUpdate</c>; the default updates them");
            writer.WriteLine($"/// inside the loss on {measured} at x + b_lk),");
        }
        else
        {
            string terms = LagrangianEmitter.MultiplierTermsText(layout, "π_l");
            writer.WriteLine($"/// loss_il = w_il·S(y_il, x_il; c = {c}, d = {d}){terms}");
            writer.WriteLine("/// </code>");
            WriteRateLegend(writer, plan, layout);
        }
        writer.WriteLine("/// S(y, x; c, d) the weighted surrogate (c weights the positive part, d the negative part), w the example weights,");
        writer.WriteLine("/// π the label prior (streaming unless given) and m2 = ln 2 (xent) or 1 (hinge).</para>");
        writer.WriteLine("/// </remarks>");
    }

    private static void WriteRateLegend(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout)
    {
        var lines = new List<string>();
        int count = layout.Terms.Count;
        foreach (var names in layout.Terms)
        {
            var constraint = names.Term.Constraint;
            string symbol = names.Symbol.Substring(0, names.Symbol.Length - 2);
            string position = count > 1 ? $" (constraint {names.Index.ToString(CultureInfo.InvariantCulture)}, {LossEmitter.Xml(constraint.DeclarationText)})" : "";
            lines.Add($"{symbol} = {LossEmitter.Number(constraint.Target)} the {constraint.Metric.Words()} target{position}");
        }
        string overrides = count switch
        {
            0 => "",
            1 => " (per label; <c>ObjectiveOptions.Targets</c> overrides it)",
            _ => " (per label; <c>ObjectiveOptions.TargetOverrides</c> overrides them by position or metric)",
        };
        writer.WriteLine(count == 0 ? "/// <para>with" : $"/// <para>with {string.Join(", ", lines)}{overrides},");
        if (count == 1)
        {
            writer.WriteLine("/// λ_l the Lagrange multiplier (<c>lambdas</c>; see <c>ObjectiveOptions.DualUpdate</c>; the default updates it inside the loss");
            writer.WriteLine("/// on the constraint's true value at logit 0),");
        }
        else if (count > 1)
        {
            string symbols = string.Join(", ", layout.Terms.Select(t => t.Lambda));
            writer.WriteLine($"/// {symbols} the Lagrange multipliers, one per constraint (<c>lambdas</c>, [L, {count.ToString(CultureInfo.InvariantCulture)}], column j for constraint j; see");
            writer.WriteLine("/// <c>ObjectiveOptions.DualUpdate</c>; the default updates each inside the loss on its constraint's true value at logit 0),");
        }
        if (plan.FScoreBeta is { } beta)
        {
            string b2 = LossEmitter.Number(1 + beta * beta);
            writer.WriteLine($"/// q_l the F-level: the model's F-score (β = {LossEmitter.Number(beta)}) at logit 0, a running average the loss keeps from its training");
            writer.WriteLine($"/// batches (<c>fscore_counts</c>), so each step is a Dinkelbach step toward the maximal F-score: with costs ({b2} − q, q) the");
            writer.WriteLine($"/// Bayes rule flags η ≥ q/{b2}, the F-optimal threshold once q reaches the best F-score,");
        }
    }

    private static string Summary(ObjectivePlan plan)
    {
        var spec = plan.Spec;
        switch (plan.Kind)
        {
            case PlanKind.AnchoredPrecisionRecallAuc:
                return $"Maximizes the area under the precision-recall curve over precisions [{LossEmitter.Number(spec.RangeLower)}, {LossEmitter.Number(spec.RangeUpper)}]";
            case PlanKind.AnchoredPartialRocAuc:
                return $"Maximizes the partial area under the ROC curve over false-positive rates [{LossEmitter.Number(spec.RangeLower)}, {LossEmitter.Number(spec.RangeUpper)}]";
            case PlanKind.PairwiseRocAuc:
                return "Maximizes the area under the ROC curve";
        }
        string verb = spec.Direction == ObjectiveDirection.Maximize ? "Maximizes" : "Minimizes";
        string objective = spec.Metric == ObjectiveMetric.FScore ? $"the F-score (β = {LossEmitter.Number(spec.ObjectiveBeta)})" : spec.Metric.Words();
        if (spec.Constraints.Count == 0) return $"{verb} {objective}";
        return $"{verb} {objective} subject to " + string.Join(" and ", spec.Constraints.Select(Bound));
    }

    private static string Bound(ConstraintSpec c)
    {
        string metric = c.Metric == ObjectiveMetric.FScore ? $"F-score (β = {LossEmitter.Number(c.Beta)})" : c.Metric.Words();
        return $"{metric} {c.Comparison.ToOperator()} {LossEmitter.Number(c.Target)}";
    }

    private static List<string> Declaration(ObjectivePlan plan)
    {
        var spec = plan.Spec;
        var declaration = new List<string> { spec.ObjectiveText };
        declaration.AddRange(spec.Constraints.Select(c => c.DeclarationText));
        if (plan.Kind.IsAnchored())
        {
            string range = plan.Kind == PlanKind.AnchoredPrecisionRecallAuc ? "PrecisionRange" : "FprRange";
            declaration.Add($"[{range}({LossEmitter.Number(spec.RangeLower)}, {LossEmitter.Number(spec.RangeUpper)})]");
            declaration.Add($"[Anchors({spec.Anchors.ToString(CultureInfo.InvariantCulture)})]");
        }
        return declaration;
    }
}
