using System.Globalization;
using GlobalObjectives.TrainingQuality.Data;
using GlobalObjectives.TrainingQuality.Experiments;
using GlobalObjectives.TrainingQuality.Training;

namespace GlobalObjectives.TrainingQuality;

/// <summary>The command line of the training-quality benchmark.</summary>
public sealed record BenchmarkOptions
{
    public const string Usage = """
        Training-quality benchmark: trains the generated losses and cross-entropy on public data and checks the targets.
        usage: dotnet run -c Release --project benchmarks/GlobalObjectives.TrainingQuality -- [options]
          (no option)       the full run: writes docs/training-quality.md, its plots and results JSON, checks the targets
          --quick           CI smoke run: one data set (flchain), one seed; writes to TestResults/training-quality-quick
          --explore         print what each data set allows (cross-entropy, seed 1) to choose binding targets; trains nothing else
          --out <dir>       where to write the report (default: docs for the full run)
          --jobs <n>        parallel training runs (default: the processor count)
          --data <a,b>      only these data sets (for trying; the report says the run was partial)
          --seeds <n>       seeds 1..n (default 3; the quick run uses 1)
          --steps <n>       training steps per run (default 2000)
          --dual-learning-rate <x>  η_λ of the default mode instead of the library's default (to compare; the report is marked partial)
          --dual-warmup-positives <x>  the default mode's warm-up in weighted positives (to compare; partial)
          --initial-lambda <x>      the default mode's initial λ (to compare; partial)
          --report-from <f> rewrite the report from a results JSON of an earlier run (no training)
          --help            this text
        Internal: --worker <i>/<n> --results <file> runs shard i of n and writes its evaluations (started by the command).
        Exit code: 0 when every target holds, 1 when one is missed, 2 on bad arguments. With --quick, 0 when every
        default-mode rate row holds its constraint at logit 0 on training data and is not degenerate (the CI gate).
        """;

    public bool ShowHelp { get; init; }

    public bool Quick { get; init; }

    public bool Explore { get; init; }

    public int Jobs { get; init; } = Environment.ProcessorCount;

    public string? OutputDirectory { get; init; }

    public BenchmarkPlan Plan { get; init; } = BenchmarkPlan.Full;

    public TrainingSettings Settings { get; init; } = new();

    /// <summary>Whether the plan was narrowed by --data or --seeds (the report then says it is not the full benchmark).</summary>
    public bool Partial { get; init; }

    /// <summary>Set in a worker process: which shard of the jobs it runs, and of how many.</summary>
    public (int Shard, int Count)? Worker { get; init; }

    /// <summary>Where a worker writes its evaluations.</summary>
    public string? ResultsFile { get; init; }

    /// <summary>A results JSON to rebuild the report from instead of training.</summary>
    public string? ReportFrom { get; init; }

