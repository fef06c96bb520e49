using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GlobalObjectives.Benchmarks;

// dotnet run -c Release --project benchmarks/GlobalObjectives.Benchmarks -- [--quick] [--paired] [BenchmarkDotNet args, e.g. --filter *Loss*]
// --quick: a seconds-long smoke run of every benchmark (CI), no timing claims.
// --paired: the generated-versus-hand-written comparison as interleaved pairs instead of BenchmarkDotNet's runs.
bool quick = args.Contains("--quick");
bool paired = args.Contains("--paired");
var rest = args.Where(a => a is not ("--quick" or "--paired")).ToArray();
TorchSharp.torch.set_num_threads(1);

if (paired || quick)
{
    var comparisons = PairedLossComparison.Run(quick);
    Console.WriteLine(PairedComparison.FormatTable(comparisons));
    if (comparisons.Any(c => !double.IsFinite(c.Ratio) || c.Ratio <= 0)) return 1;
    if (paired) return 0;
}

if (quick)
{
    var (generated, afterUnrelated, afterOne) = GeneratorBenchmarks.CheckIncremental(12);
    Console.WriteLine($"generator: {generated} files for 12 declarations; {afterUnrelated} regenerated after an unrelated edit, {afterOne} after editing one objective");
    if (generated != 12 || afterUnrelated != 0 || afterOne != 1) return 1;
}

// In-process: no generated benchmark project, so the repository's build settings and the TorchSharp load fix apply as they are.
var job = quick
    ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("quick")
    : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("inprocess");
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
if (rest.Length == 0) rest = ["--filter", "*"];
var summaries = BenchmarkSwitcher.FromAssembly(typeof(LossBenchmarks).Assembly).Run(rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
