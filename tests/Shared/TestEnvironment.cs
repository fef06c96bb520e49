using System.Runtime.CompilerServices;

namespace GlobalObjectives.Tests;

/// <summary>Where things are, for every test project (this file is linked into each by tests/Directory.Build.props).</summary>
internal static class TestEnvironment
{
    /// <summary>The repository's root folder, found from this source file's own path (tests/Shared/).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    /// <summary>The NuGet global packages folder: NUGET_PACKAGES when set, else ~/.nuget/packages.</summary>
    public static string NuGetPackagesRoot
        => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
