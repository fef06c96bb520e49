using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Emit;

/// <summary>The shape of a coefficient a + b·t once its sign and scale are taken out.</summary>
internal enum CoefficientShape
{
    /// <summary>A number.</summary>
    Constant,

    /// <summary>k·t.</summary>
    Target,

    /// <summary>k·(1 − t).</summary>
    OneMinusTarget,

    /// <summary>a + b·t, kept as written.</summary>
    General,
}

/// <summary>
/// A coefficient as sign × scale × canonical function, so that the emitted code and formulas read "λ(1 − p)" or
/// "2·λ(1 − q)" instead of "λ(−2 + 2·q)". <see cref="Function"/> is the unscaled canonical function (for a constant, the
/// constant's magnitude).
/// </summary>
internal readonly record struct Canonical(int Sign, double Scale, CoefficientShape Shape, Affine Function)
{
    public static Canonical Of(Affine f)
    {
        if (f.Slope == 0)
            return new(f.Constant < 0 ? -1 : 1, 1, CoefficientShape.Constant, new Affine(Math.Abs(f.Constant), 0));
        if (f.Constant == 0)
            return new(Math.Sign(f.Slope), Math.Abs(f.Slope), CoefficientShape.Target, Affine.Target);
        if (f.Constant == -f.Slope)
            return new(Math.Sign(f.Constant), Math.Abs(f.Constant), CoefficientShape.OneMinusTarget, Affine.OneMinusTarget);
        return new(1, 1, CoefficientShape.General, f);
    }

    /// <summary>The same product without its sign: +λ·f and −λ·f share one local.</summary>
    public Canonical Unsigned => this with { Sign = 1 };

    /// <summary>Whether this is exactly 1 (λ itself).</summary>
    public bool IsOne => Shape == CoefficientShape.Constant && Function.Constant == 1;
}

/// <summary>A signed summand of a coefficient: code or formula text, and its sign.</summary>
internal sealed class SignedPart(int sign, string text)
{
    public int Sign { get; } = sign;

    public string Text { get; } = text;

    /// <summary>Formula parts joined with the typographic minus: "−a + b − c".</summary>
    public static string Formula(List<SignedPart> parts) => Join(parts, "−", " − ", " + ");

    /// <summary>Joins signed parts: the first with <paramref name="leadingMinus"/> when negative, the rest with <paramref name="minus"/> or <paramref name="plus"/>.</summary>
    public static string Join(List<SignedPart> parts, string leadingMinus, string minus, string plus)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            if (i == 0) builder.Append(parts[i].Sign < 0 ? leadingMinus : "").Append(parts[i].Text);
            else builder.Append(parts[i].Sign < 0 ? minus : plus).Append(parts[i].Text);
        }
        return builder.ToString();
    }
}

/// <summary>
/// How the coefficient code reads its operands: as [L] tensors in <c>ComputeObjective</c>, or as one label's values of
/// type T in the host form (<c>HostCoefficients&lt;T&gt;</c>), which repeats the tensor code op for op. The locals (λ,
/// π, q and the products) have the same names in both, so the same expressions serve both forms.
/// </summary>
/// <remarks>
/// The tensor form calls TorchSharp's methods (<c>a.mul(b)</c>, <c>a.add(b)</c>, <c>a.sub(b)</c>, <c>a.neg()</c>), the
/// same kernels as its operators: a statement with one of TorchSharp's arithmetic operators costs the compiler three to
/// six times one with the method call (a product: 0.36 against 0.06 ms, <c>ExpressionFormCompileBenchmarks</c>; dozens
/// of user-defined overloads, each tried with Scalar's conversions), and every consumer build compiles the generated code of every
/// objective. The host form keeps T's operators.
/// </remarks>
internal sealed class CodeForm
{
    private const string Runtime = "global::GlobalObjectives.";

    public static readonly CodeForm Tensor = new(host: false, targetIndex: "");

    /// <summary>A rate plan's host form: its target functions are [L] constants, read at label l.</summary>
    public static readonly CodeForm Host = new(host: true, targetIndex: "l");

    /// <summary>An anchored plan's host form: its anchor grids are [1, 1, K] constants, read at anchor k.</summary>
    public static readonly CodeForm HostAtAnchors = new(host: true, targetIndex: "k");

    private readonly string _targetIndex;

    private CodeForm(bool host, string targetIndex)
    {
        IsHost = host;
        _targetIndex = targetIndex;
    }

    public bool IsHost { get; }

    /// <summary>A target function's values from its <c>TensorConstant</c> field: the tensor, or the value at label l (anchor k).</summary>
    public string Target(string field) => IsHost ? $"{field}.At<T>({_targetIndex})" : field + ".For(logits)";

