using System.Collections.Generic;
using System.Globalization;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

// The host form of a plan's coefficients: HostCoefficients<T>, the same code as ComputeObjective's [L] (anchored:
// [1, L, K]) tensor ops, per label (and anchor) in the logits' element type (CodeForm.Host, CodeForm.HostAtAnchors). The
// runtime calls it for a CPU loss with projected ascent, where λ, the priors and the Fβ level already live on the host,
// and passes the results to its managed pass (HostSurrogate, or HostAnchors for the anchored plans).
internal static partial class LagrangianEmitter
{
    /// <summary>The host form's code for c, d and k (null for c or d of 1; no parts for k of 0), written once per plan.</summary>
    private sealed class HostOutputs(CodeForm form, string? positiveWeights, string? negativeWeights, List<SignedPart> constantParts)
    {
        /// <summary>How the code reads its operands: per label (rate plans) or per label and anchor.</summary>
        public CodeForm Form { get; } = form;

        public string? PositiveWeights { get; } = positiveWeights;

        public string? NegativeWeights { get; } = negativeWeights;

        public List<SignedPart> ConstantParts { get; } = constantParts;
    }

    /// <summary>
    /// The host form's outputs, or null where there is none: plans whose c and d are both 1 (plain accuracy: libtorch's
    /// BCE node runs it). Anchored plans write [L, K] values, one per label and anchor, for the anchors' managed pass.
    /// </summary>
    private static HostOutputs? HostForm(ObjectivePlan plan, LagrangianLayout layout)
    {
        var form = plan.Kind.IsAnchored() ? CodeForm.HostAtAnchors : CodeForm.Host;
        var positive = WeightExpression(WeightCode(plan, layout, positive: true, form), form);
        var negative = WeightExpression(WeightCode(plan, layout, positive: false, form), form);
        if (positive is null && negative is null) return null;
        return new HostOutputs(form, positive, negative, MultiplierTermsCode(layout, form));
    }

    /// <summary>A statement with its comment in the column the tensor code's inputs use.</summary>
    private static void WriteAligned(SourceWriter writer, string statement, string comment)
        => writer.WriteLine(statement.PadRight(42) + " // " + comment);

    private static string Bool(bool value) => value ? "true" : "false";

    private static void WriteHostCoefficients(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout, HostOutputs host)
    {
        var (gammas, deltas) = PriorUse(layout);
        bool anchored = plan.Kind.IsAnchored();
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        if (anchored)
        {
            writer.WriteLine("/// c, d and k one label and anchor at a time on the host, in the logits' element type T: the [1, L, K] tensor");
            writer.WriteLine("/// code of <see cref=\"ComputeObjective\"/> op for op, so the values are the same bit for bit.");
        }
        else
        {
            writer.WriteLine("/// c, d and k one label at a time on the host, in the logits' element type T: the [L] tensor code of");
            writer.WriteLine("/// <see cref=\"ComputeObjective\"/> op for op, so the values are the same bit for bit.");
        }
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"protected override void HostCoefficients<T>({Runtime}HostCoefficients<T> host)");
        writer.OpenBlock();
        writer.WriteLine("for (int l = 0; l < host.NumLabels; l++)");
        writer.OpenBlock();
        if (gammas || deltas)
            WriteAligned(writer, "var priors = host.LabelPriors[l];", "π_l");
        // Anchored plans: the prior terms once per label, then one multiplier per anchor, c, d and k written at [l, k]
        // (row-major, index i).
        string index = "l";
        if (anchored)
        {
            WritePriorTerms(writer, gammas, deltas, host.Form, "");
            writer.WriteLine("for (int k = 0; k < AnchorCount; k++)");
            writer.OpenBlock();
            WriteAligned(writer, "int i = l * AnchorCount + k;", "[L, K], row-major");
            index = "i";
        }
        foreach (var names in layout.Terms)
            WriteAligned(writer, $"var {names.LambdaCode} = host.Lambda(l, {(anchored ? "k" : names.Index.ToString(CultureInfo.InvariantCulture))});", names.Lambda);
        if (plan.FScoreBeta is not null)
            WriteAligned(writer, $"var {Level} = host.FScoreLevel[l];", "q_l");
        WriteProductLocals(writer, layout, host.Form);
        if (host.PositiveWeights is { } positive)
            writer.WriteLine($"host.PositiveWeights[{index}] = {positive}; // c = {WeightText(plan, layout, positive: true)}");
        if (host.NegativeWeights is { } negative)
            writer.WriteLine($"host.NegativeWeights[{index}] = {negative}; // d = {WeightText(plan, layout, positive: false)}");
        if (!anchored) WritePriorTerms(writer, gammas, deltas, host.Form, "");
        if (host.ConstantParts.Count > 0)
            writer.WriteLine($"host.Constant[{index}] = {host.Form.Sum(host.ConstantParts)}; // k = {ConstantText(layout)}");
        if (anchored) writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
