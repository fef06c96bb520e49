using System;
using System.Collections.Immutable;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GlobalObjectives.Generator.Analyzers;

/// <summary>
/// Reports the problems of objective declarations (GOBJ001…, see <see cref="DiagnosticDescriptors"/>). It runs the
/// generator's own <see cref="ObjectiveParser"/> on every type carrying any GlobalObjectives attribute, so the
/// diagnostics describe exactly why the generator skipped a declaration (errors) or what it generated despite a doubt
/// (warnings). Reporting from an analyzer rather than from the generator keeps <c>#pragma warning disable</c>,
/// <c>.editorconfig</c> severities and IDE squiggles working. Locations are precise: the offending attribute argument
/// (the comparison string, the target, …), the attribute, the base type, or the name of the class (or of the
/// containing type) for partial/static/generic problems.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ObjectiveAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> AttributeNames = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "MaximizeAttribute", "MinimizeAttribute", "ConstraintAttribute", "PrecisionRangeAttribute", "FprRangeAttribute", "AnchorsAttribute", "SurrogateAttribute");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    /// <summary>Whether <paramref name="type"/> carries any attribute of the GlobalObjectives namespace that declares an objective.</summary>
    public static bool CarriesObjectiveAttribute(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && AttributeNames.Contains(attributeClass.Name)
                && attributeClass.ContainingType is null
                && attributeClass.ContainingNamespace is { Name: ObjectiveParser.Namespace, ContainingNamespace.IsGlobalNamespace: true })
                return true;
        }
        return false;
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        if (context.Symbol is not INamedTypeSymbol type) return;

        // The type's own declaration. Problems of its containing types are reported when those are analyzed, so that
        // every diagnostic is local to the symbol being analyzed (the IDE shows local diagnostics as you type).
        if (CarriesObjectiveAttribute(type))
            Report(context, type, depth: 0);

        // Nested objective classes whose problem is this type (not partial, generic, ...), at any nesting depth.
        ReportForNestedObjectives(context, type, depth: 1);
    }

    private static void ReportForNestedObjectives(SymbolAnalysisContext context, INamedTypeSymbol current, int depth)
    {
        foreach (var nested in current.GetTypeMembers())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (CarriesObjectiveAttribute(nested)) Report(context, nested, depth);
            ReportForNestedObjectives(context, nested, depth + 1);
        }
    }

    /// <summary>Reports the problems of objective class <paramref name="type"/> located on the type <paramref name="depth"/> levels out.</summary>
    private static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, int depth)
    {
        var cancellationToken = context.CancellationToken;
        try
        {
            var result = ObjectiveParser.Parse(type, context.Compilation, cancellationToken);
            foreach (var problem in result.Problems)
            {
                if (problem.CompilerReported || problem.ContainingTypeDepth != depth) continue;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (problem.Replacement is not null)
                    properties = properties.Add(DiagnosticDescriptors.ReplacementProperty, problem.Replacement);
                if (problem.RemoveAttribute)
                    properties = properties.Add(DiagnosticDescriptors.RemoveAttributeProperty, "true");
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.For(problem.Kind), Locate(type, problem, cancellationToken), properties, MessageArguments(problem)));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Never let an analyzer exception (AD0001) hide the declaration's real state: say what failed, on the class name.
            if (depth == 0)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, NameLocation(type, onlyNonPartial: false, cancellationToken),
                    type.Name, exception.GetType().Name + ": " + exception.Message));
        }
    }

    private static object[] MessageArguments(ParseProblem problem)
    {
        // As ParseProblem.Message: missing arguments read "?" instead of failing the format.
        var values = new object[Math.Max(6, problem.MessageArguments.Count)];
        for (int i = 0; i < values.Length; i++)
            values[i] = i < problem.MessageArguments.Count ? problem.MessageArguments[i] : "?";
        return values;
    }

    /// <summary>Where <paramref name="problem"/> is reported.</summary>
    public static Location Locate(INamedTypeSymbol type, ParseProblem problem, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        if (problem.AttributeIndex >= 0 && problem.AttributeIndex < attributes.Length)
        {
            var attribute = attributes[problem.AttributeIndex];
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
            {
                if (problem.NamedArgument is { } name && FindNamedArgument(syntax, name) is { } named)
                    return problem.Kind == ProblemKind.NotApplicable ? named.GetLocation() : named.Expression.GetLocation();
                if (problem.ArgumentIndex >= 0 && FindArgument(attribute, syntax, problem.ArgumentIndex) is { } argument)
                    return argument.Expression.GetLocation();
                return syntax.GetLocation();
            }
        }

        if (problem.OnBaseType && BaseTypeLocation(type, cancellationToken) is { } baseLocation)
            return baseLocation;

        var target = type;
        for (int depth = 0; depth < problem.ContainingTypeDepth && target.ContainingType is { } outer; depth++)
            target = outer;
        bool partialProblem = problem.Kind is ProblemKind.NotPartial or ProblemKind.ContainingTypeNotPartial;
        return NameLocation(target, onlyNonPartial: partialProblem, cancellationToken);
    }

    /// <summary>The argument of <paramref name="syntax"/> that binds to constructor parameter <paramref name="index"/>.</summary>
    private static AttributeArgumentSyntax? FindArgument(AttributeData attribute, AttributeSyntax syntax, int index)
    {
        if (syntax.ArgumentList is not { } list) return null;
        var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        if (index < parameters.Length)
        {
            foreach (var argument in list.Arguments)
                if (argument.NameColon?.Name.Identifier.ValueText == parameters[index].Name) return argument;
        }
        if (index < list.Arguments.Count && list.Arguments[index] is { NameEquals: null, NameColon: null } positional)
            return positional;
        return null;
    }

    /// <summary>The property assignment <c>name = …</c> of <paramref name="syntax"/> (the last one, which is the one that counts).</summary>
    private static AttributeArgumentSyntax? FindNamedArgument(AttributeSyntax syntax, string name)
    {
        AttributeArgumentSyntax? found = null;
        foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
            if (argument.NameEquals?.Name.Identifier.ValueText == name) found = argument;
        return found;
    }

    /// <summary>The declared base class in the base list of the first part that names it.</summary>
    private static Location? BaseTypeLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.BaseType is not { } baseType) return null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList.Types: { Count: > 0 } types }) continue;
            // In C# the base class, when there is one, comes first in the base list.
            var first = types[0].Type;
            string name = first switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => "",
            };
            if (name == baseType.Name) return first.GetLocation();
        }
        return null;
    }

    /// <summary>The identifier of the first declaration of <paramref name="type"/> (lacking <c>partial</c>, when asked).</summary>
    private static Location NameLocation(INamedTypeSymbol type, bool onlyNonPartial, CancellationToken cancellationToken)
    {
        Location? first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not BaseTypeDeclarationSyntax declaration) continue;
            var location = declaration.Identifier.GetLocation();
            first ??= location;
            if (!onlyNonPartial || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return location;
        }
        return first ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
    }
}
