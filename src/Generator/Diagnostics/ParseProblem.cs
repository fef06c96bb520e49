using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Diagnostics;

/// <summary>
/// A problem found while parsing a declaration, as plain data: an analyzer maps it to a diagnostic with a precise
/// location by looking up <see cref="AttributeIndex"/> in the symbol's <c>GetAttributes()</c> and the argument at
/// <see cref="ArgumentIndex"/> of that attribute's syntax; type problems point at the class name, the name of the
/// containing type <see cref="ContainingTypeDepth"/> levels out, or the base type.
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

    /// <summary>Whether the problem is an error (no code is generated) rather than a warning.</summary>
    public bool IsError => ProblemCatalog.IsError(Kind);

    /// <summary>For a type problem: 0 for the objective class, n for its n-th containing type (1 = the directly enclosing one).</summary>
    public int ContainingTypeDepth { get; init; }

    /// <summary>For a type problem: whether it concerns the declared base class (located on the base type in the base list).</summary>
    public bool OnBaseType { get; init; }

    /// <summary>
    /// Whether the compiler already reports an error at this place (an argument that does not bind, an attribute
    /// constructor that does not resolve): the problem explains why no code is generated, but the analyzer does not
    /// repeat it.
    /// </summary>
    public bool CompilerReported { get; init; }

    /// <summary>The text that fixes the flagged argument, when there is one (the intended comparison, e.g. "&gt;=").</summary>
    public string? Replacement { get; init; }

    /// <summary>
    /// The named argument (<c>Beta</c>) the problem concerns, or null. A not-applicable warning is located on the whole
    /// <c>Beta = …</c> argument, any other problem on its value.
    /// </summary>
    public string? NamedArgument { get; init; }

    /// <summary>Whether the fix is to delete the attribute the problem is reported in (a redundant or vacuous constraint).</summary>
    public bool RemoveAttribute { get; init; }

    /// <summary>A problem about the type declaration itself.</summary>
    public static ParseProblem OnType(ProblemKind kind, params string[] arguments) => new(kind, -1, -1, EquatableArray.Create(arguments));

    /// <summary>A problem about an attribute or one of its arguments.</summary>
    public static ParseProblem OnAttribute(ProblemKind kind, int attributeIndex, int argumentIndex, params string[] arguments)
        => new(kind, attributeIndex, argumentIndex, EquatableArray.Create(arguments));
}