    /// <summary>A number multiplying a tensor: the literal (TorchSharp wraps it, and a float32 op reads it as float), or T's rounding of it.</summary>
    public string Factor(double value) => IsHost ? HostNumber(value) : LossEmitter.Literal(value);

    /// <summary>A number as an operand of + and −: a cached 0-dim tensor (<c>ScalarTensor</c>), or T's rounding of it.</summary>
    public string Number(double value) => IsHost ? HostNumber(value) : $"{Runtime}ScalarTensor.Of({LossEmitter.Literal(value)}, logits)";

    /// <summary>m2 in the operands' type.</summary>
    public string MaybeLog2 => IsHost ? "host.MaybeLog2" : "batch.MaybeLog2Tensor";

    /// <summary>left·right. The host form parenthesizes a sum on the left and any compound operand on the right.</summary>
    public string Times(string left, string right)
        => IsHost ? $"{(IsSum(left) ? "(" + left + ")" : left)} * {(right.Contains(" ") ? "(" + right + ")" : right)}" : $"{left}.mul({right})";

    /// <summary>The signed parts added up from the first: ±a + b − c, or <c>a[.neg()].add(b).sub(c)</c>.</summary>
    public string Sum(List<SignedPart> parts)
    {
        if (IsHost)
        {
            // The tensor form negates the whole first part (.neg() after it), so the host form does too: op for op.
            if (parts.Count > 0 && parts[0].Sign < 0 && parts[0].Text.Contains(" "))
            {
                var first = new List<SignedPart>(parts);
                first[0] = new SignedPart(-1, "(" + parts[0].Text + ")");
                parts = first;
            }
            return SignedPart.Join(parts, "-", " - ", " + ");
        }
        var builder = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (i == 0) builder.Append(part.Text).Append(part.Sign < 0 ? ".neg()" : "");
            else builder.Append(part.Sign < 0 ? ".sub(" : ".add(").Append(part.Text).Append(')');
        }
        return builder.ToString();
    }

    private static bool IsSum(string code) => code.Contains(" + ") || code.Contains(" - ");

    private static string HostNumber(double value) => $"T.CreateChecked({LossEmitter.Literal(value)})";
}

/// <summary>Names and texts of one Lagrangian term: its target, multiplier and the target functions' fields.</summary>
internal sealed class TermNames
{
    public TermNames(ConstraintTerm term, int index, bool anchored, bool severalConstraints, bool metricRepeats)
    {
        Term = term;
        Index = index;
        Anchored = anchored;
        var metric = term.Constraint.Metric;
        string suffix = metricRepeats ? (index + 1).ToString(CultureInfo.InvariantCulture) : "";
        if (anchored)
        {
            Name = "Anchor" + metric;
            Symbol = metric == ObjectiveMetric.Precision ? "P_k" : "f_k";
            Lambda = "λ_lk";
            LambdaCode = "lambdas";
        }
        else
        {
            Name = metric + suffix;
            Symbol = metric.Symbol() + suffix + "_l";
            Lambda = severalConstraints ? "λ" + (index + 1).ToString(CultureInfo.InvariantCulture) + "_l" : "λ_l";
            LambdaCode = severalConstraints ? LossEmitter.Camel(Name) + "Lambdas" : "lambdas";
        }
    }

    public ConstraintTerm Term { get; }

    /// <summary>The constraint's position among the declared constraints.</summary>
    public int Index { get; }

    public bool Anchored { get; }

    /// <summary>PascalCase name of the target, e.g. "Precision", "Recall2" (a repeated metric) or "AnchorPrecision".</summary>
    public string Name { get; }

    /// <summary>The target symbol in formulas, e.g. "p_l" or "P_k".</summary>
    public string Symbol { get; }

    /// <summary>The multiplier symbol in formulas, e.g. "λ_l", "λ2_l" or "λ_lk".</summary>
    public string Lambda { get; }

    /// <summary>The local holding this term's multipliers in the generated code.</summary>
    public string LambdaCode { get; }

    /// <summary>The per-label targets local of the constructor.</summary>
    public string TargetsLocal => LossEmitter.Camel(Name) + "Targets";

    public List<Affine> GeneralFunctions { get; } = new();

    private string GeneralIndex(Canonical c) => (GeneralFunctions.IndexOf(c.Function) + 1).ToString(CultureInfo.InvariantCulture);

    private string Plural => Anchored ? "s" : "Target";

