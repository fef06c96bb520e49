using System.Text.RegularExpressions;

namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// The README shows an excerpt of the code generated for the sample's <c>PrecisionAtRecall98</c>. It is written by
/// hand, so this test regenerates that class from the sample's own declaration and checks every line of the excerpt
/// against it (doc-comment markup and spacing aside): a change to the emitter that the README does not follow fails here.
/// </summary>
public sealed class ReadmeExcerptTests
{
    [Fact]
    public void EveryLineOfTheReadmeExcerptIsInTheGeneratedSampleClass()
    {
        string root = TestEnvironment.RepositoryRoot;
        string declarations = File.ReadAllText(Path.Combine(root, "samples", "GlobalObjectives.Samples", "Objectives.cs"));
        var (result, _) = GeneratorHarness.Run(declarations);
        var generated = result.GeneratedSources.Single(s => s.HintName.Contains("PrecisionAtRecall98", StringComparison.Ordinal));
        var generatedLines = generated.SourceText.Lines.Select(l => Normalize(l.ToString())).Where(l => l.Length > 0).ToList();

        var excerpt = ReadmeExcerpt(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.True(excerpt.Count >= 5, $"The README's generated-code excerpt was not found or is too short ({excerpt.Count} lines).");

        var missing = excerpt
            .Select(Normalize)
            .Where(line => line.Length > 0 && line != "..." && !generatedLines.Any(g => g.Contains(line, StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0,
            "README.md, \"Read the generated code\", shows lines the generator no longer emits for PrecisionAtRecall98:\n  " +
            string.Join("\n  ", missing) + "\nUpdate the excerpt from the generated file:\n" + generated.SourceText);
    }

    /// <summary>The lines of the first csharp block after the heading "Read the generated code".</summary>
    private static List<string> ReadmeExcerpt(string readme)
    {
        var lines = readme.Replace("\r\n", "\n").Split('\n');
        int heading = Array.FindIndex(lines, l => l.StartsWith("###", StringComparison.Ordinal) && l.Contains("Read the generated code", StringComparison.Ordinal));
        if (heading < 0) return [];
        int open = Array.FindIndex(lines, heading, l => l.TrimEnd() == "```csharp");
        if (open < 0) return [];
        int close = Array.FindIndex(lines, open + 1, l => l.TrimEnd() == "```");
        return close < 0 ? [] : lines[(open + 1)..close].ToList();
    }

    /// <summary>Without "///", XML tags and repeated spaces, so a prose rendering of a doc comment still matches.</summary>
    private static string Normalize(string line)
    {
        string text = line.Trim();
        if (text.StartsWith("///", StringComparison.Ordinal)) text = Regex.Replace(text[3..], "<[^>]+>", "");
        return Regex.Replace(text, @"\s+", " ").Trim();
    }
}
