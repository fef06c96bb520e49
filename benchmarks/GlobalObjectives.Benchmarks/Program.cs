using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GlobalObjectives.Benchmarks;

// dotnet run -c Release --project benchmarks/GlobalObjectives.Benchmarks -- [--quick] [--paired] [BenchmarkDotNet args, e.g. --filter *Loss*]
// --quick: a seconds-long smoke run of every benchmark (CI), no timing claims.
// --paired: the generated-versus-hand-written comparison as interleaved pairs instead of BenchmarkDotNet's runs.
// --roc-memory [--quick]: ROC-AUC peak memory (a fresh child process per shape) and time, blockwise vs dense.
// --roc-block-sweep [--quick]: ROC-AUC step time at several block bounds.
// --bce: each element-wise generated loss's training step against BCEWithLogitsLoss on the same input, interleaved pairs
//        (add --no-validate for ObjectiveOptions.ValidateInputs = false).
// --fusion: each generated training step against the same class with the pre-fusion ComputeObjective (separate ops).
// --lagrangian: the Lagrangian alone, as separate ops and fused, against BCE.
// --profile: where a generated training step's time goes (validation, training state, the Lagrangian), against BCE.
// --pytorch [--quick] [--csv PATH]: each family side by side with the seed's formulas in PyTorch eager (benchmarks/pytorch-compare), one run.
// --state: the training-state update in managed code against the tensor path (same loss, same statistics, one process).
// --weighted: weighted training through forward(logits, labels, weights) against Compute(...).Loss.mean() and weighted BCE.
// --thread-time: with any of the interleaved modes, time steps by the thread's CPU time (Linux), not the wall clock.
if (RocAucMemory.IsChild(args)) return RocAucMemory.RunChild(args);
if (PyTorchComparison.IsChild(args)) return PyTorchComparison.RunChild(args);
if (args.Contains("--pytorch")) return PyTorchComparison.Run(args);
bool quick = args.Contains("--quick");
bool paired = args.Contains("--paired");
bool bce = args.Contains("--bce");
bool fusion = args.Contains("--fusion");
bool noValidate = args.Contains("--no-validate");
bool profile = args.Contains("--profile");
bool lagrangian = args.Contains("--lagrangian");
bool state = args.Contains("--state");
bool weighted = args.Contains("--weighted");
PairedComparison.ThreadCpuTime = args.Contains("--thread-time");
var rest = args.Where(a => a is not ("--quick" or "--paired" or "--bce" or "--fusion" or "--no-validate" or "--profile" or "--lagrangian" or "--state" or "--weighted" or "--thread-time")).ToArray();
TorchSharp.torch.set_num_threads(1);

if (args.Contains("--roc-memory")) return RocAucMemory.Run(quick);
if (args.Contains("--roc-block-sweep")) return RocAucMemory.Sweep(quick);

if (lagrangian)
{
    Console.WriteLine(PairedComparison.FormatTable(LagrangianComparison.Run(quick)));
    return 0;
}

if (state)
{
    Console.WriteLine(PairedComparison.FormatTable(StateComparison.Run(quick)));
    return 0;
}

if (weighted || quick)
{
    var comparisons = WeightedComparison.Run(quick);
    Console.WriteLine(PairedComparison.FormatTable(comparisons));
    if (comparisons.Any(c => !double.IsFinite(c.Ratio) || c.Ratio <= 0)) return 1;
    if (weighted) return 0;
}

if (profile)
{
    Console.WriteLine(PairedComparison.FormatTable(ProfileComparison.Run(quick)));
    return 0;
}

if (fusion || quick)
{
    // Also the CI check that the fused Lagrangian gives the separate ops' loss (FusionComparison throws otherwise).
    var comparisons = FusionComparison.Run(quick);
    Console.WriteLine(PairedComparison.FormatTable(comparisons));
    if (comparisons.Any(c => !double.IsFinite(c.Ratio) || c.Ratio <= 0)) return 1;
    if (fusion) return 0;
}

if (bce || quick)
{
    var comparisons = BceComparison.Run(quick, validate: !noValidate);
    Console.WriteLine(PairedComparison.FormatTable(comparisons));
    if (comparisons.Any(c => !double.IsFinite(c.Ratio) || c.Ratio <= 0)) return 1;
    if (bce) return 0;
}

if (paired || quick)
{
    var comparisons = PairedLossComparison.Run(quick);
    Console.WriteLine(PairedComparison.FormatTable(comparisons));
    if (comparisons.Any(c => !double.IsFinite(c.Ratio) || c.Ratio <= 0)) return 1;
    if (paired) return 0;
}

if (quick)
{
    // The PyTorch side by side once (it exits 0 with a message where PyTorch is absent), its formula check included.
    if (PyTorchComparison.Run(["--quick"]) != 0) return 1;
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
