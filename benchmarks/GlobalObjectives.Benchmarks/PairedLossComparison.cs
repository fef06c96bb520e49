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
        foreach (var validate in new[] { false, true })
            foreach (var shape in new[] { "4096x1", "4096x16" })
            {
                var benchmarks = new LossBenchmarks { Shape = shape, Validate = validate };
                benchmarks.Setup();
                try
                {
                    string suffix = $" [{shape.Replace("x", ", ")}]{(validate ? ", validating" : "")}";
                    int pairs = quick ? 3 : 2000;
                    int warmup = quick ? 1 : 100;
                    results.Add(PairedComparison.Measure("recall@precision" + suffix, benchmarks.HandRecallAtPrecision, benchmarks.GeneratedRecallAtPrecision, pairs, warmup));
                    results.Add(PairedComparison.Measure("precision@recall" + suffix, benchmarks.HandPrecisionAtRecall, benchmarks.GeneratedPrecisionAtRecall, pairs, warmup));
                    results.Add(PairedComparison.Measure("FPR@TPR" + suffix, benchmarks.HandFprAtTpr, benchmarks.GeneratedFprAtTpr, pairs, warmup));
                    results.Add(PairedComparison.Measure("TPR@FPR" + suffix, benchmarks.HandTprAtFpr, benchmarks.GeneratedTprAtFpr, pairs, warmup));
                    int aucPairs = quick ? 3 : shape == "4096x1" ? 1000 : 100;
                    results.Add(PairedComparison.Measure("PR-AUC, 20 anchors" + suffix, benchmarks.HandPrAuc, benchmarks.GeneratedPrAuc, aucPairs, quick ? 1 : 10));
                }
                finally
                {
                    benchmarks.Cleanup();
                }
            }

        foreach (var shape in new[] { "4096x1", "1024x16" })
        {
            var benchmarks = new RocAucBenchmarks { Shape = shape };
            benchmarks.Setup();
            try
            {
                results.Add(PairedComparison.Measure($"ROC-AUC [{shape.Replace("x", ", ")}]", benchmarks.HandRocAuc, benchmarks.GeneratedRocAuc, quick ? 2 : 15, quick ? 1 : 2));
            }
            finally
            {
                benchmarks.Cleanup();
            }
        }

        foreach (var shape in new[] { "4096x1", "4096x16" })
        {
            var benchmarks = new LabelPriorBenchmarks { Shape = shape };
            benchmarks.Setup();
            try
            {
                results.Add(PairedComparison.Measure($"streaming vs fixed priors [{shape.Replace("x", ", ")}]", benchmarks.FixedPriors, benchmarks.StreamingPriors, quick ? 3 : 2000, quick ? 1 : 100));
            }
            finally
            {
                benchmarks.Cleanup();
            }
        }
        return results;
    }
}
