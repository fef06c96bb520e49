using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// A problem found while parsing a declaration, as plain data: an analyzer maps it to a diagnostic with a precise
/// location by looking up <see cref="AttributeIndex"/> in the symbol's <c>GetAttributes()</c> and the argument at
/// <see cref="ArgumentIndex"/> of that attribute's syntax.
/// </summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="AttributeIndex">Index into the type symbol's <c>GetAttributes()</c>, or -1 when the problem concerns the type itself.</param>
/// <param name="ArgumentIndex">Index of the constructor argument, or -1 when the problem concerns the whole attribute (or the type).</param>
/// <param name="MessageArguments">Arguments of <see cref="ProblemCatalog.MessageFormat"/>.</param>
public sealed record ParseProblem(ProblemKind Kind, int AttributeIndex, int ArgumentIndex, EquatableArray<string> MessageArguments)
{
    /// <summary>The diagnostic ID, e.g. "GOBJ001".</summary>
    public string Id => ProblemCatalog.Id(Kind);

    /// <summary>The formatted message.</summary>
    public string Message => ProblemCatalog.Format(Kind, MessageArguments);

    /// <summary>A problem about the type declaration itself.</summary>
    public static ParseProblem OnType(ProblemKind kind, params string[] arguments) => new(kind, -1, -1, EquatableArray.Create(arguments));

    /// <summary>A problem about an attribute or one of its arguments.</summary>
    public static ParseProblem OnAttribute(ProblemKind kind, int attributeIndex, int argumentIndex, params string[] arguments)
        => new(kind, attributeIndex, argumentIndex, EquatableArray.Create(arguments));
}
