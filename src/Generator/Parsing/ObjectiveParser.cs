using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// Reads an objective declaration (a class and its GlobalObjectives attributes) into an <see cref="ObjectiveSpec"/>,
/// or into a list of <see cref="ParseProblem"/>s. Shared by the generator (which skips invalid declarations) and the
/// analyzer (which reports the problems). Never throws on bad input: attribute arguments with errors, missing
/// arguments, undefined enum values and NaN all become problems.
/// </summary>
public static class ObjectiveParser
{
    /// <summary>The namespace of the attributes and the runtime.</summary>
    public const string Namespace = "GlobalObjectives";

    /// <summary>Metadata name of <c>[Maximize]</c>.</summary>
    public const string MaximizeAttribute = "GlobalObjectives.MaximizeAttribute";

    /// <summary>Metadata name of <c>[Minimize]</c>.</summary>
    public const string MinimizeAttribute = "GlobalObjectives.MinimizeAttribute";

    /// <summary>Metadata name of the generated classes' base class.</summary>
    public const string BaseClass = "GlobalObjectives.GlobalObjectiveLoss";

    /// <summary>Default PR-AUC anchor count (seed).</summary>
    public const int DefaultAnchors = 20;

    /// <summary>Parses the declaration of <paramref name="symbol"/>.</summary>
    /// <param name="symbol">The class carrying the attributes; null gives a problem.</param>
    /// <param name="compilation">The compilation, used to check that the runtime is referenced.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    public static ParseResult Parse(INamedTypeSymbol? symbol, Compilation compilation, CancellationToken cancellationToken)
    {
        var problems = new List<ParseProblem>();
        if (symbol is null)
        {
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, "?", "it is not a named type"));
            return new ParseResult(null, problems.ToEquatableArray());
        }

        var type = ReadType(symbol, compilation, problems, cancellationToken);
        var attributes = ReadAttributes(symbol, problems, cancellationToken);
        var family = SelectFamily(symbol.Name, attributes, problems);

        if (HasErrors(problems) || type is null || family is null || attributes.Objective is null)
            return new ParseResult(null, problems.ToEquatableArray());

        bool isPrAuc = family == ObjectiveFamily.PrecisionRecallAuc;
        var spec = new ObjectiveSpec(
            type,
            family.Value,
            attributes.Objective.Value.Direction,
            attributes.Objective.Value.Metric,
            attributes.Constraints.ConvertAll(c => c.Spec).ToEquatableArray(),
            isPrAuc ? attributes.Range?.Lower ?? 0.0 : 0.0,
            isPrAuc ? attributes.Range?.Upper ?? 1.0 : 0.0,
            isPrAuc ? attributes.AnchorCount ?? DefaultAnchors : 0,
            attributes.Surrogate ?? ObjectiveSurrogate.Xent);
        // Warnings (a degenerate target, an ignored attribute, many anchors) travel with the spec; they do not stop generation.
        return new ParseResult(spec, problems.ToEquatableArray());
    }

    private static bool HasErrors(List<ParseProblem> problems) => ErrorCount(problems) > 0;

    private static int ErrorCount(List<ParseProblem> problems)
    {
        int count = 0;
        foreach (var problem in problems)
            if (problem.IsError) count++;
        return count;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The type declaration
    // ---------------------------------------------------------------------------------------------------------

    private static TypeDeclarationModel? ReadType(INamedTypeSymbol symbol, Compilation compilation, List<ParseProblem> problems, CancellationToken cancellationToken)
    {
        int before = problems.Count;
        string name = symbol.Name;
        if (HasMissingName(symbol))
        {
            // Incomplete code such as "partial class { }" or "namespace Demo.;": the compiler reports the missing identifier.
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it, a containing type or its namespace has no name")
                with { CompilerReported = true });
            return null;
        }
        if (symbol.TypeKind != TypeKind.Class)
            // The attributes are AttributeTargets.Class, so the compiler already reports CS0592 on a struct, interface, enum or delegate.
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, $"it is a {symbol.TypeKind.ToString().ToLowerInvariant()}; only classes are supported")
                with { CompilerReported = true });
        else if (symbol.IsRecord)
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it is a record; records cannot derive from GlobalObjectiveLoss"));
        if (symbol.IsStatic)
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it is static"));
        else if (symbol.IsAbstract && symbol.TypeKind == TypeKind.Class)
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it is abstract; a loss must be instantiable"));
        if (symbol.TypeParameters.Length > 0)
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it is generic"));
        if (symbol.IsFileLocal)
            problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, "it is file-local; the generated part lives in another file"));
        if (!IsPartialEverywhere(symbol, cancellationToken))
            problems.Add(ParseProblem.OnType(ProblemKind.NotPartial, name));

        // Only a class has a base class of its own (a struct's is System.ValueType, a record is already reported above).
        bool isPlainClass = symbol.TypeKind == TypeKind.Class && !symbol.IsRecord;
        if (isPlainClass
            && symbol.BaseType is { } baseType
            && baseType.SpecialType != SpecialType.System_Object
            && !(baseType.Name == "GlobalObjectiveLoss" && IsInGlobalObjectivesNamespace(baseType)))
            // An unresolvable base type (TypeKind.Error) is already the compiler's CS0246.
            problems.Add(ParseProblem.OnType(ProblemKind.HasBaseClass, name, baseType.ToDisplayString())
                with { OnBaseType = true, CompilerReported = baseType.TypeKind == TypeKind.Error });
        else if (isPlainClass && HasConflictingBaseClass(symbol, compilation, cancellationToken))
            // Parts naming different (or unresolvable) base classes: the compiler reports CS0263/CS0246, and generating would add to the errors.
            problems.Add(ParseProblem.OnType(ProblemKind.HasBaseClass, name, "conflicting base classes") with { OnBaseType = true, CompilerReported = true });

        var containing = new List<ContainingTypeModel>();
        int depth = 0;
        for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            depth++;
            string? keyword = outer.TypeKind switch
            {
                TypeKind.Class => outer.IsRecord ? "record" : "class",
                TypeKind.Struct => outer.IsRecord ? "record struct" : "struct",
                _ => null,
            };
            if (keyword is null)
                problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, $"its containing type '{outer.Name}' is a {outer.TypeKind.ToString().ToLowerInvariant()}") with { ContainingTypeDepth = depth });
            else if (outer.TypeParameters.Length > 0)
                problems.Add(ParseProblem.OnType(ProblemKind.UnsupportedTypeShape, name, $"its containing type '{outer.Name}' is generic") with { ContainingTypeDepth = depth });
            else if (!IsPartialEverywhere(outer, cancellationToken))
                problems.Add(ParseProblem.OnType(ProblemKind.ContainingTypeNotPartial, outer.Name, name) with { ContainingTypeDepth = depth });
            containing.Insert(0, new ContainingTypeModel(keyword ?? "class", Escape(outer.Name), outer.IsStatic));
        }

        if (compilation.GetTypeByMetadataName(BaseClass) is null)
            problems.Add(ParseProblem.OnType(ProblemKind.RuntimeNotReferenced, name));

        if (problems.Count > before) return null;
        return new TypeDeclarationModel(ReadNamespace(symbol.ContainingNamespace), containing.ToEquatableArray(), Escape(name), name);
    }

    /// <summary>Whether a part names a base class other than GlobalObjectiveLoss (or one that does not resolve) even though the merged symbol does not show it.</summary>
    private static bool HasConflictingBaseClass(INamedTypeSymbol symbol, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList.Types: { Count: > 0 } types }) continue;
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree)) continue;
            // Binding one base-list entry is cheap, and only types whose parts declare base lists get here.
            var first = compilation.GetSemanticModel(reference.SyntaxTree).GetTypeInfo(types[0].Type, cancellationToken).Type;
            if (first is null || first.TypeKind == TypeKind.Error) return true;
            if (first.TypeKind == TypeKind.Class && !(first.Name == "GlobalObjectiveLoss" && IsInGlobalObjectivesNamespace(first))) return true;
        }
        return false;
    }

    private static bool HasMissingName(INamedTypeSymbol symbol)
    {
        for (INamedTypeSymbol? type = symbol; type is not null; type = type.ContainingType)
            if (string.IsNullOrEmpty(type.Name)) return true;
        for (var ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            if (string.IsNullOrEmpty(ns.Name)) return true;
        return false;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol symbol, CancellationToken cancellationToken)
    {
        var references = symbol.DeclaringSyntaxReferences;
        if (references.Length == 0) return false;
        foreach (var reference in references)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration) return false;
            bool isPartial = false;
            foreach (var modifier in declaration.Modifiers)
                if (modifier.IsKind(SyntaxKind.PartialKeyword)) isPartial = true;
            if (!isPartial) return false;
        }
        return true;
    }

    private static string? ReadNamespace(INamespaceSymbol? ns)
    {
        var parts = new List<string>();
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
            parts.Insert(0, Escape(current.Name));
        return parts.Count == 0 ? null : string.Join(".", parts);
    }

    /// <summary>Prefixes <c>@</c> to identifiers that are reserved keywords.</summary>
    public static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    private static bool IsInGlobalObjectivesNamespace(ISymbol symbol)
        => symbol.ContainingNamespace is { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true };

    // ---------------------------------------------------------------------------------------------------------
    // The attributes
    // ---------------------------------------------------------------------------------------------------------

    private readonly record struct ObjectiveAttribute(int Index, ObjectiveDirection Direction, ObjectiveMetric Metric);

    private sealed record ConstraintAttribute(int Index, ConstraintSpec Spec);

    private sealed class DeclaredAttributes
    {
        public List<ObjectiveAttribute> Objectives { get; } = new();

        public ObjectiveAttribute? Objective => Objectives.Count == 1 ? Objectives[0] : null;

        /// <summary>Objective attributes whose arguments could not be read (they still count as objectives).</summary>
        public int UnreadableObjectives { get; set; }

        public List<ConstraintAttribute> Constraints { get; } = new();

        public int UnreadableConstraints { get; set; }

        /// <summary>A valid <c>[PrecisionRange]</c>'s bounds; null when absent or invalid.</summary>
        public (double Lower, double Upper)? Range { get; set; }

        /// <summary>A valid <c>[Anchors]</c> count; null when absent or invalid.</summary>
        public int? AnchorCount { get; set; }

        /// <summary>Where <c>[PrecisionRange]</c> stands, valid or not; -1 when absent.</summary>
        public int RangeIndex { get; set; } = -1;

        /// <summary>Where <c>[Anchors]</c> stands, valid or not; -1 when absent.</summary>
        public int AnchorsIndex { get; set; } = -1;

        public ObjectiveSurrogate? Surrogate { get; set; }
    }

    private static DeclaredAttributes ReadAttributes(INamedTypeSymbol symbol, List<ParseProblem> problems, CancellationToken cancellationToken)
    {
        var declared = new DeclaredAttributes();
        var attributes = symbol.GetAttributes();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < attributes.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = attributes[index];
            if (attribute.AttributeClass is not { } attributeClass || !IsInGlobalObjectivesNamespace(attributeClass)) continue;
            string shortName = attributeClass.Name.EndsWith("Attribute", StringComparison.Ordinal)
                ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length)
                : attributeClass.Name;
            bool repeated = !seen.Add(shortName);
            switch (attributeClass.Name)
            {
                case "MaximizeAttribute":
                case "MinimizeAttribute":
                {
                    var direction = attributeClass.Name == "MaximizeAttribute" ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize;
                    if (ReadEnum<ObjectiveMetric>(attribute, index, 0, shortName, "metric", "Metric", problems) is { } metric)
                        declared.Objectives.Add(new ObjectiveAttribute(index, direction, metric));
                    else
                        declared.UnreadableObjectives++;
                    break;
                }
                case "ConstraintAttribute":
                {
                    var metric = ReadEnum<ObjectiveMetric>(attribute, index, 0, shortName, "metric", "Metric", problems);
                    var comparison = ReadComparison(attribute, index, metric, problems);
                    var target = ReadDouble(attribute, index, 2, shortName, "target", problems);
                    if (target is { } t && !(t >= 0.0 && t <= 1.0))
                    {
                        string why = double.IsNaN(t) || double.IsInfinity(t) ? "not a finite number; expected a value in [0, 1]" : "outside [0, 1]";
                        problems.Add(ParseProblem.OnAttribute(ProblemKind.TargetOutOfRange, index, 2, Format(t), metric?.ToString() ?? "?", why));
                        target = null;
                    }
                    if (metric is { } m && comparison is { } c && target is { } value)
                        declared.Constraints.Add(new ConstraintAttribute(index, new ConstraintSpec(m, c, value)));
                    else
                        declared.UnreadableConstraints++;
                    break;
                }
                case "PrecisionRangeAttribute":
                {
                    if (repeated) { AddRepeated(symbol.Name, shortName, index, problems); break; }
                    declared.RangeIndex = index;
                    var lower = ReadDouble(attribute, index, 0, shortName, "lower", problems);
                    var upper = ReadDouble(attribute, index, 1, shortName, "upper", problems);
                    if (lower is { } lo && upper is { } hi)
                    {
                        // Point at the argument that is out of [0, 1] (NaN included); at the whole attribute when they are out of order.
                        int culprit = !(lo >= 0.0 && lo <= 1.0) ? 0 : !(hi >= 0.0 && hi <= 1.0) ? 1 : -1;
                        if (culprit < 0 && lo < hi)
                            declared.Range = (lo, hi);
                        else
                            problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidPrecisionRange, index, culprit, Format(lo), Format(hi)));
                    }
                    break;
                }
                case "AnchorsAttribute":
                {
                    if (repeated) { AddRepeated(symbol.Name, shortName, index, problems); break; }
                    declared.AnchorsIndex = index;
                    var countArgument = ReadArgument(attribute, index, 0, shortName, "count", "int", problems);
                    if (countArgument is { Value: int count })
                    {
                        if (count >= 1 && count <= ProblemCatalog.MaxAnchors)
                        {
                            declared.AnchorCount = count;
                            if (count > ProblemCatalog.RecommendedMaxAnchors)
                                problems.Add(ParseProblem.OnAttribute(ProblemKind.LargeAnchorCount, index, 0,
                                    count.ToString(CultureInfo.InvariantCulture), ProblemCatalog.RecommendedMaxAnchors.ToString(CultureInfo.InvariantCulture)));
                        }
                        else
                            problems.Add(ParseProblem.OnAttribute(ProblemKind.AnchorCountOutOfRange, index, 0,
                                count.ToString(CultureInfo.InvariantCulture), ProblemCatalog.MaxAnchors.ToString(CultureInfo.InvariantCulture)));
                    }
                    else if (countArgument is not null)
                    {
                        problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, 0, shortName, "count", "int"));
                    }
                    break;
                }
                case "SurrogateAttribute":
                {
                    if (repeated) { AddRepeated(symbol.Name, shortName, index, problems); break; }
                    declared.Surrogate = ReadEnum<ObjectiveSurrogate>(attribute, index, 0, shortName, "type", "SurrogateType", problems);
                    break;
                }
            }
        }
        return declared;
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
                var (suggestion, reason) = SuggestComparison(metric, other);
                problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidComparison, index, 1, other, suggestion.ToOperator(), reason)
                    with { Replacement = suggestion.ToOperator() });
                return null;
            }
            default:
                problems.Add(ParseProblem.OnAttribute(ProblemKind.InvalidArgument, index, 1, "Constraint", "comparison", "string"));
                return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The family
    // ---------------------------------------------------------------------------------------------------------

    private static ObjectiveFamily? SelectFamily(string typeName, DeclaredAttributes declared, List<ParseProblem> problems)
    {
        int objectiveCount = declared.Objectives.Count + declared.UnreadableObjectives;
        if (objectiveCount == 0)
        {
            problems.Add(ParseProblem.OnType(ProblemKind.ConflictingObjectives, typeName, "has no [Maximize] or [Minimize] attribute; declare exactly one"));
            return null;
        }
        if (objectiveCount > 1)
        {
            int second = declared.Objectives.Count > 1 ? declared.Objectives[1].Index : -1;
            problems.Add(ParseProblem.OnAttribute(ProblemKind.ConflictingObjectives, second, -1, typeName,
                $"declares {objectiveCount} objectives; declare exactly one [Maximize] or [Minimize]"));
            return null;
        }
        if (declared.Objective is not { } objective) return null;          // its argument was unreadable (already a problem)

        var metric = objective.Metric.Normalize();
        string objectiveText = $"{objective.Direction}({objective.Metric})";
        int errorsBefore = ErrorCount(problems);

        if (metric is ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc)
        {
            if (objective.Direction != ObjectiveDirection.Maximize)
            {
                problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, objective.Index, 0, "[" + objectiveText + "]"));
                return null;
            }
            foreach (var constraint in declared.Constraints)
                problems.Add(ParseProblem.OnAttribute(ProblemKind.ConstraintOnAuc, constraint.Index, -1, objectiveText));
            if (metric == ObjectiveMetric.RocAuc)
                AddNotApplicableAucOptions(declared, objectiveText, problems);
            if (ErrorCount(problems) > errorsBefore || declared.UnreadableConstraints > 0) return null;
            return metric == ObjectiveMetric.PrAuc ? ObjectiveFamily.PrecisionRecallAuc : ObjectiveFamily.RocAuc;
        }

        AddNotApplicableAucOptions(declared, objectiveText, problems);

        // Each constraint on its own: the objective's own metric, the direction, a degenerate target.
        bool constraintRejected = false;
        foreach (var declaredConstraint in declared.Constraints)
        {
            var spec = declaredConstraint.Spec;
            var constrained = spec.Metric.Normalize();
            if (constrained == metric)
            {
                problems.Add(ParseProblem.OnAttribute(ProblemKind.OwnMetricConstrained, declaredConstraint.Index, 0,
                    spec.Metric.ToString(), objectiveText, PartnerConstraint(objective.Direction, metric)));
                constraintRejected = true;
                continue;
            }
            if (ExpectedComparison(constrained) is not { } expected) continue;   // an AUC metric: an unsupported combination below
            if (expected != spec.Comparison)
            {
                problems.Add(ParseProblem.OnAttribute(ProblemKind.ComparisonDirectionMismatch, declaredConstraint.Index, 1,
                    spec.Metric.ToString(), spec.Comparison.ToOperator(), Format(spec.Target), expected.ToOperator(), Sense(spec.Metric, expected))
                    with { Replacement = expected.ToOperator() });
                constraintRejected = true;
                continue;
            }
            if (DegenerateTarget(spec, expected) is { } degenerate)
                problems.Add(ParseProblem.OnAttribute(ProblemKind.DegenerateTarget, declaredConstraint.Index, 2,
                    spec.Metric.ToString(), spec.Comparison.ToOperator(), Format(spec.Target), degenerate));
        }

        // Pairs on one metric: contradictory bounds, or the same metric constrained again.
        for (int i = 1; i < declared.Constraints.Count; i++)
        {
            var current = declared.Constraints[i];
            for (int j = 0; j < i; j++)
            {
                var earlier = declared.Constraints[j];
                if (earlier.Spec.Metric.Normalize() != current.Spec.Metric.Normalize()) continue;
                if (current.Spec.Metric.Normalize() == metric) break;                // already reported as the objective's own metric
                bool contradictory =
                    (current.Spec.Comparison == ComparisonKind.AtLeast && earlier.Spec.Comparison == ComparisonKind.AtMost && current.Spec.Target > earlier.Spec.Target)
                    || (current.Spec.Comparison == ComparisonKind.AtMost && earlier.Spec.Comparison == ComparisonKind.AtLeast && earlier.Spec.Target > current.Spec.Target);
                problems.Add(contradictory
                    ? ParseProblem.OnAttribute(ProblemKind.ContradictoryConstraints, current.Index, -1,
                        current.Spec.Metric.ToString(), ConstraintText(current.Spec), ConstraintText(earlier.Spec))
                    : ParseProblem.OnAttribute(ProblemKind.DuplicateConstraint, current.Index, -1,
                        current.Spec.Metric.ToString(), ConstraintText(earlier.Spec)));
                constraintRejected = true;
                break;
            }
        }

        if (ErrorCount(problems) > errorsBefore || declared.UnreadableConstraints > 0 || constraintRejected) return null;
        if (declared.Constraints.Count != 1)
        {
            string what = declared.Constraints.Count == 0 ? " without a [Constraint]" : $" with {declared.Constraints.Count} constraints";
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, objective.Index, -1, "[" + objectiveText + "]" + what));
            return null;
        }

        var single = declared.Constraints[0].Spec;
        ObjectiveFamily? family = (objective.Direction, metric, single.Metric.Normalize()) switch
        {
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall, ObjectiveMetric.Precision) => ObjectiveFamily.RecallAtPrecision,
            (ObjectiveDirection.Maximize, ObjectiveMetric.Precision, ObjectiveMetric.Recall) => ObjectiveFamily.PrecisionAtRecall,
            (ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate, ObjectiveMetric.Recall) => ObjectiveFamily.FalsePositiveRateAtTruePositiveRate,
            (ObjectiveDirection.Maximize, ObjectiveMetric.Recall, ObjectiveMetric.FalsePositiveRate) => ObjectiveFamily.TruePositiveRateAtFalsePositiveRate,
            _ => null,
        };
        if (family is null)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.UnsupportedCombination, objective.Index, -1,
                $"[{objectiveText}] + {ConstraintText(single)}"));
        return family;
    }

    private static void AddNotApplicableAucOptions(DeclaredAttributes declared, string objectiveText, List<ParseProblem> problems)
    {
        if (declared.RangeIndex >= 0)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, declared.RangeIndex, -1, "PrecisionRange", "[" + objectiveText + "]"));
        if (declared.AnchorsIndex >= 0)
            problems.Add(ParseProblem.OnAttribute(ProblemKind.NotApplicable, declared.AnchorsIndex, -1, "Anchors", "[" + objectiveText + "]"));
    }

    /// <summary>The comparison a constraint on <paramref name="metric"/> (normalized) must use: a quality is bounded from below, an error rate from above.</summary>
    private static ComparisonKind? ExpectedComparison(ObjectiveMetric metric) => metric switch
    {
        ObjectiveMetric.Precision or ObjectiveMetric.Recall or ObjectiveMetric.TruePositiveRate => ComparisonKind.AtLeast,
        ObjectiveMetric.FalsePositiveRate => ComparisonKind.AtMost,
        _ => null,
    };

    private static string Sense(ObjectiveMetric metric, ComparisonKind expected)
    {
        if (metric is ObjectiveMetric.PrAuc or ObjectiveMetric.RocAuc)
            return $"a larger {metric.Words().Substring("the ".Length)} is better, so {metric} is bounded from below";
        return expected == ComparisonKind.AtLeast
            ? $"a higher {metric.Words()} is better, so {metric} is bounded from below"
            : $"a lower {metric.Words()} is better, so {metric} is bounded from above";
    }

    /// <summary>
    /// The supported comparison closest to the unsupported text <paramref name="written"/>: the metric's sense when the
    /// metric is known (a quality is bounded with "&gt;=", an error rate with "&lt;="), otherwise the direction the text points.
    /// </summary>
    private static (ComparisonKind Suggestion, string Reason) SuggestComparison(ObjectiveMetric? metric, string written)
    {
        if (metric is { } m)
        {
            var expected = ExpectedComparison(m.Normalize()) ?? ComparisonKind.AtLeast;   // an AUC is a quality too
            return (expected, Sense(m, expected));
        }
        bool less = written.IndexOf('<') >= 0 && written.IndexOf('>') < 0;
        return (less ? ComparisonKind.AtMost : ComparisonKind.AtLeast, "the supported comparison closest to the one written");
    }

    /// <summary>Why a target of exactly 0 or 1 is degenerate, or null when it is strictly inside (0, 1).</summary>
    private static string? DegenerateTarget(ConstraintSpec constraint, ComparisonKind expected)
    {
        double target = constraint.Target;
        if (!(target == 0.0 || target == 1.0)) return null;
        bool vacuous = expected == ComparisonKind.AtLeast ? target == 0.0 : target == 1.0;
        if (vacuous)
            return "always holds, so it is vacuous: its Lagrange multiplier only adds noise and the objective is effectively unconstrained";
        string requirement = constraint.Metric.Normalize() switch
        {
            ObjectiveMetric.Precision => "no false positive at all",
            ObjectiveMetric.Recall => "no false negative at all",
            _ => "no false positive at all",
        };
        return $"demands {requirement}: the target terms vanish and the loss reduces to a cross-entropy weighted by the Lagrange multiplier (plain cross-entropy at λ = 1)";
    }

    private static string PartnerConstraint(ObjectiveDirection direction, ObjectiveMetric metric) => (direction, metric) switch
    {
        (ObjectiveDirection.Maximize, ObjectiveMetric.Recall) => "[Constraint(Precision, \">=\", p)] or [Constraint(FalsePositiveRate, \"<=\", f)]",
        (ObjectiveDirection.Maximize, ObjectiveMetric.Precision) => "[Constraint(Recall, \">=\", r)]",
        (ObjectiveDirection.Minimize, ObjectiveMetric.FalsePositiveRate) => "[Constraint(TruePositiveRate, \">=\", t)]",
        _ => "one of the supported declarations",
    };

    private static string ConstraintText(ConstraintSpec constraint)
        => $"[Constraint({constraint.Metric}, \"{constraint.Comparison.ToOperator()}\", {Format(constraint.Target)})]";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
