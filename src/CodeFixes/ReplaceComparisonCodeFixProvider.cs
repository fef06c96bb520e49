using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using GlobalObjectives.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GlobalObjectives.CodeFixes;

/// <summary>
/// Fixes GOBJ008 (unsupported comparison such as <c>"=&gt;"</c> or <c>"&gt;"</c>) and GOBJ013 (comparison pointing the
/// wrong way for the metric) by replacing the comparison argument with the intended <c>"&gt;="</c> or <c>"&lt;="</c>,
/// which the analyzer chose from the metric's sense and put in the diagnostic's
/// <see cref="DiagnosticDescriptors.ReplacementProperty"/> property.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceComparisonCodeFixProvider)), Shared]
public sealed class ReplaceComparisonCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key prefix of the code action; the replacement text completes it.</summary>
    public const string EquivalenceKeyPrefix = "GlobalObjectives.ReplaceComparison.";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidComparisonId, DiagnosticDescriptors.ComparisonDirectionMismatchId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.ReplacementProperty, out var replacement)
                || replacement is not (">=" or "<=")) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression) continue;
            if (expression.Parent is not AttributeArgumentSyntax argument) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use \"{replacement}\"",
                    cancellationToken => ReplaceAsync(context.Document, argument.Expression, replacement, cancellationToken),
                    EquivalenceKeyPrefix + replacement),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, string replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement))
            .WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root.ReplaceNode(expression, literal));
    }
}
