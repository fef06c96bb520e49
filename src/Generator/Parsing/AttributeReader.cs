using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// Reads the GlobalObjectives attributes of a class into <see cref="DeclaredAttributes"/>, checking each attribute on
/// its own (argument types, enum values, target and range bounds, anchor counts, <c>Beta</c>). How the attributes
/// combine is judged by <see cref="ObjectiveRules"/> and <see cref="ConstraintSetRules"/>.
/// </summary>
internal static class AttributeReader
{
    public static DeclaredAttributes Read(INamedTypeSymbol symbol, List<ParseProblem> problems, CancellationToken cancellationToken)
    {
        var declared = new DeclaredAttributes();
        var attributes = symbol.GetAttributes();
        // One bit per attribute that may appear once; the short names are constants. This runs for every declaration on
        // every compilation, so it allocates nothing a valid declaration does not keep.
        int seen = 0;
        for (int index = 0; index < attributes.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = attributes[index];
            if (attribute.AttributeClass is not { } attributeClass || !ObjectiveParser.IsInGlobalObjectivesNamespace(attributeClass)) continue;
            switch (attributeClass.Name)
            {
                case "MaximizeAttribute":
                    ReadObjective(attribute, index, "Maximize", ObjectiveDirection.Maximize, declared, problems);
                    break;
                case "MinimizeAttribute":
                    ReadObjective(attribute, index, "Minimize", ObjectiveDirection.Minimize, declared, problems);
                    break;
                case "ConstraintAttribute":
                    ReadConstraint(attribute, index, "Constraint", declared, problems);
                    break;
                case "PrecisionRangeAttribute":
                    if (Repeated(ref seen, 1, symbol, "PrecisionRange", index, problems)) break;
                    declared.PrecisionRange = ReadRange(attribute, index, "PrecisionRange", problems);
                    break;
                case "FprRangeAttribute":
                    if (Repeated(ref seen, 2, symbol, "FprRange", index, problems)) break;
                    declared.FprRange = ReadRange(attribute, index, "FprRange", problems);
                    break;
                case "AnchorsAttribute":
                    if (Repeated(ref seen, 4, symbol, "Anchors", index, problems)) break;
                    declared.AnchorsIndex = index;
                    declared.AnchorCount = ReadAnchorCount(attribute, index, "Anchors", problems);
                    break;
                case "SurrogateAttribute":
                    if (Repeated(ref seen, 8, symbol, "Surrogate", index, problems)) break;
                    declared.Surrogate = ReadEnum<ObjectiveSurrogate>(attribute, index, 0, "Surrogate", "type", "SurrogateType", problems);
                    break;
            }
        }
        return declared;
    }

    /// <summary>Whether the attribute with <paramref name="bit"/> was seen before (then a problem is added); marks it seen.</summary>
    private static bool Repeated(ref int seen, int bit, INamedTypeSymbol symbol, string shortName, int index, List<ParseProblem> problems)
    {
        if ((seen & bit) == 0)
        {
            seen |= bit;
            return false;
        }
        AddRepeated(symbol.Name, shortName, index, problems);
        return true;
    }

    private static void ReadObjective(AttributeData attribute, int index, string shortName, ObjectiveDirection direction, DeclaredAttributes declared, List<ParseProblem> problems)
    {
        var metric = ReadEnum<ObjectiveMetric>(attribute, index, 0, shortName, "metric", "Metric", problems);
        var beta = ReadBeta(attribute, index, shortName, metric, new AttributeText(shortName, metric), problems);
        if (metric is { } read)
            declared.Objectives.Add(new ObjectiveAttribute(index, direction, read, beta ?? 1.0));
        else
            declared.UnreadableObjectives++;
    }

    private static void ReadConstraint(AttributeData attribute, int index, string shortName, DeclaredAttributes declared, List<ParseProblem> problems)
    {
        var metric = ReadEnum<ObjectiveMetric>(attribute, index, 0, shortName, "metric", "Metric", problems);
        var comparison = ReadComparison(attribute, index, metric, problems);
        var target = ReadDouble(attribute, index, 2, shortName, "target", problems);
        if (target is { } t && !(t >= 0.0 && t <= 1.0))
        {
            string why = double.IsNaN(t) || double.IsInfinity(t) ? "not a finite number; expected a value in [0, 1]" : "outside [0, 1]";
            problems.Add(ParseProblem.OnAttribute(ProblemKind.TargetOutOfRange, index, 2, ParserMessages.Format(t), metric?.ToString() ?? "?", why));
            target = null;
        }
        var beta = ReadBeta(attribute, index, shortName, metric, new AttributeText(metric, comparison, target), problems);
        if (metric is { } mm && comparison is { } cc && target is { } tt && beta is { } b)
            declared.Constraints.Add(new ConstraintAttribute(index, new ConstraintSpec(mm, cc, tt, b)));
        else
            declared.UnreadableConstraints++;
    }

