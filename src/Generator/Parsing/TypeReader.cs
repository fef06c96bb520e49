using System.Collections.Generic;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>
/// Reads the class that carries the attributes into a <see cref="TypeDeclarationModel"/>: a partial, non-generic,
/// non-static class without a base class of its own, in partial containing types, with the runtime referenced.
/// </summary>
internal static class TypeReader
{

    public static TypeDeclarationModel? Read(INamedTypeSymbol symbol, Compilation compilation, List<ParseProblem> problems, CancellationToken cancellationToken)
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
            && !(baseType.Name == "GlobalObjectiveLoss" && ObjectiveParser.IsInGlobalObjectivesNamespace(baseType)))
            // An unresolvable base type (TypeKind.Error) is already the compiler's CS0246.
            problems.Add(ParseProblem.OnType(ProblemKind.HasBaseClass, name, baseType.ToDisplayString())
                with { OnBaseType = true, CompilerReported = baseType.TypeKind == TypeKind.Error });
        else if (isPlainClass && HasConflictingBaseClass(symbol, compilation, cancellationToken))
            // Parts naming different (or unresolvable) base classes: the compiler reports CS0263/CS0246, and generating would add to the errors.
            problems.Add(ParseProblem.OnType(ProblemKind.HasBaseClass, name, "conflicting base classes") with { OnBaseType = true, CompilerReported = true });

        List<ContainingTypeModel>? containing = null;   // most objective classes are not nested
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
            (containing ??= new List<ContainingTypeModel>()).Insert(0, new ContainingTypeModel(keyword ?? "class", ObjectiveParser.Escape(outer.Name), outer.IsStatic));
        }

        if (compilation.GetTypeByMetadataName(ObjectiveParser.BaseClass) is null)
            problems.Add(ParseProblem.OnType(ProblemKind.RuntimeNotReferenced, name));

        if (problems.Count > before) return null;
        return new TypeDeclarationModel(ReadNamespace(symbol.ContainingNamespace),
            containing is null ? EquatableArray<ContainingTypeModel>.Empty : containing.ToEquatableArray(), ObjectiveParser.Escape(name), name);
    }

    /// <summary>Whether a part names a base class other than GlobalObjectiveLoss (or one that does not resolve) even though the merged symbol does not show it.</summary>
    private static bool HasConflictingBaseClass(INamedTypeSymbol symbol, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList.Types: { Count: > 0 } types }) continue;
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree)) continue;
            // The generated part names the base class as global::GlobalObjectives.GlobalObjectiveLoss, which can mean
            // nothing else: no semantic model for it. The analyzer sees that part of every objective class it checks.
            if (IsGlobalObjectiveLossByFullName(types[0].Type)) continue;
            // Binding one base-list entry is cheap, and only types whose own parts declare base lists get here.
            var first = compilation.GetSemanticModel(reference.SyntaxTree).GetTypeInfo(types[0].Type, cancellationToken).Type;
            if (first is null || first.TypeKind == TypeKind.Error) return true;
            if (first.TypeKind == TypeKind.Class && !(first.Name == "GlobalObjectiveLoss" && ObjectiveParser.IsInGlobalObjectivesNamespace(first))) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="type"/> is written <c>global::GlobalObjectives.GlobalObjectiveLoss</c>.</summary>
    private static bool IsGlobalObjectiveLossByFullName(TypeSyntax type)
        => type is QualifiedNameSyntax
        {
            Right: IdentifierNameSyntax { Identifier.ValueText: "GlobalObjectiveLoss" },
            Left: AliasQualifiedNameSyntax
            {
                Alias.Identifier.RawKind: (int)SyntaxKind.GlobalKeyword,
                Name: IdentifierNameSyntax { Identifier.ValueText: ObjectiveParser.Namespace },
            },
        };

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

    /// <summary>The dotted namespace, each identifier escaped; null for the global namespace.</summary>
    private static string? ReadNamespace(INamespaceSymbol? ns)
    {
        if (ns is null || ns.IsGlobalNamespace) return null;
        string name = ObjectiveParser.Escape(ns.Name);
        return ReadNamespace(ns.ContainingNamespace) is { } outer ? outer + "." + name : name;
    }
}
