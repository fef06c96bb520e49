namespace GlobalObjectives.Samples.Tests;

/// <summary>The seed's data and schedule (seed spec §9).</summary>
public sealed class TrainingSetupTests
{
    [Fact]
    public void Data_HasTheSeedsClustersAndOnePermutationForBothSets()
    {
        var (train, eval) = SyntheticData.Create(11);
        Assert.Equal(3650, train.Count);
        Assert.Equal(550, train.Labels.Count(l => l == 1));
        Assert.Equal(train.Labels, eval.Labels); // the same permutation of the same label order
        Assert.NotEqual(train.Features, eval.Features); // an independent draw

        // Each cluster's empirical mean and spread, its points found back as those nearest to its center among the
        // clusters of their label (the two centers of a label are ≥ 1.8 apart, 12 standard deviations).
        double Distance(int i, Cluster c) => Math.Pow(train.Features[2 * i] - c.CenterX, 2) + Math.Pow(train.Features[2 * i + 1] - c.CenterY, 2);
        foreach (var cluster in SyntheticData.Clusters)
        {
            var members = Enumerable.Range(0, train.Count)
                .Where(i => train.Labels[i] == cluster.Label
                            && SyntheticData.Clusters.Where(c => c.Label == cluster.Label).MinBy(c => Distance(i, c)) == cluster)
                .ToArray();
            Assert.Equal(cluster.Count, members.Length);
            double meanX = members.Average(i => train.Features[2 * i]);
            double meanY = members.Average(i => train.Features[2 * i + 1]);
            double spread = Math.Sqrt(members.Average(i => Math.Pow(train.Features[2 * i] - meanX, 2)));
            double tolerance = 4 * cluster.StandardDeviation / Math.Sqrt(cluster.Count);
            Assert.InRange(meanX, cluster.CenterX - tolerance, cluster.CenterX + tolerance);
            Assert.InRange(meanY, cluster.CenterY - tolerance, cluster.CenterY + tolerance);
            Assert.InRange(spread, 0.8 * cluster.StandardDeviation, 1.2 * cluster.StandardDeviation);
        }
    }

    [Fact]
    public void Data_IsDeterministicPerSeed()
    {
        Assert.Equal(SyntheticData.Create(5).Train.Features, SyntheticData.Create(5).Train.Features);
        Assert.NotEqual(SyntheticData.Create(5).Train.Features, SyntheticData.Create(6).Train.Features);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(75, 149.0 / 150 * 0.5 + 1.0 / 150)]
    [InlineData(149, 149.0 / 150 / 150 + 1.0 / 150)]
    [InlineData(150, 1.0 / 150)]
    [InlineData(400, 1.0 / 150)]
    public void LearningRate_IsTheSeedsPolynomialDecay(int step, double expected)
        => Assert.Equal(expected, Trainer.LearningRate(step, 150), 12);
}
