using System.Text;
using GlobalObjectives.Generator.Helpers;

namespace GlobalObjectives.Generator.Model;

/// <summary>A type that contains the objective class, outermost first, as the partial declaration to re-emit.</summary>
/// <param name="Keyword">"class", "struct", "record" or "record struct".</param>
/// <param name="Name">The type name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="IsStatic">Whether the containing class is static (re-emitted as <c>static partial class</c>).</param>
public sealed record ContainingTypeModel(string Keyword, string Name, bool IsStatic);

/// <summary>Where the objective class lives: namespace, containing types and name, as plain strings.</summary>
/// <param name="Namespace">The dotted namespace (identifiers escaped), or null for the global namespace.</param>
/// <param name="ContainingTypes">Containing types, outermost first.</param>
/// <param name="Name">The class name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="MetadataName">The unescaped class name, used in the hint name.</param>
public sealed record TypeDeclarationModel(string? Namespace, EquatableArray<ContainingTypeModel> ContainingTypes, string Name, string MetadataName)
{
    /// <summary>The stable hint name "{Namespace}.{Outer}.{Type}.g.cs", reduced to file-name-safe characters.</summary>
    public string HintName
    {
        get
        {
            var builder = new StringBuilder();
            if (Namespace is not null) builder.Append(Namespace).Append('.');
            foreach (var containing in ContainingTypes) builder.Append(containing.Name).Append('.');
            builder.Append(MetadataName);
            var sanitized = new StringBuilder(builder.Length + 5);
            foreach (char c in builder.ToString())
            {
                if (c == '@') continue;
                sanitized.Append(char.IsLetterOrDigit(c) || c == '_' || c == '.' ? c : '_');
            }
            return sanitized.Append(".g.cs").ToString();
        }
    }
}