    public string FieldName(Canonical c) => c.Shape switch
    {
        CoefficientShape.Target => "_" + LossEmitter.Camel(Name) + Plural,
        CoefficientShape.OneMinusTarget => "_oneMinus" + Name + Plural,
        _ => "_" + LossEmitter.Camel(Name) + "Coefficient" + GeneralIndex(c),
    };

    public string VariableName(Canonical c)
    {
        string scale = c.Scale == 1 ? "" : "Times" + LossEmitter.Literal(c.Scale).Replace(".", "_");
        return c.Shape switch
        {
            CoefficientShape.Constant => "lambda" + Name + "Times" + LossEmitter.Literal(c.Function.Constant).Replace(".", "_"),
            CoefficientShape.Target => "lambda" + Name + scale,
            CoefficientShape.OneMinusTarget => "lambdaOneMinus" + Name + scale,
            _ => "lambda" + Name + "Coefficient" + GeneralIndex(c),
        };
    }

    /// <summary>The factor f·scale as code (without λ), or null when it is exactly 1.</summary>
    private string? FactorCode(Canonical c, CodeForm form)
    {
        if (c.Shape == CoefficientShape.Constant)
            return c.Function.Constant == 1 ? null : form.Factor(c.Function.Constant);
        string field = form.Target(FieldName(c));
        return c.Scale == 1 ? field : form.Times(field, form.Factor(c.Scale));
    }

    /// <summary>The product λ·f as code.</summary>
    public string ProductCode(Canonical c, CodeForm form)
        => FactorCode(c, form) is { } factor ? form.Times(LambdaCode, factor) : LambdaCode;

    /// <summary>
    /// λ·f·<paramref name="factor"/> as code, with f·factor formed first: neither carries a gradient, so only the last
    /// product joins the autograd graph.
    /// </summary>
    public string ProductWithCode(Canonical c, string factor, CodeForm form) => FactorCode(c, form) switch
    {
        null => form.Times(LambdaCode, factor),
        var number when c.Shape == CoefficientShape.Constant => form.Times(LambdaCode, form.Times(factor, number)),
        var own => form.Times(LambdaCode, form.Times(own, factor)),
    };

    /// <summary>The product λ·f in formulas, e.g. "λ_l(1 − p_l)" or "2·λ_l(1 − q_l)".</summary>
    public string ProductText(Canonical c)
    {
        string scale = c.Scale == 1 ? "" : LossEmitter.Number(c.Scale) + "·";
        return c.Shape switch
        {
            CoefficientShape.Constant => c.Function.Constant == 1 ? Lambda : LossEmitter.Number(c.Function.Constant) + "·" + Lambda,
            CoefficientShape.Target => scale + Lambda + "·" + Symbol,
            CoefficientShape.OneMinusTarget => scale + Lambda + "(1 − " + Symbol + ")",
            _ => $"{Lambda}({GeneralText(c.Function)})",
        };
    }

    /// <summary>The function itself in formulas, e.g. "1 − p_l".</summary>
    public string FunctionText(Canonical c) => c.Shape switch
    {
        CoefficientShape.Target => Symbol,
        CoefficientShape.OneMinusTarget => "1 − " + Symbol,
        CoefficientShape.General => GeneralText(c.Function),
        _ => LossEmitter.Number(c.Function.Constant),
    };

    private string GeneralText(Affine f)
        => LossEmitter.Number(f.Constant) + (f.Slope < 0 ? " − " : " + ") + (Math.Abs(f.Slope) == 1 ? "" : LossEmitter.Number(Math.Abs(f.Slope)) + "·") + Symbol;

    /// <summary>
    /// The arguments after the targets of <c>PerLabelConstant(targets, constant, slope)</c>, which holds constant + slope·t
    /// per label (nothing for t itself). Numbers, not a lambda: a lambda argument costs every consumer build about four
    /// times as much to compile (<c>ExpressionFormCompileBenchmarks</c>).
    /// </summary>
    public static string FunctionArguments(Canonical c) => c.Shape switch
    {
        CoefficientShape.Target => "",
        CoefficientShape.OneMinusTarget => ", constant: 1.0, slope: -1.0",
        _ => $", constant: {LossEmitter.Literal(c.Function.Constant)}, slope: {LossEmitter.Literal(c.Function.Slope)}",
    };
}

/// <summary>A target function that becomes a <c>TensorConstant</c> field: its term and the unscaled function.</summary>
internal sealed class ConstantField
{
    public ConstantField(TermNames names, Canonical function)
    {
        Names = names;
        Function = function;
    }

    public TermNames Names { get; }

    public Canonical Function { get; }

