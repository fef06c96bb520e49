namespace GlobalObjectives.Runtime.Tests.Support;

internal static class NuGetCache
{
    /// <summary>The NuGet global packages folder: NUGET_PACKAGES when set, else ~/.nuget/packages.</summary>
    public static string Root()
    {
        string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrEmpty(configured)
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
