using System.Globalization;

namespace GlobalObjectives;

/// <summary>How error messages write shapes and numbers: "[B, L]" and invariant-culture round-trip numbers.</summary>
internal static class MessageText
{
    /// <summary>"[4, 2]" for a shape.</summary>
    public static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>A number as it round-trips, independent of the current culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
