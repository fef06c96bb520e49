using System.Text.RegularExpressions;
using GlobalObjectives.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// docs/diagnostics.md: every "Bad (GOBJnnn)" / "Fixed" pair goes through the generator and the analyzer. The bad one
/// reports the ID the document names; the fixed one reports no diagnostic at all (analyzer, generator, compiler).
/// </summary>
public sealed class DiagnosticsDocTests
{
    private static readonly Regex Pair = new(
        @"Bad \(\[(?<id>GOBJ\d{3})\]\((?<link>[^)]*)\)\):\s*```csharp\n(?<bad>.*?)```\s*Fixed:\s*```csharp\n(?<fixed>.*?)```",
        RegexOptions.Singleline);

    private static string Document => File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "diagnostics.md")).Replace("\r\n", "\n");

    public static TheoryData<int, string, string, string> Pairs()
    {
        var data = new TheoryData<int, string, string, string>();
        int number = 0;
        foreach (Match match in Pair.Matches(Document))
            data.Add(++number, match.Groups["id"].Value, match.Groups["bad"].Value, match.Groups["fixed"].Value);
        return data;
    }

    [Fact]
    public void EveryExampleIsAPair_AndEveryRuleHasOne()
    {
        string document = Document;
        var matches = Pair.Matches(document);
        // Every csharp block belongs to a pair.
        Assert.Equal(Regex.Matches(document, "```csharp").Count, 2 * matches.Count);
        foreach (Match match in matches)
            Assert.Equal($"diagnostics/{match.Groups["id"].Value}.md", match.Groups["link"].Value);
        var ids = matches.Select(m => m.Groups["id"].Value).ToHashSet();
        foreach (var id in new[] { "GOBJ006", "GOBJ010", "GOBJ011", "GOBJ013", "GOBJ014", "GOBJ015", "GOBJ017", "GOBJ018", "GOBJ019", "GOBJ020", "GOBJ021", "GOBJ023" })
            Assert.Contains(id, ids);
        // Every section of rules has an example.
        foreach (var section in Regex.Split(document, "\n## ").Skip(3))
            Assert.True(Pair.IsMatch(section), "section without a bad/fixed pair: " + section.Split('\n')[0]);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task BadReportsItsId_FixedReportsNothing(int number, string id, string bad, string @fixed)
    {
        var badDiagnostics = await AllDiagnosticsAsync(bad);
        Assert.True(badDiagnostics.Any(d => d.Id == id), $"example {number}: expected {id}, got {Describe(badDiagnostics)}");

        var fixedDiagnostics = await AllDiagnosticsAsync(@fixed);
        Assert.True(fixedDiagnostics.Count == 0, $"fixed example {number} ({id}) reports {Describe(fixedDiagnostics)}");
    }

    /// <summary>The analyzer's diagnostics, the generator's (and its exception), and the compiler's warnings and errors on the generated compilation.</summary>
    private static async Task<List<Diagnostic>> AllDiagnosticsAsync(string source)
    {
        var compilation = Compile(source);
        var all = new List<Diagnostic>(await AnalyzeAsync(compilation));
        var (result, output, driverDiagnostics) = Generate(compilation);
        Assert.Null(result.Exception);
        all.AddRange(driverDiagnostics);
        all.AddRange(result.Diagnostics);
        all.AddRange(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return all;
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
        => "[" + string.Join("; ", diagnostics.Select(d => $"{d.Id}: {d.GetMessage()}")) + "]";

    [Fact]
    public void ThePerIdPages_LinkToTheRules()
    {
        foreach (var id in new[] { "GOBJ010", "GOBJ013", "GOBJ014", "GOBJ015", "GOBJ017", "GOBJ018", "GOBJ019", "GOBJ020", "GOBJ021", "GOBJ023" })
        {
            string page = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, DiagnosticDescriptors.All.Single(d => d.Id == id).HelpLinkUri!));
            Assert.Contains("(../diagnostics.md)", page);
        }
    }
}
