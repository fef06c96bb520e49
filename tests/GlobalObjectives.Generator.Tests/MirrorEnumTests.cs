using GlobalObjectives.Generator.Model;

namespace GlobalObjectives.Generator.Tests;

/// <summary>
/// The generator reads attribute arguments as integers into its own mirror enums (it does not load the Attributes
/// assembly), and rejects values its mirror does not define: the two must name the same members with the same values.
/// </summary>
public sealed class MirrorEnumTests
{
    [Fact]
    public void ObjectiveMetricMirrorsMetric() => AssertMirrors<Metric, ObjectiveMetric>();

    [Fact]
    public void ObjectiveSurrogateMirrorsSurrogateType() => AssertMirrors<SurrogateType, ObjectiveSurrogate>();

    private static void AssertMirrors<TAttribute, TMirror>()
        where TAttribute : struct, Enum
        where TMirror : struct, Enum
    {
        var expected = Enum.GetValues<TAttribute>().Select(v => (v.ToString(), Convert.ToInt32(v))).ToArray();
        var actual = Enum.GetValues<TMirror>().Select(v => (v.ToString(), Convert.ToInt32(v))).ToArray();
        Assert.Equal(expected, actual);
    }
}
