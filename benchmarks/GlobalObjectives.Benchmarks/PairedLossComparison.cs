namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The generated-versus-hand-written comparisons of <see cref="LossBenchmarks"/> and <see cref="RocAucBenchmarks"/>, and
/// streaming versus fixed priors of <see cref="LabelPriorBenchmarks"/>, timed as interleaved pairs
/// (<see cref="PairedComparison"/>): same setup, same steps, drift cancelled.
/// </summary>
public static class PairedLossComparison
{
    public static IReadOnlyList<PairedComparison.Result> Run(bool quick)
    {
        var results = new List<PairedComparison.Result>();
        int pairs = quick ? 3 : 2000;
        int warmup = quick ? 1 : 100;
        foreach (var validate in new[] { false, true })
            foreach (var shape in new[] { "4096x1", "4096x16" })
            {
                string suffix = $" {Shape(shape)}{(validate ? ", validating" : "")}";
                int aucPairs = quick ? 3 : shape == "4096x1" ? 1000 : 100;
                With(new LossBenchmarks { Shape = shape, Validate = validate }, b => b.Setup(), b => b.Cleanup(), b =>
                {
                    results.Add(PairedComparison.Measure("recall@precision" + suffix, b.HandRecallAtPrecision, b.GeneratedRecallAtPrecision, pairs, warmup));
                    results.Add(PairedComparison.Measure("precision@recall" + suffix, b.HandPrecisionAtRecall, b.GeneratedPrecisionAtRecall, pairs, warmup));
                    results.Add(PairedComparison.Measure("FPR@TPR" + suffix, b.HandFprAtTpr, b.GeneratedFprAtTpr, pairs, warmup));
                    results.Add(PairedComparison.Measure("TPR@FPR" + suffix, b.HandTprAtFpr, b.GeneratedTprAtFpr, pairs, warmup));
                    results.Add(PairedComparison.Measure("PR-AUC, 20 anchors" + suffix, b.HandPrAuc, b.GeneratedPrAuc, aucPairs, quick ? 1 : 10));
                });
            }

        // A ROC-AUC step takes most of a second: fewer pairs.
        foreach (var shape in new[] { "4096x1", "1024x16" })
            With(new RocAucBenchmarks { Shape = shape }, b => b.Setup(), b => b.Cleanup(), b =>
                results.Add(PairedComparison.Measure("ROC-AUC " + Shape(shape), b.HandRocAuc, b.GeneratedRocAuc, quick ? 2 : 15, quick ? 1 : 2)));

        foreach (var shape in new[] { "4096x1", "4096x16" })
            With(new LabelPriorBenchmarks { Shape = shape }, b => b.Setup(), b => b.Cleanup(), b =>
                results.Add(PairedComparison.Measure("streaming vs fixed priors " + Shape(shape), b.FixedPriors, b.StreamingPriors, pairs, warmup)));

        return results;
    }

    /// <summary>Runs <paramref name="body"/> between the benchmark class's own global setup and cleanup.</summary>
    private static void With<T>(T benchmarks, Action<T> setup, Action<T> cleanup, Action<T> body)
    {
        setup(benchmarks);
        try
        {
            body(benchmarks);
        }
        finally
        {
            cleanup(benchmarks);
        }
    }

    private static string Shape(string shape) => "[" + shape.Replace("x", ", ") + "]";
}
