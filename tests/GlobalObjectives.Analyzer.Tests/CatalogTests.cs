using System.Text.RegularExpressions;
using GlobalObjectives.Generator.Analyzers;
using GlobalObjectives.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using static GlobalObjectives.Analyzer.Tests.Verify;

namespace GlobalObjectives.Analyzer.Tests;

/// <summary>
/// The descriptor catalog agrees with the problem kinds, the release tracking file, the documentation pages (whose
/// examples are checked against the analyzer) and the README table.
/// </summary>
public sealed class CatalogTests
{
    public static TheoryData<string> Ids => [.. DiagnosticDescriptors.All.Select(d => d.Id)];

    [Fact]
    public void EveryProblemKind_HasItsDescriptor_InIdOrder()
    {
        var kinds = Enum.GetValues<ProblemKind>();
        Assert.Equal(kinds.Length, DiagnosticDescriptors.All.Length);
        foreach (var kind in kinds)
        {
            var descriptor = DiagnosticDescriptors.For(kind);
            Assert.Equal($"GOBJ{(int)kind + 1:000}", descriptor.Id);
            Assert.Equal(descriptor.Id, ProblemCatalog.Id(kind));
            Assert.Equal(DiagnosticDescriptors.Category, descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }
        Assert.Equal(DiagnosticDescriptors.All, new ObjectiveAnalyzer().SupportedDiagnostics);
        Assert.Equal(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void OnlyIgnoredAttributesDegenerateTargetsRedundantConstraintsAndLargeAnchorCounts_AreWarnings()
    {
        var warnings = Enum.GetValues<ProblemKind>().Where(k => !ProblemCatalog.IsError(k)).ToArray();
        Assert.Equal([ProblemKind.NotApplicable, ProblemKind.DegenerateTarget, ProblemKind.DuplicateConstraint, ProblemKind.LargeAnchorCount], warnings);
        Assert.All(warnings, k => Assert.Equal(DiagnosticSeverity.Warning, ProblemCatalog.Severity(k)));
    }

    [Fact]
    public void ReleaseTracking_ListsEveryId_WithItsSeverity()
    {
        var rows = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Generator", "AnalyzerReleases.Unshipped.md"))
            .Select(line => Regex.Match(line, @"^(GOBJ\d{3})\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|"))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => (Category: m.Groups[2].Value, Severity: m.Groups[3].Value));
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).Order(), rows.Keys.Order());
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Equal(descriptor.Category, rows[descriptor.Id].Category);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), rows[descriptor.Id].Severity);
        }
    }

    [Fact]
    public void Readme_HasATableRowPerId()
    {
        string readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
            Assert.Contains($"| [{descriptor.Id}](docs/diagnostics/{descriptor.Id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", readme);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task DocumentationPage_ExistsAndItsExamplesAreRight(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        string path = Path.Combine(TestEnvironment.RepositoryRoot, descriptor.HelpLinkUri!);
        Assert.True(File.Exists(path), $"{path} is missing");
        string page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {descriptor.Title}", page);
        foreach (var section in new[] { "## What it means", "## Why", "## How to fix", "## Example" })
            Assert.Contains(section, page);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity}", page);

        var snippets = Regex.Matches(page, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        if (id is "GOBJ005" or "GOBJ016") return;   // a project-file example; an internal failure has no reproducing source
        Assert.Equal(2, snippets.Count);

        // "Reported" reports this ID; "Fixed" gives no diagnostic of ours at all.
        var reported = await AnalyzeAsync(Compile(snippets[0]));
        Assert.Contains(reported, d => d.Id == id);
        var fixedDiagnostics = await AnalyzeAsync(Compile(snippets[1]));
        Assert.Empty(fixedDiagnostics);
    }
}
