using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality.Experiments;

/// <summary>A unit of work: one training run and the objectives its model is judged on.</summary>
internal sealed record BenchmarkJob(RunSpec Spec, IReadOnlyList<BenchmarkObjective> JudgedOn)
{
    public string Describe() =>
        $"{Spec.Data.Split.Name} {Spec.Objective?.Name ?? "cross-entropy"} {Spec.Method} {Spec.Model} {Spec.Optimizer} seed {Spec.Seed}";
}

/// <summary>
/// Runs a plan: one stratified split per data set and seed, one cross-entropy run per data set, model, optimizer and
/// seed (judged on every objective of the set), and one run of the generated loss per objective in each dual mode.
/// A run depends only on its seed, never on which process ran it or in which order.
/// </summary>
public sealed class BenchmarkRunner
{
    private readonly BenchmarkPlan _plan;
    private readonly TrainingSettings _settings;
    private readonly string _dataDirectory;

    public BenchmarkRunner(BenchmarkPlan plan, TrainingSettings settings, string dataDirectory)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _dataDirectory = dataDirectory ?? throw new ArgumentNullException(nameof(dataDirectory));
    }

    /// <summary>Called after every finished job with (finished, total, job description, job seconds).</summary>
    public Action<int, int, string, double>? Progress { get; init; }

    /// <summary>
    /// Runs every <paramref name="shardCount"/>-th job of the plan, starting at <paramref name="shard"/>, one after the
    /// other on this thread. Parallelism comes from running shards in separate processes
    /// (<see cref="WorkerProcesses"/>): TorchSharp 0.107's optimizers failed intermittently ("Unknown scalar type" in
    /// Adam's step) when two threads of one process trained at once.
    /// </summary>
    public IReadOnlyList<RunEvaluation> Run(int shard = 0, int shardCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shardCount);
        var splits = new List<TensorSplit>();
        try
        {
            var jobs = new List<BenchmarkJob>();
            foreach (var entry in _plan.DataSets)
            {
                var data = DataCatalog.Load(entry.DataSet, _dataDirectory);
                foreach (int seed in _plan.Seeds)
                {
                    var split = new TensorSplit(Splits.Split(data, seed), seed);
                    splits.Add(split);
                    jobs.AddRange(JobsFor(split, entry.Objectives));
                }
            }

            // The slowest jobs first and dealt round-robin, so that the shards finish together. The sort is stable,
            // so every process sees the same order.
            var mine = jobs.OrderByDescending(EstimatedCost).Where((_, index) => index % shardCount == shard).ToList();
            var results = new List<RunEvaluation>();
            for (int i = 0; i < mine.Count; i++)
            {
                var job = mine[i];
                var output = TrainWithRetry(job);
                results.AddRange(RunEvaluation.Evaluate(job.Spec, job.JudgedOn, output));
                Progress?.Invoke(i + 1, mine.Count, job.Describe(), output.Seconds);
            }
            return results;
        }
        finally
        {
            foreach (var split in splits) split.Dispose();
        }
    }

    // TorchSharp 0.107's optimizers failed rarely and at random in step() with a corrupted scalar ("Unknown scalar
    // type", "Expected false to be true" in Scalar::toFloat): twice in about 900 runs here, in SGD and Adam. A run is
    // deterministic in its seed, so running it again from scratch gives the numbers it would have given.
    private RunOutput TrainWithRetry(BenchmarkJob job)
    {
        const int attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return RunTrainer.Train(job.Spec, _settings);
            }
            catch (System.Runtime.InteropServices.ExternalException error) when (attempt < attempts)
            {
                Console.Error.WriteLine($"{job.Describe()}: TorchSharp failed ({error.Message.Split('\n')[0]}); running it again ({attempt + 1}/{attempts}).");
            }
        }
    }

    private IEnumerable<BenchmarkJob> JobsFor(TensorSplit split, IReadOnlyList<BenchmarkObjective> objectives)
    {
        foreach (var model in _plan.Models)
        {
            foreach (var optimizer in _plan.Optimizers)
            {
                yield return new BenchmarkJob(new RunSpec(split, null, Method.CrossEntropy, model, optimizer), objectives);
                foreach (var objective in objectives)
                {
                    var judgedOn = JudgedOn(objective, objectives);
                    foreach (var method in LossMethodsFor(objective))
                        yield return new BenchmarkJob(new RunSpec(split, objective, method, model, optimizer), judgedOn);
                }
            }
        }
    }

    /// <summary>
    /// The objectives a model trained for <paramref name="objective"/> is judged on: its own first, then, for the full
    /// and the partial ROC-AUC, the other ROC objectives of its data set (so each ROC loss is scored on both areas).
    /// </summary>
    internal static IReadOnlyList<BenchmarkObjective> JudgedOn(BenchmarkObjective objective, IReadOnlyList<BenchmarkObjective> setObjectives) =>
        objective.IsRocFamily
            ? [objective, .. setObjectives.Where(o => o.IsRocFamily && o != objective)]
            : [objective];

    private static int EstimatedCost(BenchmarkJob job) => job.Spec.Objective?.Family switch
    {
        ObjectiveFamily.RocAuc => 3,    // pairwise over the batch
        ObjectiveFamily.PrAuc or ObjectiveFamily.PartialRocAuc => 2,     // one term per anchor
        _ => job.Spec.Model == ModelKind.Mlp ? 1 : 0,
    };

    /// <summary>The generated-loss runs of an objective: the default mode, and the seed mode where it has multipliers.</summary>
    private static IEnumerable<Method> LossMethodsFor(BenchmarkObjective objective)
    {
        yield return Method.Default;
        // ROC-AUC has no Lagrange multipliers, so it has no seed-compatible dual mode to compare.
        if (objective.Family != ObjectiveFamily.RocAuc) yield return Method.SeedMode;
    }

    /// <summary>Total jobs the plan runs (for the progress display and the docs): per data set, model, optimizer and seed, one cross-entropy run and the loss runs of every objective.</summary>
    public static int CountJobs(BenchmarkPlan plan) =>
        plan.DataSets.Sum(d => d.Objectives.Sum(o => LossMethodsFor(o).Count()) + 1)
        * plan.Models.Count * plan.Optimizers.Count * plan.Seeds.Count;

}
