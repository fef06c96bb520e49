using System.IO.Compression;

namespace GlobalObjectives.Package.Tests;

/// <summary>
/// Packs GlobalObjectives.Gen, then builds and runs a throwaway consumer project against the .nupkg through a local
/// folder feed, with the SDK's real compiler and TorchSharp-cpu: the way a user gets the library.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private const string TorchSharpVersion = "0.107.0";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private readonly string _work = Directory.CreateTempSubdirectory("goconsumer-").FullName;
    private readonly string _version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");

    [Fact]
    public void PackedPackageGeneratesALossThatTrainsInAConsumerProject()
    {
        string feed = Path.Combine(_work, "feed");
        string package = Pack(feed);

        using (var archive = ZipFile.OpenRead(package))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[]
            {
                "lib/net10.0/GlobalObjectives.Runtime.dll", "lib/net10.0/GlobalObjectives.Attributes.dll",
                "analyzers/dotnet/cs/GlobalObjectives.Generator.dll", "analyzers/dotnet/cs/GlobalObjectives.Attributes.dll",
                "buildTransitive/GlobalObjectives.Gen.targets", "buildTransitive/GlobalObjectives.TorchSharpFix.targets",
                "buildTransitive/TorchSharpNativeFix.cs", "README.md", "LICENSE",
            })
                Assert.True(entries.Contains(expected), $"the package lacks {expected}; it has: {string.Join(", ", entries.Order())}");
            using var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            string metadata = nuspec.ReadToEnd();
            Assert.Contains("<dependency id=\"TorchSharp\" version=\"0.107.0\"", metadata);
            Assert.DoesNotContain("TorchSharp-cpu", metadata);
            Assert.DoesNotContain("libtorch", metadata);
            Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
            Assert.Contains("<readme>README.md</readme>", metadata);
            Assert.Contains("<repository type=\"git\"", metadata);
        }

        string consumer = WriteConsumer(feed);
        try
        {
            var build = ChildProcess.DotNet(["build", consumer, "-c", "Release", "-p:TreatWarningsAsErrors=true", "-nodeReuse:false"], _work, Timeout);
            Assert.True(build.ExitCode == 0, $"the consumer did not build:\n{build.Output}");
            // The SDK's compiler refuses analyzers built against a newer Roslyn with only a warning (CS9057) and then
            // silently never runs them; CS8785 is a generator that threw.
            Assert.DoesNotContain("CS9057", build.Output);
            Assert.DoesNotContain("CS8785", build.Output);
            Assert.DoesNotContain("AD0001", build.Output);

            var run = ChildProcess.DotNet(["run", "--project", consumer, "-c", "Release", "--no-build"], _work, Timeout);
            Assert.True(run.ExitCode == 0, $"the consumer failed:\n{run.Output}");
            Assert.Contains("lambdas moved: True", run.Output);
            Assert.Contains("loss finite: True", run.Output);
        }
        finally
        {
            // The test version lands in the global packages folder; remove it so runs do not accumulate.
            string cached = Path.Combine(TestEnvironment.NuGetPackagesRoot, "globalobjectives.gen", _version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
    }

    /// <summary>
    /// Packs the way a packager first tries it: <c>dotnet pack</c> at the repository root (the solution). Only the consumer
    /// package and its symbols package come out; the projects shipped inside it are not packages of their own.
    /// </summary>
    private string Pack(string feed)
    {
        // --no-restore: the test run restored the solution already, and a restore here (with another Version) would rewrite
        // the assets files of test projects that may be building in parallel.
        var pack = ChildProcess.DotNet(["pack", "-c", "Release", "-o", feed, $"-p:Version={_version}", "--no-restore", "-nodeReuse:false"], TestEnvironment.RepositoryRoot, Timeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack at the repository root failed:\n{pack.Output}");
        string package = Path.Combine(feed, $"GlobalObjectives.Gen.{_version}.nupkg");
        string symbols = Path.Combine(feed, $"GlobalObjectives.Gen.{_version}.snupkg");
        Assert.Equal(new[] { Path.GetFileName(package), Path.GetFileName(symbols) }, Directory.GetFiles(feed).Select(Path.GetFileName).Order().ToArray());
        using (var archive = ZipFile.OpenRead(symbols))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "lib/net10.0/GlobalObjectives.Runtime.pdb", "lib/net10.0/GlobalObjectives.Attributes.pdb" })
                Assert.True(entries.Contains(expected), $"the symbols package lacks {expected}; it has: {string.Join(", ", entries.Order())}");
        }
        return package;
    }

    private string WriteConsumer(string feed)
    {
        string directory = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <!-- Not what the test is about: keeps libtorch (about 1 GB) out of a second copy on disk. -->
                <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
                <CreateSymbolicLinksForCopyLocalIfPossible>true</CreateSymbolicLinksForCopyLocalIfPossible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GlobalObjectives.Gen" Version="{_version}" />
                <PackageReference Include="TorchSharp-cpu" Version="{TorchSharpVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using GlobalObjectives;
            using TorchSharp;
            using static GlobalObjectives.Metric;

            torch.set_num_threads(1);
            torch.manual_seed(7);
            var features = torch.randn(64, 3);
            var labels = torch.rand(64, 1).gt(0.6).to_type(torch.ScalarType.Float32);
            var model = torch.nn.Linear(3, 1);
            var loss = new RecallAtPrecision80(options: new ObjectiveOptions { DualWarmupPositives = 0 });
            var optimizer = torch.optim.SGD(model.parameters().Concat(loss.parameters()), learningRate: 0.5);
            var before = loss.Lambdas!.detach().clone();
            var value = loss.call(model.call(features), labels);
            value.backward();
            optimizer.step();
            Console.WriteLine($"loss finite: {double.IsFinite(value.item<float>())}");
            Console.WriteLine($"lambdas moved: {!loss.Lambdas!.detach().allclose(before)}");

            [Maximize(Recall)]
            [Constraint(Precision, ">=", 0.8)]
            public partial class RecallAtPrecision80 { }
            """);
        return Path.Combine(directory, "Consumer.csproj");
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
