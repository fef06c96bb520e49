using System.Collections.Generic;
using System.Globalization;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

// The host form of a rate plan's coefficients: HostCoefficients<T>, the same code as ComputeObjective's [L] tensor ops,
// per label in the logits' element type (CodeForm.Host). The runtime calls it for a CPU loss with projected ascent, where
// λ, the priors and the Fβ level already live on the host, and passes the results to its managed pass.
internal static partial class LagrangianEmitter
{
    /// <summary>The host form's code for c, d and k (null for c or d of 1; no parts for k of 0), written once per plan.</summary>
    private sealed class HostOutputs(string? positiveWeights, string? negativeWeights, List<SignedPart> constantParts)
    {
        public string? PositiveWeights { get; } = positiveWeights;

        public string? NegativeWeights { get; } = negativeWeights;

        public List<SignedPart> ConstantParts { get; } = constantParts;
    }

    /// <summary>
    /// The host form's outputs, or null where there is none: anchored plans (their coefficients are [L, K] and their pass
    /// is another), and plans whose c and d are both 1 (plain accuracy: libtorch's BCE node runs it).
    /// </summary>
    private static HostOutputs? HostForm(ObjectivePlan plan, LagrangianLayout layout)
    {
        if (plan.Kind.IsAnchored()) return null;
        var form = CodeForm.Host;
        var positive = WeightExpression(WeightCode(plan, layout, positive: true, form), form);
        var negative = WeightExpression(WeightCode(plan, layout, positive: false, form), form);
        if (positive is null && negative is null) return null;
        return new HostOutputs(positive, negative, MultiplierTermsCode(layout, form));
    }

    /// <summary>A statement with its comment in the column the tensor code's inputs use.</summary>
    private static void WriteAligned(SourceWriter writer, string statement, string comment)
        => writer.WriteLine(statement.PadRight(42) + " // " + comment);

    private static string Bool(bool value) => value ? "true" : "false";

    private static void WriteHostCoefficients(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout, HostOutputs host)
    {
        var (gammas, deltas) = PriorUse(layout);
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// c, d and k one label at a time on the host, in the logits' element type T: the [L] tensor code of");
        writer.WriteLine("/// <see cref=\"ComputeObjective\"/> op for op, so the values are the same bit for bit.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"protected override void HostCoefficients<T>({Runtime}HostCoefficients<T> host)");
        writer.OpenBlock();
        writer.WriteLine("for (int l = 0; l < host.NumLabels; l++)");
        writer.OpenBlock();
        if (gammas || deltas)
            WriteAligned(writer, "var priors = host.LabelPriors[l];", "π_l");
        foreach (var names in layout.Terms)
            WriteAligned(writer, $"var {names.LambdaCode} = host.Lambda(l, {names.Index.ToString(CultureInfo.InvariantCulture)});", names.Lambda);
        if (plan.FScoreBeta is not null)
            WriteAligned(writer, $"var {Level} = host.FScoreLevel[l];", "q_l");
        WriteProductLocals(writer, layout, CodeForm.Host);
        if (host.PositiveWeights is { } positive)
            writer.WriteLine($"host.PositiveWeights[l] = {positive}; // c = {WeightText(plan, layout, positive: true)}");
        if (host.NegativeWeights is { } negative)
            writer.WriteLine($"host.NegativeWeights[l] = {negative}; // d = {WeightText(plan, layout, positive: false)}");
        WritePriorTerms(writer, gammas, deltas, CodeForm.Host, "");
        if (host.ConstantParts.Count > 0)
            writer.WriteLine($"host.Constant[l] = {CodeForm.Host.Sum(host.ConstantParts)}; // k = {ConstantText(layout)}");
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
