using System.Globalization;
using System.Linq;
using GlobalObjectives.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// Text and limits of the diagnostics, read from the <see cref="DiagnosticDescriptors"/> catalog so that the parser's
/// <see cref="ParseProblem.Message"/> and the analyzer's diagnostics always agree.
/// </summary>
public static class ProblemCatalog
{
    /// <summary>The largest anchor count accepted at all (the anchors are emitted as literals); above it GOBJ011.</summary>
    public const int MaxAnchors = 10000;

    /// <summary>The largest anchor count accepted without a warning; above it GOBJ022.</summary>
    public const int RecommendedMaxAnchors = 1000;

    /// <summary>The diagnostic ID of <paramref name="kind"/>: GOBJ001 for the first kind, and so on.</summary>
    public static string Id(ProblemKind kind) => DiagnosticDescriptors.For(kind).Id;

    /// <summary>A short title.</summary>
    public static string Title(ProblemKind kind) => DiagnosticDescriptors.For(kind).Title.ToString(CultureInfo.InvariantCulture);

    /// <summary>The message format ({0}, {1}… are <see cref="ParseProblem.MessageArguments"/>).</summary>
    public static string MessageFormat(ProblemKind kind) => DiagnosticDescriptors.For(kind).MessageFormat.ToString(CultureInfo.InvariantCulture);

    /// <summary>The default severity: errors stop code generation, warnings do not.</summary>
    public static DiagnosticSeverity Severity(ProblemKind kind) => DiagnosticDescriptors.For(kind).DefaultSeverity;

    /// <summary>Whether <paramref name="kind"/> is an error (stops code generation).</summary>
    public static bool IsError(ProblemKind kind) => Severity(kind) == DiagnosticSeverity.Error;

    /// <summary>Formats the message of <paramref name="kind"/> with <paramref name="arguments"/>.</summary>
    /// <remarks>Missing arguments are shown as "?" rather than failing: the catalog must never throw.</remarks>
    public static string Format(ProblemKind kind, EquatableArray<string> arguments)
    {
        var values = arguments.Cast<object>().ToList();
        while (values.Count < 6) values.Add("?");
        return string.Format(CultureInfo.InvariantCulture, MessageFormat(kind), values.ToArray());
    }
}