    /// <summary>The arguments a worker process needs to rebuild the same plan and settings.</summary>
    public IReadOnlyList<string> WorkerArguments { get; init; } = [];

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchmarkOptions();
        string[]? dataSets = null;
        int? seeds = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--help" or "-h": options = options with { ShowHelp = true }; break;
                case "--quick": options = options with { Quick = true }; break;
                case "--explore": options = options with { Explore = true }; break;
                case "--out": options = options with { OutputDirectory = Value(args, ref i) }; break;
                case "--jobs": options = options with { Jobs = PositiveInt(args, ref i) }; break;
                case "--seeds": seeds = PositiveInt(args, ref i); break;
                case "--steps": options = options with { Settings = options.Settings with { Steps = PositiveInt(args, ref i) } }; break;
                case "--worker": options = options with { Worker = ParseShard(Value(args, ref i)) }; break;
                case "--results": options = options with { ResultsFile = Value(args, ref i) }; break;
                case "--report-from": options = options with { ReportFrom = Value(args, ref i) }; break;
                case "--dual-learning-rate":
                    options = options with { Settings = options.Settings with { DualLearningRate = PositiveDouble(args, ref i) } };
                    break;
                case "--dual-warmup-positives":
                    options = options with { Settings = options.Settings with { DualWarmupPositives = NonNegativeDouble(args, ref i) } };
                    break;
                case "--initial-lambda":
                    options = options with { Settings = options.Settings with { InitialLambda = NonNegativeDouble(args, ref i) } };
                    break;
                case "--data":
                    dataSets = Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default: throw new ArgumentException($"Unknown argument '{arg}'.", nameof(args));
            }
        }

        var plan = options.Quick ? BenchmarkPlan.Quick : BenchmarkPlan.Full;
        if (dataSets is not null)
        {
            foreach (string name in dataSets)
            {
                if (plan.DataSets.All(d => d.DataSet != name))
                    throw new ArgumentException(
                        $"--data: '{name}' is not in the plan; expected some of {string.Join(", ", plan.DataSets.Select(d => d.DataSet))}.",
                        nameof(args));
            }
            plan = plan with { DataSets = plan.DataSets.Where(d => dataSets.Contains(d.DataSet)).ToList() };
        }
        if (seeds is int n) plan = plan with { Seeds = Enumerable.Range(1, n).ToList() };
        if (options.Worker is not null && options.ResultsFile is null)
            throw new ArgumentException("--worker needs --results <file>.", nameof(args));
        var forwarded = new List<string>();
        if (options.Quick) forwarded.Add("--quick");
        if (dataSets is not null) forwarded.AddRange(["--data", string.Join(',', dataSets)]);
        if (seeds is int count) forwarded.AddRange(["--seeds", count.ToString(CultureInfo.InvariantCulture)]);
        forwarded.AddRange(["--steps", options.Settings.Steps.ToString(CultureInfo.InvariantCulture)]);
        if (options.Settings.DualLearningRate is double eta)
            forwarded.AddRange(["--dual-learning-rate", eta.ToString("R", CultureInfo.InvariantCulture)]);
        if (options.Settings.DualWarmupPositives is double warmup)
            forwarded.AddRange(["--dual-warmup-positives", warmup.ToString("R", CultureInfo.InvariantCulture)]);
        if (options.Settings.InitialLambda is double lambda)
            forwarded.AddRange(["--initial-lambda", lambda.ToString("R", CultureInfo.InvariantCulture)]);
        return options with
        {
            Plan = plan,
            WorkerArguments = forwarded,
            Partial = !options.Quick && (dataSets is not null || (seeds is int s && s != BenchmarkPlan.Full.Seeds.Count)
                                          || options.Settings.Steps != new TrainingSettings().Steps
                                          || options.Settings.DualLearningRate is not null
                                          || options.Settings.DualWarmupPositives is not null
                                          || options.Settings.InitialLambda is not null),
        };
    }

    /// <summary>The report folder: --out, else docs for the full run and TestResults/training-quality-quick for --quick.</summary>
    public string ResolveOutputDirectory(string repositoryRoot) => OutputDirectory
        ?? (Quick ? Path.Combine(repositoryRoot, "TestResults", "training-quality-quick") : Path.Combine(repositoryRoot, "docs"));

    private static double NonNegativeDouble(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        string text = Value(args, ref i);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= 0) || !double.IsFinite(value))
            throw new ArgumentException($"{name} expects a finite number ≥ 0, got '{text}'.", nameof(args));
        return value;
    }

    private static double PositiveDouble(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        string text = Value(args, ref i);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"{name} expects a positive finite number, got '{text}'.", nameof(args));
        return value;
    }

    private static (int Shard, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int shard)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0 && shard < count)
            return (shard, count);
        throw new ArgumentException($"--worker expects <shard>/<count> with 0 <= shard < count, got '{text}'.", "args");
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{name} expects a value.", nameof(args));
        return args[++i];
    }

    private static int PositiveInt(IReadOnlyList<string> args, ref int i)
    {
        string name = args[i];
        string text = Value(args, ref i);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
            throw new ArgumentException($"{name} expects a positive whole number, got '{text}'.", nameof(args));
        return value;
    }
}