    public void Deconstruct(out TermNames names, out Canonical function)
    {
        names = Names;
        function = Function;
    }
}

/// <summary>The coefficients of all terms, with the products λ·f they need and how often each is used.</summary>
/// <remarks>
/// The emitter builds this for every generated file. A plan has a handful of terms, so the products are kept in a list
/// and compared field by field: no hashing of records (whose hash codes go through their <c>EqualityContract</c>) and no
/// generic collections over value tuples, which each cost the compiler's JIT a set of fresh instantiations.
/// </remarks>
internal sealed class LagrangianLayout
{
    public LagrangianLayout(ObjectivePlan plan)
    {
        bool anchored = plan.Kind.IsAnchored();
        bool several = plan.Terms.Count > 1;
        for (int i = 0; i < plan.Terms.Count; i++)
        {
            var term = plan.Terms[i];
            var names = new TermNames(term, i, anchored, several, MetricRepeats(plan, term.Constraint.Metric));
            Terms.Add(names);
            foreach (var coefficient in Coefficients(term))
            {
                if (coefficient.IsZero) continue;
                var canonical = Canonical.Of(coefficient);
                if (canonical.Shape == CoefficientShape.General && !names.GeneralFunctions.Contains(canonical.Function))
                    names.GeneralFunctions.Add(canonical.Function);
                var unsigned = canonical.Unsigned;
                if (FindUse(names, unsigned) is { } use) use.Count++;
                else _uses.Add(new ProductUse(names, unsigned));
            }
        }
    }

    private sealed class ProductUse(TermNames names, Canonical product)
    {
        public TermNames Names { get; } = names;

        public Canonical Product { get; } = product;

        public int Count { get; set; } = 1;
    }

    private readonly List<ProductUse> _uses = new();

    public List<TermNames> Terms { get; } = new();

    public static Affine[] Coefficients(ConstraintTerm term) => new[] { term.Alpha, term.Beta, term.Gamma, term.Delta };

    private static bool MetricRepeats(ObjectivePlan plan, ObjectiveMetric metric)
    {
        int count = 0;
        foreach (var term in plan.Terms)
            if (term.Constraint.Metric == metric) count++;
        return count > 1;
    }

    /// <summary>Value equality of two functions (as the record's, without its hashing machinery).</summary>
    private static bool Same(Affine a, Affine b) => a.Constant.Equals(b.Constant) && a.Slope.Equals(b.Slope);

    /// <summary>Value equality of two canonical coefficients (as the record struct's).</summary>
    private static bool Same(Canonical a, Canonical b)
        => a.Sign == b.Sign && a.Scale.Equals(b.Scale) && a.Shape == b.Shape && Same(a.Function, b.Function);

    private ProductUse? FindUse(TermNames names, Canonical unsigned)
    {
        foreach (var use in _uses)
            if (ReferenceEquals(use.Names, names) && Same(use.Product, unsigned)) return use;
        return null;
    }

    /// <summary>The distinct non-constant target functions, in first-use order: each becomes a TensorConstant field.</summary>
    public List<ConstantField> Constants()
    {
        var constants = new List<ConstantField>();
        foreach (var names in Terms)
            foreach (var coefficient in Coefficients(names.Term))
            {
                if (coefficient.IsZero) continue;
                var canonical = Canonical.Of(coefficient);
                if (canonical.Shape == CoefficientShape.Constant) continue;
                // The field holds the unscaled function; the scale is applied where it is used.
                if (!ContainsConstant(constants, names, canonical)) constants.Add(new ConstantField(names, canonical with { Sign = 1, Scale = 1 }));
            }
        return constants;
    }

    private static bool ContainsConstant(List<ConstantField> constants, TermNames names, Canonical canonical)
    {
        foreach (var constant in constants)
            if (ReferenceEquals(constant.Names, names) && constant.Function.Shape == canonical.Shape && Same(constant.Function.Function, canonical.Function))
                return true;
        return false;
    }

    /// <summary>Products used more than once (and not λ itself) become locals.</summary>
    public bool NeedsLocal(TermNames names, Canonical c) => !c.IsOne && FindUse(names, c.Unsigned)!.Count > 1;

    public string Product(TermNames names, Canonical c, CodeForm form) => NeedsLocal(names, c) ? names.VariableName(c) : names.ProductCode(c, form);

    /// <summary>λ·f·factor, reusing the local λ·f when there is one.</summary>
    public string ProductWith(TermNames names, Canonical c, string factor, CodeForm form)
        => NeedsLocal(names, c) ? form.Times(names.VariableName(c), factor) : names.ProductWithCode(c, factor, form);
}
