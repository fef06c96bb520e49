using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

/// <summary>
/// Writes the body of an element-wise Lagrangian plan (rate constraints, PR-AUC and partial ROC-AUC anchors): declared
/// constants, target fields, the constructor that declares each constraint to the runtime, and <c>ComputeObjective</c>.
/// Coefficients are simplified (α = 1 gives λ, β = 0 drops the term, c0 = 0 drops the "1 +") and target functions
/// are precomputed as <c>TensorConstant</c>s that follow the logits' device and dtype.
/// </summary>
internal static partial class LagrangianEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string TensorConstant = "global::GlobalObjectives.TensorConstant";
    private const string Runtime = "global::GlobalObjectives.";

    /// <summary>Locals of the generated code holding π·m2, (1 − π)·m2 and the Fβ level.</summary>
    private const string PriorTerm = "priorTerm";
    private const string NegativePriorTerm = "negativePriorTerm";
    private const string Level = "level";

    /// <param name="writer">Where the class body goes.</param>
    /// <param name="plan">An element-wise plan.</param>
    /// <param name="hostForm">Whether to emit the host form of the coefficients where the plan has one (C# 11 or later).</param>
    public static void Write(SourceWriter writer, ObjectivePlan plan, bool hostForm)
    {
        var layout = new LagrangianLayout(plan);
        bool anchored = plan.Kind.IsAnchored();
        var host = hostForm ? HostForm(plan, layout) : null;
        WriteDeclaredConstants(writer, plan, layout);
        var constants = WriteConstantFields(writer, plan, layout);
        WriteConstructor(writer, plan, layout, constants);
        WriteComputeObjective(writer, plan, layout, anchored, host);
        if (host is not null) WriteHostCoefficients(writer, plan, layout, host);
        // Statistics, and so a monitor, exist only with multipliers or an Fβ level (plain accuracy has neither).
        if (layout.Terms.Count == 0 && plan.FScoreBeta is null) return;
        writer.WriteLine();
        MonitorEmitter.Write(writer, plan, layout);
    }

    private static void WriteDeclaredConstants(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout)
    {
        var spec = plan.Spec;
        if (plan.Kind.IsAnchored())
        {
            bool precision = plan.Kind == PlanKind.AnchoredPrecisionRecallAuc;
            string range = precision ? "Precision" : "Fpr";
            string integrated = precision ? "over precision" : "of the true-positive rate over false-positive rates";
            int count = plan.AnchorPrecisions.Count;
            writer.WriteLine($"/// <summary>K, the number of anchors of the Riemann sum {integrated} (<c>[Anchors({count.ToString(CultureInfo.InvariantCulture)})]</c> or the default 20).</summary>");
            writer.WriteLine($"public const int AnchorCount = {count.ToString(CultureInfo.InvariantCulture)};");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Lower end of the {(precision ? "precision" : "false-positive-rate")} range integrated over.</summary>");
            writer.WriteLine($"public const double {range}RangeLower = {LossEmitter.Literal(spec.RangeLower)};");
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Upper end of the {(precision ? "precision" : "false-positive-rate")} range integrated over.</summary>");
            writer.WriteLine($"public const double {range}RangeUpper = {LossEmitter.Literal(spec.RangeUpper)};");
            writer.WriteLine();
            return;
        }
        if (plan.FScoreBeta is { } beta)
        {
            writer.WriteLine("/// <summary>β of the maximized F-score.</summary>");
            writer.WriteLine($"public const double ObjectiveBeta = {LossEmitter.Literal(beta)};");
            writer.WriteLine();
        }
        foreach (var names in layout.Terms)
        {
            var constraint = names.Term.Constraint;
            string overrides = layout.Terms.Count == 1 ? "<c>ObjectiveOptions.Targets</c> overrides it per label" : $"<c>TargetOverride.ForConstraint({names.Index.ToString(CultureInfo.InvariantCulture)}, …)</c> overrides it";
            writer.WriteLine($"/// <summary>The {constraint.Metric.Words()} target declared in <c>{LossEmitter.Xml(constraint.DeclarationText)}</c>; {overrides}.</summary>");
            writer.WriteLine($"public const double Declared{names.Name}Target = {LossEmitter.Literal(constraint.Target)};");
            writer.WriteLine();
        }
    }

    private static List<ConstantField> WriteConstantFields(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout)
    {
        bool anchored = plan.Kind.IsAnchored();
        var constants = layout.Constants();
        foreach (var (names, function) in constants)
        {
            if (anchored)
            {
                var anchors = plan.AnchorPrecisions;
                writer.WriteLine($"// {names.FunctionText(function)}, [1, 1, K].");
                writer.WriteLine($"private readonly {TensorConstant} {names.FieldName(function)} = new {TensorConstant}(");
                writer.WriteLine("    new double[]");
                writer.WriteLine("    {");
                var line = new StringBuilder();
                for (int i = 0; i < anchors.Count; i += 4)
                {
                    line.Clear().Append("       ");
                    for (int k = i; k < anchors.Count && k < i + 4; k++)
                        line.Append(' ').Append(LossEmitter.Literal(function.Function.At(anchors[k]))).Append(',');
                    writer.WriteLine(line.ToString());
                }
                writer.WriteLine("    },");
                writer.WriteLine("    1, 1, AnchorCount);");
                writer.WriteLine();
            }
            else
            {
                writer.WriteLine($"private readonly {TensorConstant} {names.FieldName(function)}; // {names.FunctionText(function)}, [L]");
            }
        }
        if (constants.Count > 0 && !anchored) writer.WriteLine();
        return constants;
    }

    private static void WriteConstructor(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout, List<ConstantField> constants)
    {
        bool anchored = plan.Kind.IsAnchored();
        LossEmitter.WriteConstructorHeader(writer, plan.Spec, anchored ? Runtime + "ObjectiveState.Anchored(AnchorCount)" : RateState(plan, layout));
        writer.OpenBlock();
        foreach (var names in layout.Terms)
        {
            string targets;
            if (anchored)
            {
                targets = names.FieldName(Canonical.Of(Affine.Target)) + ".Values";
            }
            else
            {
                targets = names.TargetsLocal;
                writer.WriteLine($"var {targets} = ResolveTargets({names.Index.ToString(CultureInfo.InvariantCulture)}); // [L]: Declared{names.Name}Target unless overridden");
                foreach (var (owner, function) in constants)
                    if (owner == names)
                        writer.WriteLine($"{owner.FieldName(function)} = PerLabelConstant({targets}{TermNames.FunctionArguments(function)});");
            }
            WriteConstraintDeclaration(writer, names.Term, targets);
        }
        writer.CloseBlock();
        writer.WriteLine();
    }

    /// <summary>The runtime's state of a rate plan: priors when a term has a constant, the Fβ level, one slot per constraint.</summary>
    private static string RateState(ObjectivePlan plan, LagrangianLayout layout)
    {
        bool priors = false;
        foreach (var term in plan.Terms) priors |= !term.Gamma.IsZero || !term.Delta.IsZero;
        string beta = plan.FScoreBeta is null ? "null" : "ObjectiveBeta";
        var builder = new StringBuilder();
        builder.Append(Runtime).Append("ObjectiveState.RateConstraints(usesLabelPriors: ").Append(priors ? "true" : "false")
            .Append(", fScoreBeta: ").Append(beta);
        foreach (var names in layout.Terms)
        {
            var c = names.Term.Constraint;
            builder.Append(",\n        new ").Append(Runtime).Append("ConstraintSlot(").Append(Runtime).Append("Metric.").Append(c.Metric)
                .Append(", ").Append(Direction(c)).Append(", Declared").Append(names.Name).Append("Target")
                .Append(c.Metric == ObjectiveMetric.FScore ? ", " + LossEmitter.Literal(c.Beta) : "").Append(')');
        }
        return builder.Append(')').ToString();
    }

    /// <summary>
    /// The constraint as the dual update and the monitor measure it: g = α·FN + β·FP + γ·P + δ·N with the plan's own
    /// coefficients, so the update ascends on exactly the constraint the Lagrangian relaxes.
    /// </summary>
    private static void WriteConstraintDeclaration(SourceWriter writer, ConstraintTerm term, string targets)
    {
        var constraint = term.Constraint;
        writer.WriteLine($"DeclareConstraint({Runtime}Metric.{constraint.Metric}, {Direction(constraint)}, {targets},");
        writer.WriteLine($"    new {Runtime}CountCoefficients(");
        writer.WriteLine($"        FalseNegatives: {TargetFunctionCode(term.Alpha)},");
        writer.WriteLine($"        FalsePositives: {TargetFunctionCode(term.Beta)},");
        writer.WriteLine($"        Positives: {TargetFunctionCode(term.Gamma)},");
        writer.WriteLine($"        Negatives: {TargetFunctionCode(term.Delta)})" + (constraint.Metric == ObjectiveMetric.FScore ? $", beta: {LossEmitter.Literal(constraint.Beta)});" : ");"));
    }

    private static string TargetFunctionCode(Affine f) => $"new {Runtime}TargetFunction({LossEmitter.Literal(f.Constant)}, {LossEmitter.Literal(f.Slope)})";

    public static string Direction(ConstraintSpec constraint)
        => Runtime + "ConstraintDirection." + (constraint.Comparison == ComparisonKind.AtLeast ? "AtLeast" : "AtMost");

    private static void WriteComputeObjective(SourceWriter writer, ObjectivePlan plan, LagrangianLayout layout, bool anchored, HostOutputs? host)
    {
        writer.WriteLine("/// <inheritdoc/>");
        writer.WriteLine($"protected override {Runtime}ObjectiveOutput ComputeObjective({Runtime}ObjectiveBatch batch)");
        writer.OpenBlock();
        var (gammas, deltas) = PriorUse(layout);
        bool priors = gammas || deltas;
        if (host is not null)
        {
            // Rate plans take the host form with either dual update; anchored ones with projected ascent only.
            if (anchored)
            {
                writer.WriteLine("// A CPU loss with projected ascent (the default there) computes c, d and k per label and anchor on the host instead");
                writer.WriteLine("// (HostCoefficients below: this code, op for op) and runs the managed pass: no [1, L, K] tensor ops.");
            }
            else
            {
                writer.WriteLine("// A CPU loss computes c, d and k per label on the host instead (HostCoefficients below: this code, op for op)");
                writer.WriteLine("// and runs the managed pass: no [L] tensor ops. In gradient reversal λ's gradient comes from their slopes in λ.");
            }
            writer.WriteLine($"if (TryHostLagrangian(batch, positiveWeights: {Bool(host.PositiveWeights is not null)}, negativeWeights: {Bool(host.NegativeWeights is not null)}, constant: {Bool(host.ConstantParts.Count > 0)}) is {{ }} hostLoss)");
            writer.WriteLine($"    return new {Runtime}ObjectiveOutput(hostLoss, null, null, null, null, null);");
        }
        if (anchored)
        {
            writer.WriteLine("var logits = batch.Logits.unsqueeze(2);                       // x, [B, L, 1]");
            writer.WriteLine("var labels = batch.Labels.unsqueeze(2);                       // y, [B, L, 1]");
            writer.WriteLine("var weights = batch.Weights?.unsqueeze(2);                    // w, [B, L, 1] or [B, 1, 1]; null means 1");
            writer.WriteLine("var priors = batch.RequireLabelPriors().reshape(1, -1, 1);    // π, [1, L, 1]");
            writer.WriteLine("var lambdas = DualValue(logits);                              // λ, [1, L, K]");
            writer.WriteLine("var biases = BiasValue(logits);                               // b, [1, L, K]");
        }
        else
        {
            writer.WriteLine("var logits = batch.Logits;                 // x, [B, L]");
            writer.WriteLine("var labels = batch.Labels;                 // y, [B, L]");
            writer.WriteLine(priors ? "var priors = batch.RequireLabelPriors();   // π, [L]" : "var priors = batch.LabelPriors;            // π, [L]; unused by the terms");
            if (layout.Terms.Count == 1)
                writer.WriteLine("var lambdas = DualValue(logits);           // λ, [L]");
            else if (layout.Terms.Count > 1)
            {
                writer.WriteLine($"var lambdas = DualValue(logits);           // λ, [L, {layout.Terms.Count.ToString(CultureInfo.InvariantCulture)}]: column j for constraint j");
                foreach (var names in layout.Terms)
                    writer.WriteLine($"var {names.LambdaCode} = lambdas.select(1, {names.Index.ToString(CultureInfo.InvariantCulture)}); // {names.Lambda}, [L]");
            }
            if (plan.FScoreBeta is not null)
                writer.WriteLine($"var {Level} = FScoreLevel(logits);         // q, [L]: the running Fβ at logit 0, no gradient");
        }

        WriteProductLocals(writer, layout, CodeForm.Tensor);
        string positiveArgument = WriteWeight(writer, "positiveWeights", "c", WeightCode(plan, layout, positive: true, CodeForm.Tensor), WeightText(plan, layout, positive: true));
        string negativeArgument = WriteWeight(writer, "negativeWeights", "d", WeightCode(plan, layout, positive: false, CodeForm.Tensor), WeightText(plan, layout, positive: false));

        // m2 joins the priors, which carry no gradient, so the λ-terms add one graph op less per step. Numbers enter the
        // [L] ops as cached 0-dim tensors (ScalarTensor): the same values bit for bit, without the per-call scalar
        // wrapping, and 1 − π is one op instead of TorchSharp's negative-then-add.
        WritePriorTerms(writer, gammas, deltas, CodeForm.Tensor, ", no gradient");
        string constantArgument = "null";
        var constantParts = MultiplierTermsCode(layout, CodeForm.Tensor);
        if (constantParts.Count > 0)
        {
            writer.WriteLine($"var constant = {CodeForm.Tensor.Sum(constantParts)}; // k = {ConstantText(layout)}, {(anchored ? "[1, L, K]" : "[L]")}");
            constantArgument = "constant";
        }

        string weightsArgument = anchored ? "weights" : "weights: batch.Weights";
        // Name an argument unless it is a local of the same name, so "null" and "lambdas" read as c, d or k.
        string positiveNamed = positiveArgument == "positiveWeights" ? positiveArgument : "positiveWeights: " + positiveArgument;
        string negativeNamed = negativeArgument == "negativeWeights" ? negativeArgument : "negativeWeights: " + negativeArgument;
        string constantNamed = constantArgument == "constant" ? constantArgument : "constant: " + constantArgument;
        string formula = $"w·S(y, {(anchored ? "x + b" : "x")}; c, d){(constantParts.Count > 0 ? " + k" : "")}";
        if (anchored)
        {
            writer.WriteLine($"// the mean over the K anchors of {formula}, [B, L]: fused, with a closed-form gradient for x and b");
            writer.WriteLine($"var loss = {Runtime}FusedSurrogate.ApplyAtAnchors(batch.Surrogate, logits, biases, labels, {weightsArgument}, {positiveNamed}, {negativeNamed}, {constantNamed});");
        }
        else
        {
            writer.WriteLine($"// {formula}, [B, L]: fused, with a closed-form gradient");
            writer.WriteLine($"var loss = {Runtime}FusedSurrogate.Apply(batch.Surrogate, logits, labels, {weightsArgument}, {positiveNamed}, {negativeNamed}, {constantNamed});");
        }

        WriteOutputs(writer, layout.Terms.Count > 0 ? "lambdas.detach()" : "null", anchored ? "biases.detach()" : "null");
        writer.CloseBlock();
    }

    /// <summary>Whether any term has a γ (π·m2) or a δ ((1 − π)·m2) part in k.</summary>
    private static (bool Gammas, bool Deltas) PriorUse(LagrangianLayout layout)
    {
        bool gammas = false, deltas = false;
        foreach (var names in layout.Terms)
        {
            gammas |= !names.Term.Gamma.IsZero;
            deltas |= !names.Term.Delta.IsZero;
        }
        return (gammas, deltas);
    }

    /// <summary>The products λ·f used more than once, as locals.</summary>
    private static void WriteProductLocals(SourceWriter writer, LagrangianLayout layout, CodeForm form)
    {
        var writtenLocals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var names in layout.Terms)
            foreach (var coefficient in LagrangianLayout.Coefficients(names.Term))
            {
                if (coefficient.IsZero) continue;
                var canonical = Canonical.Of(coefficient);
                string variable = names.VariableName(canonical);
                if (layout.NeedsLocal(names, canonical) && writtenLocals.Add(variable))
                    writer.WriteLine($"var {variable} = {names.ProductCode(canonical, form)}; // {names.ProductText(canonical)}");
            }
    }

    /// <summary>Signed parts of c (or d): the base constant, the Fβ level, and λ·α (or λ·β) of each term.</summary>
    private static List<SignedPart> WeightCode(ObjectivePlan plan, LagrangianLayout layout, bool positive, CodeForm form)
    {
        var parts = new List<SignedPart>();
        double baseValue = positive ? plan.PositiveWeightBase : plan.NegativeWeightBase;
        if (baseValue != 0) parts.Add(new SignedPart(Math.Sign(baseValue), LossEmitter.Literal(Math.Abs(baseValue))));
        if (plan.FScoreBeta is not null) parts.Add(new SignedPart(positive ? -1 : 1, Level));
        foreach (var names in layout.Terms)
        {
            var f = positive ? names.Term.Alpha : names.Term.Beta;
            if (f.IsZero) continue;
            var canonical = Canonical.Of(f);
            parts.Add(new SignedPart(canonical.Sign, layout.Product(names, canonical, form)));
        }
        return parts;
    }

    public static string WeightText(ObjectivePlan plan, LagrangianLayout layout, bool positive)
    {
        var parts = new List<SignedPart>();
        double baseValue = positive ? plan.PositiveWeightBase : plan.NegativeWeightBase;
        if (baseValue != 0) parts.Add(new SignedPart(Math.Sign(baseValue), LossEmitter.Number(Math.Abs(baseValue))));
        if (plan.FScoreBeta is not null) parts.Add(new SignedPart(positive ? -1 : 1, "q_l"));
        foreach (var names in layout.Terms)
        {
            var f = positive ? names.Term.Alpha : names.Term.Beta;
            if (f.IsZero) continue;
            var canonical = Canonical.Of(f);
            parts.Add(new SignedPart(canonical.Sign, names.ProductText(canonical)));
        }
        return parts.Count == 0 ? "0" : SignedPart.Formula(parts);
    }

    /// <summary>Writes the weight local when needed and returns the argument to pass (null for a weight of exactly 1).</summary>
    private static string WriteWeight(SourceWriter writer, string variable, string symbol, List<SignedPart> parts, string text)
    {
        var weight = WeightExpression(parts, CodeForm.Tensor);
        if (weight is not { } code) return "null";
        if (IsLocal(parts, code)) return code;                   // a single local or λ itself: no copy
        writer.WriteLine($"var {variable} = {code}; // {symbol} = {text}");
        return variable;
    }

    /// <summary>Whether the weight's code is one of its parts as written: a local (or λ), passed without a copy.</summary>
    private static bool IsLocal(List<SignedPart> parts, string code) => parts.Count == 1 && parts[0].Sign > 0 && code == parts[0].Text && IsIdentifier(code);

    private static bool IsIdentifier(string code)
    {
        foreach (char c in code)
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        return code.Length > 0;
    }

    /// <summary>c or d as code in <paramref name="form"/>, or null when it is exactly 1.</summary>
    private static string? WeightExpression(List<SignedPart> parts, CodeForm form)
    {
        bool isConstant = true;
        foreach (var part in parts) isConstant &= IsNumber(part.Text);
        if (isConstant)
        {
            double value = 0;
            foreach (var part in parts) value += part.Sign * double.Parse(part.Text, CultureInfo.InvariantCulture);
            if (value == 1) return null;
            return form.IsHost ? form.Number(value) : $"global::TorchSharp.torch.full(1, {LossEmitter.Literal(value)}, dtype: logits.dtype, device: logits.device)";
        }
        if (IsLocal(parts, parts[0].Text)) return parts[0].Text;
        // A number joins the tensors as a cached 0-dim tensor (not at the front when negative: that would be a negation op;
        // the host form rounds it to T either way).
        var operands = new List<SignedPart>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
            operands.Add(IsNumber(parts[i].Text) && (form.IsHost || i > 0 || parts[i].Sign > 0)
                ? new SignedPart(parts[i].Sign, form.Number(double.Parse(parts[i].Text, CultureInfo.InvariantCulture)))
                : parts[i]);
        return form.Sum(operands);
    }

    /// <summary>The locals π·m2 and (1 − π)·m2 that the constant k needs.</summary>
    private static void WritePriorTerms(SourceWriter writer, bool gammas, bool deltas, CodeForm form, string note)
    {
        if (gammas)
            writer.WriteLine($"var {PriorTerm} = {form.Times("priors", form.MaybeLog2)}; // π·m2{note}");
        if (deltas)
            writer.WriteLine($"var {NegativePriorTerm} = {form.Times(form.Sum([new SignedPart(1, form.Number(1.0)), new SignedPart(-1, "priors")]), form.MaybeLog2)}; // (1 − π)·m2{note}");
    }

    /// <summary>The signed terms ±λ·γ·(π·m2) and ±λ·δ·((1 − π)·m2) of every term as code: the constant k; empty when there are none.</summary>
    private static List<SignedPart> MultiplierTermsCode(LagrangianLayout layout, CodeForm form)
    {
        var parts = new List<SignedPart>();
        foreach (var names in layout.Terms)
        {
            if (!names.Term.Gamma.IsZero)
            {
                var canonical = Canonical.Of(names.Term.Gamma);
                parts.Add(new SignedPart(canonical.Sign, layout.ProductWith(names, canonical, PriorTerm, form)));
            }
            if (!names.Term.Delta.IsZero)
            {
                var canonical = Canonical.Of(names.Term.Delta);
                parts.Add(new SignedPart(canonical.Sign, layout.ProductWith(names, canonical, NegativePriorTerm, form)));
            }
        }
        return parts;
    }

    /// <summary>The same signed terms in formulas, e.g. (−1, "λ_l(1 − p_l)·π_l·m2").</summary>
    private static List<SignedPart> MultiplierTermParts(LagrangianLayout layout, string priors)
    {
        var parts = new List<SignedPart>();
        foreach (var names in layout.Terms)
        {
            if (!names.Term.Gamma.IsZero)
            {
                var canonical = Canonical.Of(names.Term.Gamma);
                parts.Add(new SignedPart(canonical.Sign, names.ProductText(canonical) + "·" + priors + "·m2"));
            }
            if (!names.Term.Delta.IsZero)
            {
                var canonical = Canonical.Of(names.Term.Delta);
                parts.Add(new SignedPart(canonical.Sign, names.ProductText(canonical) + "·(1 − " + priors + ")·m2"));
            }
        }
        return parts;
    }

    /// <summary>k in formulas, e.g. "−λ_l(1 − p_l)·π_l·m2".</summary>
    private static string ConstantText(LagrangianLayout layout) => SignedPart.Formula(MultiplierTermParts(layout, "π_l"));

    /// <summary>" ± λ·γ·π·m2 ± λ·δ·(1 − π)·m2" for every term, each with its sign, or "" when there are none.</summary>
    public static string MultiplierTermsText(LagrangianLayout layout, string priors)
    {
        var builder = new StringBuilder();
        foreach (var part in MultiplierTermParts(layout, priors))
            builder.Append(part.Sign < 0 ? " − " : " + ").Append(part.Text);
        return builder.ToString();
    }

    /// <summary>forward returns the loss alone; Compute adds the multipliers, biases, priors and TP/FP bounds.</summary>
    private static void WriteOutputs(SourceWriter writer, string lambdasOutput, string biasesOutput)
    {
        writer.WriteLine("if (!batch.IncludeOutputs)");
        writer.WriteLine($"    return new {Runtime}ObjectiveOutput(loss, null, null, null, null, null); // forward: the loss alone");
        writer.WriteLine($"{Tensor} truePositivesLowerBound;");
        writer.WriteLine($"{Tensor} falsePositivesUpperBound;");
        writer.WriteLine("using (global::TorchSharp.torch.no_grad())");
        writer.OpenBlock();
        writer.WriteLine($"truePositivesLowerBound = {Runtime}Bounds.TruePositivesLowerBound(labels, logits, batch.Weights, batch.Surrogate);");
        writer.WriteLine($"falsePositivesUpperBound = {Runtime}Bounds.FalsePositivesUpperBound(labels, logits, batch.Weights, batch.Surrogate);");
        writer.CloseBlock();
        writer.WriteLine($"return new {Runtime}ObjectiveOutput(loss, {lambdasOutput}, {biasesOutput}, priors, truePositivesLowerBound, falsePositivesUpperBound);");
    }

    private static bool IsNumber(string code) => double.TryParse(code, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
