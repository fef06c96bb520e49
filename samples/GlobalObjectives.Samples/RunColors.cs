using ScottPlot;

namespace GlobalObjectives.Samples;

/// <summary>One color per run, shared by both figures (ColorBrewer's Dark2, readable on white and in grayscale).</summary>
internal static class RunColors
{
    public static Color CrossEntropy { get; } = Color.FromHex("#d95f02");

    public static Color SeedExact { get; } = Color.FromHex("#1b9e77");

    public static Color Default { get; } = Color.FromHex("#7570b3");

    /// <summary>The color of <paramref name="run"/>, one of <see cref="Runs"/>.</summary>
    public static Color Of(string run) => run switch
    {
        Runs.CrossEntropy => CrossEntropy,
        Runs.SeedExact => SeedExact,
        Runs.Default => Default,
        _ => throw new ArgumentOutOfRangeException(nameof(run), run, "Not one of the sample's runs."),
    };
}
