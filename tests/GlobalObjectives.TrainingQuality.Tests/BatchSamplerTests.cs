using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>Minibatches without replacement: every epoch is a permutation of the rows, the same for a seed.</summary>
public sealed class BatchSamplerTests
{
    private static long[] Stream(BatchSampler sampler, int batches) =>
        Enumerable.Range(0, batches).SelectMany(_ => sampler.Next()).ToArray();

    [Theory]
    [InlineData(12, 4)]  // epochs end with a batch
    [InlineData(10, 4)]  // batches straddle epochs: 4 + 4 + (2 | 2 of the next epoch) ...
    [InlineData(7, 1)]
    [InlineData(5, 5)]
    public void EveryEpoch_VisitsEveryRowExactlyOnce(int rows, int batchSize)
    {
        var sampler = new BatchSampler(rows, batchSize, seed: 3);
        int epochs = 6;
        // rows · epochs is a multiple of batchSize for every case above, so the stream ends with a full epoch.
        var stream = Stream(sampler, rows * epochs / batchSize);

        Assert.Equal(rows * epochs, stream.Length);
        var all = Enumerable.Range(0, rows).Select(i => (long)i);
        var orders = stream.Chunk(rows).ToList();
        foreach (var epoch in orders)
            Assert.Equal(all, epoch.Order());
        // A fresh permutation each epoch (with 5 or more rows, six equal orders would be a broken shuffle).
        Assert.True(orders.Distinct(new SequenceComparer()).Count() > 1);
    }

    [Fact]
    public void ABatchLargerThanTheRows_IsOneEpoch()
    {
        var sampler = new BatchSampler(rows: 5, batchSize: 512, seed: 1);
        for (int i = 0; i < 3; i++)
        {
            var batch = sampler.Next();
            Assert.Equal(5, batch.Length);
            Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, batch.Order());
        }
    }

    [Fact]
    public void TheOrder_IsShuffled_AndDeterministicForASeed()
    {
        var first = Stream(new BatchSampler(100, 32, seed: 7), 10);
        var again = Stream(new BatchSampler(100, 32, seed: 7), 10);
        var other = Stream(new BatchSampler(100, 32, seed: 8), 10);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), first.Take(100)); // not the rows in file order
    }

    [Fact]
    public void Constructor_RejectsEmptyInput()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(0, 4, 1)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(4, 0, 1)).ParamName);
    }

    private sealed class SequenceComparer : IEqualityComparer<long[]>
    {
        public bool Equals(long[]? x, long[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(long[] obj) => obj.Aggregate(17, (h, v) => h * 31 + (int)v);
    }
}
