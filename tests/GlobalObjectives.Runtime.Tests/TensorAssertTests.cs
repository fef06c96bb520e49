using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using Xunit.Sdk;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>The shared closeness assertion: the seed's |a − b| &lt;= atol + rtol·|b| rule and a failure message naming the worst element.</summary>
public class TensorAssertTests
{
    [Fact]
    public void UsesAbsoluteAndRelativeTolerance()
    {
        TensorAssert.AllClose(new[] { 1.0 + 1.9e-6, 1000.0 + 0.9e-3 }, new[] { 1.0, 1000.0 });
        Assert.Throws<XunitException>(() => TensorAssert.AllClose(new[] { 1.0 + 2.1e-6 }, new[] { 1.0 }));
        Assert.Throws<XunitException>(() => TensorAssert.AllClose(new[] { double.NaN }, new[] { 0.0 }));
        TensorAssert.AllClose(new[] { double.NaN, double.PositiveInfinity }, new[] { double.NaN, double.PositiveInfinity });
    }

    [Fact]
    public void FailureMessageNamesTheWorstElement()
    {
        using var scope = torch.NewDisposeScope();
        var actual = torch.tensor(new[] { 1.0, 2.0, 3.0, 4.5, 5.0, 6.1 }, new long[] { 2, 3 });

        var error = Assert.Throws<XunitException>(() =>
            TensorAssert.AllClose(actual, new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 }, new long[] { 2, 3 }, what: "probe"));

        Assert.Contains("probe: 2 of 6 elements", error.Message);
        Assert.Contains("Worst at [1, 0]", error.Message);
        Assert.Contains("actual 4.5", error.Message);
        Assert.Contains("expected 4", error.Message);
    }

    [Fact]
    public void ShapeMismatchIsReported()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<XunitException>(() => TensorAssert.AllClose(torch.zeros(2, 3), torch.zeros(3, 2)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3, 2]", error.Message);
    }
}
