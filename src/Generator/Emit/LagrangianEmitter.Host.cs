using System.Globalization;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

// The host form of a rate plan's coefficients: HostCoefficients<T>, the same code as ComputeObjective's [L] tensor ops,
// per label in the logits' element type (CodeForm.Host). The runtime calls it for a CPU loss with projected ascent, where
// λ, the priors and the Fβ level already live on the host, and passes the results to its managed pass.
internal static partial class LagrangianEmitter
{
    /// <summary>Which of c, d and k a plan's host form writes (the others are 1, 1 and 0).</summary>
    private sealed class HostOutputs(bool positiveWeights, bool negativeWeights, bool constant)
    {
        public bool PositiveWeights { get; } = positiveWeights;

        public bool NegativeWeights { get; } = negativeWeights;

        public bool Constant { get; } = constant;
    }

    /// <summary>
    /// The host form's outputs, or null where there is none: anchored plans (their coefficients are [L, K] and their pass
    /// is another), and plans whose c and d are both 1 (plain accuracy: libtorch's BCE node runs it).
    /// </summary>
    private static HostOutputs? HostForm(ObjectivePlan plan, LagrangianLayout layout)
    {
        if (plan.Kind.IsAnchored()) return null;
        bool positive = WeightExpression(WeightCode(plan, layout, positive: true, CodeForm.Host), CodeForm.Host) is not null;
        bool negative = WeightExpression(WeightCode(plan, layout, positive: false, CodeForm.Host), CodeForm.Host) is not null;
        if (!positive && !negative) return null;
        return new HostOutputs(positive, negative, MultiplierTermsCode(layout, CodeForm.Host).Count > 0);
    }

    /// <summary>A statement with its comment in the column the tensor code's inputs use.</summary>
    private static void WriteAligned(SourceWriter writer, string statement, string comment)
        => writer.WriteLine(statement.PadRight(42) + " // " + comment);

    private static string Bool(bool value) => value ? "true" : "false";

    private static void WriteHostCoefficients(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout)
    {
        var form = CodeForm.Host;
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
        WriteProductLocals(writer, layout, form);
        if (WeightExpression(WeightCode(plan, layout, positive: true, form), form) is { } positive)
            writer.WriteLine($"host.PositiveWeights[l] = {positive}; // c = {WeightText(plan, layout, positive: true)}");
        if (WeightExpression(WeightCode(plan, layout, positive: false, form), form) is { } negative)
            writer.WriteLine($"host.NegativeWeights[l] = {negative}; // d = {WeightText(plan, layout, positive: false)}");
        WritePriorTerms(writer, gammas, deltas, form, "");
        var constantParts = MultiplierTermsCode(layout, form);
        if (constantParts.Count > 0)
            writer.WriteLine($"host.Constant[l] = {Join(constantParts, "-", " - ", " + ")}; // k = {Join(MultiplierTermParts(layout, "π_l"), "−", " − ", " + ")}");
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
