using System.Collections.Generic;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// Reads an objective declaration (a class and its GlobalObjectives attributes) into an <see cref="ObjectiveSpec"/>,
/// or into a list of <see cref="ParseProblem"/>s. The work is split by responsibility: <see cref="TypeReader"/> (the
/// class), <see cref="AttributeReader"/> (each attribute on its own), <see cref="ObjectiveRules"/> (the objective and
/// the family), <see cref="ConstraintSetRules"/> (the constraints together) and <see cref="ParserMessages"/> (the words).
/// Shared by the generator (which skips invalid declarations) and the analyzer (which reports the problems). Never throws on bad input: attribute arguments with errors, missing
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

    /// <summary>Default anchor count of PR-AUC (seed) and partial ROC-AUC.</summary>
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

        var type = TypeReader.Read(symbol, compilation, problems, cancellationToken);
        var attributes = AttributeReader.Read(symbol, problems, cancellationToken);
        var family = ObjectiveRules.SelectFamily(symbol.Name, attributes, problems);

        if (ErrorCount(problems) > 0 || type is null || family is not { } chosen || attributes.Objective is not { } objective)
            return new ParseResult(null, problems.ToEquatableArray());

        // The range and anchors of the two anchored families: [PrecisionRange] for PR-AUC, [FprRange] for partial ROC-AUC.
        double rangeLower = 0.0, rangeUpper = 0.0;
        int anchors = 0;
        if (chosen is ObjectiveFamily.PrecisionRecallAuc or ObjectiveFamily.PartialRocAuc)
        {
            var range = chosen == ObjectiveFamily.PrecisionRecallAuc ? attributes.PrecisionRange : attributes.FprRange;
            rangeLower = range.LowerOrDefault;
            rangeUpper = range.UpperOrDefault;
            anchors = attributes.AnchorCount ?? DefaultAnchors;
        }
        var constraints = new ConstraintSpec[attributes.Constraints.Count];
        for (int i = 0; i < constraints.Length; i++) constraints[i] = attributes.Constraints[i].Spec;
        var spec = new ObjectiveSpec(
            type,
            chosen,
            objective.Direction,
            objective.Metric,
            EquatableArray.Own(constraints),
            rangeLower,
            rangeUpper,
            anchors,
            attributes.Surrogate ?? ObjectiveSurrogate.Xent,
            objective.Metric == ObjectiveMetric.FScore ? objective.Beta : 1.0);
        // Warnings (a degenerate target, a redundant constraint, an ignored attribute, many anchors) travel with the spec;
        // they do not stop generation.
        return new ParseResult(spec, problems.ToEquatableArray());
    }

    /// <summary>The number of errors (not warnings) among <paramref name="problems"/>.</summary>
    internal static int ErrorCount(List<ParseProblem> problems)
    {
        int count = 0;
        foreach (var problem in problems)
            if (problem.IsError) count++;
        return count;
    }

    /// <summary>Prefixes <c>@</c> to identifiers that are reserved keywords.</summary>
    public static string Escape(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    internal static bool IsInGlobalObjectivesNamespace(ISymbol symbol)
        => symbol.ContainingNamespace is { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true };
}