    /// <summary>
    /// How an objective or constraint attribute reads in a message (<c>[Maximize(Recall)]</c>, <c>[Constraint(Precision,
    /// "&gt;=", 0.8)]</c>), formatted only when a message needs it.
    /// </summary>
    private readonly struct AttributeText
    {
        private readonly string? _objective;
        private readonly ObjectiveMetric? _metric;
        private readonly ComparisonKind? _comparison;
        private readonly double? _target;

        public AttributeText(string objective, ObjectiveMetric? metric)
        {
            _objective = objective;
            _metric = metric;
            _comparison = null;
            _target = null;
        }

        public AttributeText(ObjectiveMetric? metric, ComparisonKind? comparison, double? target)
        {
            _objective = null;
            _metric = metric;
            _comparison = comparison;
            _target = target;
        }

        public override string ToString()
        {
            if (_objective is not null)
                return _metric is { } m ? $"[{_objective}({m})]" : $"[{_objective}]";
            return _metric is { } metric && _comparison is { } comparison && _target is { } value
                ? new ConstraintSpec(metric, comparison, value).DeclarationText
                : $"[Constraint({_metric?.ToString() ?? "?"}, ...)]";
        }
    }

    /// <summary>
    /// The named argument <c>Beta</c>: β for an FScore metric, 1 for any other (where an explicit <c>Beta</c> is only a
    /// warning), or null when it is invalid (not greater than 0, or so large that β² overflows).
    /// </summary>
    private static double? ReadBeta(AttributeData attribute, int index, string attributeName, ObjectiveMetric? metric, AttributeText attributeText, List<ParseProblem> problems)
    {
        if (attribute.NamedArguments.IsEmpty) return 1.0;
        TypedConstant? found = null;
        foreach (var named in attribute.NamedArguments)
            if (named.Key == "Beta") found = named.Value;
        if (found is not { } constant) return 1.0;

        const string expected = "a finite number greater than 0 whose square is finite too (β² enters the loss)";
        if (constant.Kind == TypedConstantKind.Error || constant.Value is not double beta)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, -1, attributeName, "Beta", expected)
                with { NamedArgument = "Beta", CompilerReported = constant.Kind == TypedConstantKind.Error });
            return null;
        }
        if (!(beta > 0.0) || double.IsInfinity(beta * beta))
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, -1, attributeName, "Beta",
                $"{expected}, not {ParserMessages.Format(beta)}") with { NamedArgument = "Beta" });
            return null;
        }
        if (metric is { } m && m != ObjectiveMetric.FScore)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, index, -1, "Beta", "the FScore metric", attributeText.ToString())
                with { NamedArgument = "Beta" });
            return 1.0;
        }
        return beta;
    }

    /// <summary>A <c>[PrecisionRange]</c> or <c>[FprRange]</c>: bounds when 0 &lt;= lower &lt; upper &lt;= 1, otherwise a GOBJ010.</summary>
    private static DeclaredRange ReadRange(AttributeData attribute, int index, string shortName, List<ParseProblem> problems)
    {
        var lower = ReadDouble(attribute, index, 0, shortName, "lower", problems);
        var upper = ReadDouble(attribute, index, 1, shortName, "upper", problems);
        if (lower is not { } lo || upper is not { } hi) return DeclaredRange.Invalid(index);
        // Point at the argument that is out of [0, 1] (NaN included); at the whole attribute when they are out of order.
        int culprit = !(lo >= 0.0 && lo <= 1.0) ? 0 : !(hi >= 0.0 && hi <= 1.0) ? 1 : -1;
        if (culprit < 0 && lo < hi) return new DeclaredRange(index, true, lo, hi);
        problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidPrecisionRange, index, culprit, shortName, ParserMessages.Format(lo), ParserMessages.Format(hi)));
        return DeclaredRange.Invalid(index);
    }

    private static int? ReadAnchorCount(AttributeData attribute, int index, string shortName, List<ParseProblem> problems)
    {
        var countArgument = ReadArgument(attribute, index, 0, shortName, "count", "int", problems);
        if (countArgument is { Value: int count })
        {
            string shown = count.ToString(CultureInfo.InvariantCulture);
            if (count < 1 || count > ProblemCatalog.MaxAnchors)
            {
                problems.Add(ParseProblem.OnAttribute(ProblemKind.AnchorCountOutOfRange, index, 0,
                    shown, ProblemCatalog.MaxAnchors.ToString(CultureInfo.InvariantCulture)));
                return null;
            }
            if (count > ProblemCatalog.RecommendedMaxAnchors)
                problems.Add(ParseProblem.OnAttribute(ProblemKind.LargeAnchorCount, index, 0,
                    shown, ProblemCatalog.RecommendedMaxAnchors.ToString(CultureInfo.InvariantCulture)));
            return count;
        }
        if (countArgument is not null)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, 0, shortName, "count", "int"));
        return null;
    }

    // These attributes are AllowMultiple = false, so the compiler already reports the repetition (CS0579).
    private static void AddRepeated(string typeName, string shortName, int index, List<ParseProblem> problems)
        => problems.Add(ParseProblem.OnAttribute(ProblemKind.ConflictingObjectives, index, -1, typeName, $"repeats [{shortName}]") with { CompilerReported = true });

    /// <summary>The constructor argument, or null (with a problem unless the compiler already reports an error there).</summary>
    private static TypedConstant? ReadArgument(AttributeData attribute, int index, int argument, string attributeName, string argumentName, string expected, List<ParseProblem> problems)
    {
        var arguments = attribute.ConstructorArguments;
        if (attribute.AttributeConstructor is null || argument >= arguments.Length)
        {
            // No constructor bound: the compiler reports the missing or mistyped arguments itself.
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, argument, attributeName, argumentName, expected)
                with { CompilerReported = attribute.AttributeConstructor is null });
            return null;
        }
        var constant = arguments[argument];
        if (constant.Kind is TypedConstantKind.Error or TypedConstantKind.Array or TypedConstantKind.Type || constant.IsNull)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, argument, attributeName, argumentName, expected)
                with { CompilerReported = constant.Kind == TypedConstantKind.Error });
            return null;
        }
        return constant;
    }

    private static T? ReadEnum<T>(AttributeData attribute, int index, int argument, string attributeName, string argumentName, string enumName, List<ParseProblem> problems)
        where T : struct, Enum
    {
        if (ReadArgument(attribute, index, argument, attributeName, argumentName, enumName, problems) is not { } constant) return null;
        if (constant.Value is not int value)
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, argument, attributeName, argumentName, enumName));
            return null;
        }
        // The mirror enums have the attributes' values, so a defined mirror value is a defined attribute value.
        if (!Enum.IsDefined(typeof(T), value))
        {
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UndefinedEnumValue, index, argument, attributeName, argumentName,
                value.ToString(CultureInfo.InvariantCulture), enumName));
            return null;
        }
        return (T)Enum.ToObject(typeof(T), value);
    }

    private static double? ReadDouble(AttributeData attribute, int index, int argument, string attributeName, string argumentName, List<ParseProblem> problems)
    {
        if (ReadArgument(attribute, index, argument, attributeName, argumentName, "double", problems) is not { } constant) return null;
        if (constant.Value is double value) return value;
        problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, argument, attributeName, argumentName, "double"));
        return null;
    }

    private static ComparisonKind? ReadComparison(AttributeData attribute, int index, ObjectiveMetric? metric, List<ParseProblem> problems)
    {
        if (ReadArgument(attribute, index, 1, "Constraint", "comparison", "string", problems) is not { } constant) return null;
        switch (constant.Value)
        {
            case ">=": return ComparisonKind.AtLeast;
            case "<=": return ComparisonKind.AtMost;
            case string other:
            {
                var (suggestion, reason) = ParserMessages.SuggestComparison(metric, other);
                problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidComparison, index, 1, other, suggestion.ToOperator(), reason)
                    with { Replacement = suggestion.ToOperator() });
                return null;
            }
            default:
                problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, 1, "Constraint", "comparison", "string"));
                return null;
        }
    }
}
