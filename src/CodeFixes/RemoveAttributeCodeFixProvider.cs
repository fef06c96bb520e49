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
using Microsoft.CodeAnalysis.Text;

namespace GlobalObjectives.CodeFixes;

/// <summary>
/// Fixes GOBJ019 (a redundant constraint) and the vacuous case of GOBJ017 (a constraint that always holds) by deleting
/// the attribute the diagnostic is reported in. The analyzer marks the diagnostics this fix applies to with the
/// <see cref="DiagnosticDescriptors.RemoveAttributeProperty"/> property (a perfect target, also GOBJ017, is not removable).
/// An attribute alone in its <c>[ ]</c> section takes the section with it, and its line when nothing else is on it;
/// one of several attributes in a section is removed with its comma.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAttributeCodeFixProvider)), Shared]
public sealed class RemoveAttributeCodeFixProvider : CodeFixProvider
{
    /// <summary>The equivalence key of the code action.</summary>
    public const string EquivalenceKey = "GlobalObjectives.RemoveAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RedundantConstraintId, DiagnosticDescriptors.DegenerateTargetId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.RemoveAttributeProperty, out var remove) || remove != "true") continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var attribute = node as AttributeSyntax ?? node.FirstAncestorOrSelf<AttributeSyntax>();
            if (attribute?.Parent is not AttributeListSyntax) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Remove [{attribute.ToString()}]",
                    cancellationToken => RemoveAsync(context.Document, attribute.Span, cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> RemoveAsync(Document document, TextSpan attributeSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(attributeSpan) is not { } node || node.FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax list } attribute)
            return document;
        return document.WithText(text.WithChanges(new TextChange(DeletedSpan(text, list, attribute), "")));
    }

    /// <summary>The text to delete so that <paramref name="attribute"/> is gone and the rest reads as if it had never been written.</summary>
    public static TextSpan DeletedSpan(SourceText text, AttributeListSyntax list, AttributeSyntax attribute)
    {
        var attributes = list.Attributes;
        int position = attributes.IndexOf(attribute);
        if (attributes.Count > 1)
        {
            // One of several: "[A, B]" loses ", B" (the last) or "A, " (any other).
            return position == attributes.Count - 1
                ? TextSpan.FromBounds(attributes[position - 1].Span.End, attribute.Span.End)
                : TextSpan.FromBounds(attribute.Span.Start, attributes[position + 1].Span.Start);
        }

        // Alone in its section: the whole "[...]", its line too when nothing else stands on it.
        var span = list.Span;
        var line = text.Lines.GetLineFromPosition(span.Start);
        bool aloneOnLine = line.End >= span.End
            && IsWhitespace(text, line.Start, span.Start)
            && IsWhitespace(text, span.End, line.End);
        if (aloneOnLine)
            return TextSpan.FromBounds(line.Start, line.EndIncludingLineBreak);
        if (IsWhitespace(text, span.End, line.End))
        {
            // Last on its line ("[A] [B]" loses " [B]").
            int start = span.Start;
            while (start > line.Start && (text[start - 1] == ' ' || text[start - 1] == '\t')) start--;
            return TextSpan.FromBounds(start, span.End);
        }
        // Otherwise the section and the blanks after it on the same line ("[A] [B] class" loses "[B] ").
        int end = span.End;
        while (end < line.End && (text[end] == ' ' || text[end] == '\t')) end++;
        return TextSpan.FromBounds(span.Start, end);
    }

    private static bool IsWhitespace(SourceText text, int start, int end)
    {
        for (int i = start; i < end; i++)
            if (!char.IsWhiteSpace(text[i])) return false;
        return true;
    }
}
