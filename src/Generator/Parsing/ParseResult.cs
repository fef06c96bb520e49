using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Parsing;

/// <summary>The outcome of parsing one declaration: the spec when it is valid, and every problem found.</summary>
/// <param name="Spec">The valid spec, or null when <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">The problems, in the order found; empty for a valid declaration.</param>
public sealed record ParseResult(ObjectiveSpec? Spec, EquatableArray<ParseProblem> Problems)
{
    /// <summary>Whether the declaration is valid (it has a spec).</summary>
    public bool IsValid => Spec is not null;
}
