using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// The host form of the coefficients (<c>HostCoefficients&lt;T&gt;</c>) is generic math, which needs C# 11: a consumer on
/// an older language version gets the tensor code alone, and the generated file compiles cleanly at every version.
/// </summary>
public sealed class LanguageVersionTests
{
    [Theory]
    [InlineData(LanguageVersion.CSharp9, false)]
    [InlineData(LanguageVersion.CSharp10, false)]
    [InlineData(LanguageVersion.CSharp11, true)]
    [InlineData(LanguageVersion.Latest, true)]
    public void The_host_form_is_emitted_from_CSharp_11_on_and_every_version_compiles(LanguageVersion version, bool hostForm)
    {
        var parseOptions = GeneratorHarness.ParseOptions.WithLanguageVersion(version);
        var compilation = GeneratorHarness.Compile(parseOptions, Declarations.RecallAtPrecision, LanguageV2Declarations.ThreeConstraints, Declarations.PrAuc);
        var driver = CSharpGeneratorDriver.Create([new ObjectiveGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var generated = driver.GetRunResult().GeneratedTrees;
        Assert.Equal(3, generated.Length);
        foreach (var tree in generated)
        {
            string source = tree.ToString();
            Assert.Equal(hostForm, source.Contains("protected override void HostCoefficients<T>", StringComparison.Ordinal));
            Assert.Equal(hostForm, source.Contains("TryHostLagrangian(batch", StringComparison.Ordinal));
        }
        Assert.Empty(GeneratorHarness.CompilationProblems(output));
    }
}
