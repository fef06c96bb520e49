using System.CodeDom.Compiler;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>The SDK's real compiler loaded the generator, and the generator is loadable by that compiler.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void GeneratedTypesAndConstantsExistInThisAssembly()
    {
        // Compile-time uses: these lines only compile because the generator ran inside the SDK's csc.
        Assert.Equal(0.8, RecallAtPrecision80.DeclaredPrecisionTarget);
        Assert.Equal(0.7, PrecisionAtRecall70.DeclaredRecallTarget);
        Assert.Equal(0.9, FprAtTpr90.DeclaredTruePositiveRateTarget);
        Assert.Equal(0.1, TprAtFpr10.DeclaredFalsePositiveRateTarget);
        Assert.Equal(20, PrAucDefault.AnchorCount);
        Assert.Equal((5, 0.2, 0.9), (PrAucFiveAnchors.AnchorCount, PrAucFiveAnchors.PrecisionRangeLower, PrAucFiveAnchors.PrecisionRangeUpper));
        GlobalObjectiveLoss roc = new RocAucLoss();
        Assert.Null(roc.Lambdas);

        foreach (var type in new[] { typeof(RecallAtPrecision80), typeof(PrAucDefault), typeof(RocAucLoss), typeof(RecallAtPrecision95Hinge) })
        {
            Assert.Equal(typeof(GlobalObjectiveLoss), type.BaseType);
            var generated = type.GetCustomAttribute<GeneratedCodeAttribute>();
            Assert.NotNull(generated);
            Assert.Equal("GlobalObjectives.Gen", generated!.Tool);
        }
    }

    [Fact]
    public void DeclaredSurrogateIsUsed()
    {
        Assert.Equal(SurrogateType.Hinge, new RecallAtPrecision95Hinge().Surrogate);
        Assert.Equal(SurrogateType.Xent, new RecallAtPrecision80().Surrogate);
        Assert.Equal(SurrogateType.Hinge, NestedLosses.CreatePairwiseHinge().Surrogate);
        Assert.Equal(SurrogateType.Xent, new RecallAtPrecision95Hinge(1, new ObjectiveOptions { Surrogate = SurrogateType.Xent }).Surrogate);
    }

    [Fact]
    public void GeneratorReferencesACompilerNoNewerThanTheSdks()
    {
        string generator = Metadata("GlobalObjectives.GeneratorAssembly");
        string compilerDirectory = Metadata("GlobalObjectives.CompilerDirectory");
        Assert.True(File.Exists(generator), $"generator assembly not found at '{generator}'");
        string compiler = new[] { "bincore", "" }
            .Select(sub => Path.Combine(compilerDirectory, sub, "Microsoft.CodeAnalysis.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Microsoft.CodeAnalysis.dll not found under the compiler directory '{compilerDirectory}'.");

        Version referenced = ReferencedVersion(generator, "Microsoft.CodeAnalysis")
            ?? throw new InvalidOperationException($"{generator} does not reference Microsoft.CodeAnalysis.");
        Version available = AssemblyName.GetAssemblyName(compiler).Version!;

        // A generator built against a newer Roslyn is refused by csc (CS9057) and silently generates nothing.
        Assert.True(referenced <= available, $"generator references Microsoft.CodeAnalysis {referenced}, the SDK compiler is {available}");
        Assert.Equal(new Version(4, 14, 0, 0), referenced);
    }

    private static string Metadata(string key)
        => typeof(GeneratedCodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
           is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Assembly metadata '{key}' is missing; the project's EmbedGeneratorAndCompilerPaths target did not run.");

    private static Version? ReferencedVersion(string assemblyPath, string referenceName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            if (reader.GetString(reference.Name) == referenceName) return reference.Version;
        }
        return null;
    }
}
