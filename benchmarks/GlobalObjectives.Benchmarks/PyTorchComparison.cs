using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// <c>--pytorch [--quick] [--csv PATH]</c>: the generated losses side by side with the seed's formulas in PyTorch eager
/// (benchmarks/pytorch-compare/seed_losses.py), in one run, one thread on both sides.
/// <list type="number">
/// <item>Check: per family, a float64 [64, 3] batch goes through both for three steps; the loss values, ∂/∂logits and
/// (<see cref="DualUpdate.GradientReversal"/>, the seed's mode) ∂/∂v and ∂/∂biases must agree to 1e-6 relative, and
/// the first step of our default mode too (λ starts at 1 in both). A mismatch fails the run (exit 1).</item>
/// <item>Time: per family and shape, rounds in which each side runs <c>steps</c> training steps (forward, mean,
/// backward, gradients zeroed; ours: <c>loss.call</c> in a dispose scope), each step timed alone by its thread's CPU
/// time (and the wall clock), the side that starts rotating per round: ours in default mode, ours in gradient-reversal
/// mode, ours in eval mode without input validation (the profile: no training state), TorchSharp's
/// <c>BCEWithLogitsLoss</c> and PyTorch eager (a <see cref="PythonWorker"/> on the same data).
/// Ratios are per round (medians of the round's steps), reported as their median over rounds.</item>
/// <item>Memory: peak process memory (VmHWM) of a fresh child per (implementation, family, shape).</item>
/// </list>
/// Prints markdown (the machine, the table, the targets) and writes a CSV for benchmarks/pytorch-compare/plot.py.
/// Without an interpreter that imports torch it prints why and exits 0.
/// </summary>
public static class PyTorchComparison
{
    private const string ChildFlag = "--pytorch-child";

    /// <summary>A family: its name here, its name in seed_losses.py, the generated class (null: BCE), whether it has λ.</summary>
    private sealed record Family(string Name, string PythonName, Func<int, ObjectiveOptions, GlobalObjectiveLoss>? Create, bool HasDuals, bool IsRate);

    private static readonly Family[] Families =
    [
        new("recall@precision", "recall@precision", (l, o) => new RecallAtPrecision80(l, o), true, true),
        new("precision@recall", "precision@recall", (l, o) => new PrecisionAtRecall90(l, o), true, true),
        new("FPR@TPR", "FPR@TPR", (l, o) => new FprAtTpr90(l, o), true, true),
        new("TPR@FPR", "TPR@FPR", (l, o) => new TprAtFpr10(l, o), true, true),
        new("PR-AUC, 20 anchors", "PR-AUC", (l, o) => new PrAuc20(l, o), true, false),
        new("ROC-AUC", "ROC-AUC", (l, o) => new RocAucLoss(l, o), false, false),
        new("BCEWithLogitsLoss", "BCE", null, false, false),
    ];

    /// <summary>The shapes: ROC-AUC's largest is [1024, 16], since PyTorch's dense [4096, 4096, 16] step needs about 9 GB.</summary>
    private static string[] ShapesOf(Family family) => family.Name == "ROC-AUC" ? ["512x1", "4096x1", "1024x16"] : ["512x1", "4096x1", "4096x16"];

    /// <summary>(rounds, steps per round) for a full run.</summary>
    private static (int Rounds, int Steps) Plan(Family family, string shape) => (family.Name, shape) switch
    {
        ("ROC-AUC", "512x1") => (30, 4),
        ("ROC-AUC", _) => (7, 1),
        ("PR-AUC, 20 anchors", "512x1") => (60, 10),
        ("PR-AUC, 20 anchors", "4096x1") => (40, 4),
        ("PR-AUC, 20 anchors", _) => (30, 1),
        (_, "512x1") => (100, 20),
        (_, "4096x1") => (100, 10),
        _ => (60, 5),
    };

    public static bool IsChild(string[] args) => args.Length > 0 && args[0] == ChildFlag;

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int csvIndex = Array.IndexOf(args, "--csv");
        if (csvIndex >= 0 && csvIndex + 1 >= args.Length)
        {
            Console.Error.WriteLine("--csv expects a file path.");
            return 2;
        }
        // A full run always leaves its CSV (for plot.py); --quick only when asked.
        string? csvPath = csvIndex >= 0 ? args[csvIndex + 1] : quick ? null : Path.Combine(Path.GetTempPath(), "pytorch-compare.csv");

        var (python, torchVersion, why) = PythonWorker.FindInterpreter();
        if (python is null)
        {
            Console.WriteLine($"--pytorch: skipped, no Python interpreter with PyTorch ({why}). Install python3-torch " +
                              $"(Debian: apt-get install python3-torch) or set {PythonWorker.InterpreterVariable} to an interpreter that imports torch and numpy.");
            return 0;
        }
        string? script = PythonWorker.FindScript();
        if (script is null)
        {
            Console.Error.WriteLine("--pytorch: benchmarks/pytorch-compare/worker.py not found above the working directory or the binary; run from the repository.");
            return 1;
        }
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("--pytorch: skipped, it times by CLOCK_THREAD_CPUTIME_ID and reads /proc (Linux only).");
            return 0;
        }

        torch.set_num_threads(1);
        var directory = Directory.CreateTempSubdirectory("pytorch-compare-");
        try
        {
            using var worker = new PythonWorker(python, script);
            string hello = worker.Send("hello");
            string loadStart = LoadAverage();
            Console.WriteLine(MachineDescription(python, hello));
            Console.WriteLine();

            var failures = Check(worker, directory.FullName);
            if (failures.Count > 0)
            {
                foreach (var failure in failures) Console.Error.WriteLine("MISMATCH " + failure);
                Console.Error.WriteLine($"--pytorch: the PyTorch formulas and the generated losses disagree ({failures.Count} mismatches); no timing was done.");
                return 1;
            }
            Console.WriteLine($"check: every family's loss, ∂/∂logits (default and gradient-reversal modes) and ∂/∂λ, ∂/∂biases (gradient reversal) equal PyTorch's to 1e-6 relative (float64 [64, 3], 3 steps).");
            Console.WriteLine();

            var rows = new List<Row>();
            foreach (var family in Families)
                foreach (var shape in quick ? ["512x1"] : ShapesOf(family))
                {
                    var (rounds, steps) = quick ? (2, 2) : Plan(family, shape);
                    var row = Time(worker, directory.FullName, family, shape, rounds, steps, warmupRounds: quick ? 1 : 2);
                    rows.Add(row);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{family.Name} {Shape(shape)}: ours/PyTorch {row.OursOverPyTorch.Median:F2}, ours/BCE {row.OursOverBce.Median:F2} (load {LoadAverage()}; {MemoryAvailable()} available)"));
                }
            string loadMiddle = LoadAverage();

            bool memoryFailed = false;
            foreach (var row in rows)
            {
                if (quick && (row.Family.Name != "recall@precision")) continue;
                int steps = row.Family.Name == "ROC-AUC" ? 2 : 3;
                var ours = MemoryChild(OursChild(row.Family, row.Shape, quick ? 1 : steps));
                var parts = row.Shape.Split('x');
                var theirs = MemoryChild(PythonChild(python, script, row.Family.PythonName, parts[0], parts[1], quick ? 1 : steps));
                memoryFailed |= ours is null || theirs is null;
                row.OursMemory = ours;
                row.PyTorchMemory = theirs;
            }
            string loadEnd = LoadAverage();

            Console.WriteLine(FormatTable(rows));
            Console.WriteLine();
            Console.WriteLine($"load average (1, 5, 15 min) at the start: {loadStart}; after the timing: {loadMiddle}; at the end: {loadEnd}; memory available at the end: {MemoryAvailable()}");
            Console.WriteLine();
            Console.WriteLine(FormatTargets(rows));
            if (csvPath is not null)
            {
                WriteCsv(csvPath, rows);
                Console.WriteLine();
                Console.WriteLine($"CSV: {csvPath}");
            }
            return memoryFailed ? 1 : 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // ---------------------------------------------------------------- check

    private static List<string> Check(PythonWorker worker, string directory)
    {
        const int steps = 3;
        var failures = new List<string>();
        var generator = new torch.Generator(7);
        using var x = torch.randn([64, 3], dtype: ScalarType.Float64, generator: generator).requires_grad_(true);
        using var y = torch.rand([64, 3], dtype: ScalarType.Float64, generator: generator).gt(0.7).to_type(ScalarType.Float64);
        WriteBatch(directory, x, y);
        worker.Send($"load {directory} 64 3 float64");
        foreach (var family in Families)
        {
            var expected = worker.Send($"check {family.PythonName} {steps} {directory}").Split(',')
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var modes = family.Create is null ? [(DualUpdate?)null]
                : family.HasDuals ? new DualUpdate?[] { DualUpdate.GradientReversal, DualUpdate.ProjectedAscent } : [DualUpdate.ProjectedAscent];
            foreach (var mode in modes)
            {
                using var bce = nn.BCEWithLogitsLoss();
                using GlobalObjectiveLoss? loss = mode is { } m ? family.Create!(3, new ObjectiveOptions { DualUpdate = m }) : null;
                // Projected ascent moves λ after the first step; the seed's λ moves only through an optimizer: one step compares.
                int compared = mode == DualUpdate.ProjectedAscent && family.HasDuals ? 1 : steps;
                for (int i = 0; i < compared; i++)
                {
                    string where = $"{family.Name}{(mode is null ? "" : $" ({mode})")}, step {i + 1}";
                    using (torch.NewDisposeScope())
                    {
                        var value = loss is null ? bce.call(x, y) : loss.call(x, y);
                        value.backward();
                        Compare(failures, where + ", loss", [value.item<double>()], [expected[i]]);
                        Compare(failures, where + ", ∂/∂logits", Values(x.grad!), Read(Path.Combine(directory, $"py{i}_logits_grad.bin")));
                        if (mode == DualUpdate.GradientReversal)
                        {
                            Compare(failures, where + ", ∂/∂v (λ = |v|)", Values(loss!.Lambdas!.grad!), Read(Path.Combine(directory, $"py{i}_lambdas_grad.bin")));
                            if (loss.Biases is { } biases)
                                Compare(failures, where + ", ∂/∂biases", Values(biases.grad!), Read(Path.Combine(directory, $"py{i}_biases_grad.bin")));
                        }
                    }
                    x.grad = null;
                    if (loss is not null)
                        foreach (var p in loss.parameters()) p.grad = null;
                }
            }
        }
        return failures;
    }

    private static void Compare(List<string> failures, string what, double[] ours, double[] theirs)
    {
        if (ours.Length != theirs.Length)
        {
            failures.Add($"{what}: {ours.Length} values here, {theirs.Length} from PyTorch");
            return;
        }
        for (int i = 0; i < ours.Length; i++)
            if (!(Math.Abs(ours[i] - theirs[i]) <= 1e-9 + 1e-6 * Math.Abs(theirs[i])))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: element {i} is {ours[i]:R} here, {theirs[i]:R} in PyTorch"));
                return;
            }
    }

    private static double[] Values(Tensor t) => t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    private static double[] Read(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    private static void WriteBatch(string directory, Tensor logits, Tensor labels)
    {
        File.WriteAllBytes(Path.Combine(directory, "logits.bin"), Bytes(logits));
        File.WriteAllBytes(Path.Combine(directory, "labels.bin"), Bytes(labels));

        static byte[] Bytes(Tensor t) => t.dtype == ScalarType.Float64
            ? MemoryMarshal.AsBytes<double>(t.detach().contiguous().data<double>().ToArray()).ToArray()
            : MemoryMarshal.AsBytes<float>(t.detach().contiguous().data<float>().ToArray()).ToArray();
    }

    // ---------------------------------------------------------------- timing

    /// <summary>Medians over rounds of per-round ratios, with the interquartile range.</summary>
    private sealed record Ratio(double Median, double Q1, double Q3);

    private sealed class Row(Family family, string shape, int rounds, int steps)
    {
        public Family Family { get; } = family;
        public string Shape { get; } = shape;
        public int Rounds { get; } = rounds;
        public int Steps { get; } = steps;
        public double PyTorchMicroseconds { get; init; }
        public double OursMicroseconds { get; init; }
        public double OursReversalMicroseconds { get; init; }
        public double BceMicroseconds { get; init; }
        public required Ratio OursOverPyTorch { get; init; }
        public Ratio? ReversalOverPyTorch { get; init; }
        public Ratio? ReversalOverBce { get; init; }
        public double OursBareMicroseconds { get; init; }
        public Ratio? BareOverPyTorch { get; init; }
        public Ratio? BareOverBce { get; init; }
        public required Ratio OursOverBce { get; init; }
        public required Ratio PyTorchOverBce { get; init; }
        public required Ratio WallOursOverPyTorch { get; init; }
        public Memory? OursMemory { get; set; }
        public Memory? PyTorchMemory { get; set; }
    }

    private sealed record Memory(double SetupMb, double PeakMb, double MedianMs);

    private static Row Time(PythonWorker worker, string directory, Family family, string shape, int rounds, int steps, int warmupRounds)
    {
        var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 4321);
        WriteBatch(directory, logits, labels);
        var parts = shape.Split('x');
        worker.Send($"load {directory} {parts[0]} {parts[1]} float32");
        worker.Send($"new {family.PythonName}");

        using var bceModule = nn.BCEWithLogitsLoss();
        using var ours = family.Create is null ? null : new GeneratedLoss(family.Create(numLabels, new ObjectiveOptions()));
        using var reversal = family.Create is not null && family.HasDuals
            ? new GeneratedLoss(family.Create(numLabels, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal }))
            : null;
        // The profile: eval mode and no validation, so no batch statistics, prior update, dual update or input checks;
        // what is left is the input preparation and the Lagrangian's forward and backward (docs/benchmarks.md, --profile).
        GlobalObjectiveLoss? bareModule = family.Create?.Invoke(numLabels, new ObjectiveOptions { ValidateInputs = false });
        bareModule?.eval();
        using var bare = bareModule is null ? null : new GeneratedLoss(bareModule);
        void Bce() => BenchmarkBatch.Step(() => bceModule.call(logits, labels), logits, []);

        // Runners: 0 PyTorch, 1 ours (default), 2 TorchSharp BCE, 3 ours in eval mode without validation, 4 ours
        // (gradient reversal) when there is λ.
        var runners = new List<Func<(double[] Thread, double[] Wall)>>
        {
            () => PythonWorker.ParseTimes(worker.Send($"time {steps}"), steps),
            () => Local(ours is null ? Bce : () => ours.Step(logits, labels), steps),
            () => Local(Bce, steps),
        };
        if (bare is not null) runners.Add(() => Local(() => bare.Step(logits, labels), steps));
        if (reversal is not null) runners.Add(() => Local(() => reversal.Step(logits, labels), steps));

        // Every side, so that each times optimized (tier-1) code.
        PairedComparison.WarmUp(warmupRounds, () =>
        {
            foreach (var run in runners) run();
        });
        var thread = runners.Select(_ => new double[rounds]).ToArray();
        var wall = runners.Select(_ => new double[rounds]).ToArray();
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < runners.Count; k++)
            {
                int index = (k + round) % runners.Count;   // the side that runs first rotates per round
                var (t, w) = runners[index]();
                thread[index][round] = PairedComparison.Quantile(t, 0.5);
                wall[index][round] = PairedComparison.Quantile(w, 0.5);
            }
        logits.Dispose();
        labels.Dispose();

        return new Row(family, shape, rounds, steps)
        {
            PyTorchMicroseconds = PairedComparison.Quantile(thread[0], 0.5),
            OursMicroseconds = PairedComparison.Quantile(thread[1], 0.5),
            BceMicroseconds = PairedComparison.Quantile(thread[2], 0.5),
            OursReversalMicroseconds = reversal is null ? double.NaN : PairedComparison.Quantile(thread[4], 0.5),
            OursBareMicroseconds = bare is null ? double.NaN : PairedComparison.Quantile(thread[3], 0.5),
            OursOverPyTorch = Ratios(thread[1], thread[0]),
            ReversalOverPyTorch = reversal is null ? null : Ratios(thread[4], thread[0]),
            ReversalOverBce = reversal is null ? null : Ratios(thread[4], thread[2]),
            BareOverPyTorch = bare is null ? null : Ratios(thread[3], thread[0]),
            BareOverBce = bare is null ? null : Ratios(thread[3], thread[2]),
            OursOverBce = Ratios(thread[1], thread[2]),
            PyTorchOverBce = Ratios(thread[0], thread[2]),
            WallOursOverPyTorch = Ratios(wall[1], wall[0]),
        };
    }

    private static Ratio Ratios(double[] numerator, double[] denominator)
    {
        var ratios = numerator.Zip(denominator, (a, b) => a / b).ToArray();
        return new Ratio(PairedComparison.Quantile(ratios, 0.5), PairedComparison.Quantile(ratios, 0.25), PairedComparison.Quantile(ratios, 0.75));
    }

    private static (double[] Thread, double[] Wall) Local(Action step, int steps)
    {
        var thread = new double[steps];
        var wall = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            double cpu = ThreadMicroseconds();
            step();
            thread[i] = ThreadMicroseconds() - cpu;
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return (thread, wall);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>CLOCK_THREAD_CPUTIME_ID (3), as Python's time.thread_time_ns reads it.</summary>
    private static double ThreadMicroseconds()
    {
        if (ClockGetTime(3, out var time) != 0) throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        return time.Seconds * 1e6 + time.Nanoseconds / 1e3;
    }

    // ---------------------------------------------------------------- memory

    /// <summary>A C# child: the family's generated loss (default options) or TorchSharp's BCE, fresh batch, steps, VmHWM.</summary>
    public static int RunChild(string[] args)
    {
        var family = Families.Single(f => f.Name == args[1]);
        string shape = args[2];
        int steps = int.Parse(args[3], CultureInfo.InvariantCulture);
        torch.set_num_threads(1);
        var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 99);
        using var bce = nn.BCEWithLogitsLoss();
        using var ours = family.Create is null ? null : new GeneratedLoss(family.Create(numLabels, new ObjectiveOptions()));
        long setup = Status("VmHWM");
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            if (ours is null) BenchmarkBatch.Step(() => bce.call(logits, labels), logits, []);
            else ours.Step(logits, labels);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT steps={steps} setupHwmKiB={setup} peakHwmKiB={Status("VmHWM")} medianMs={PairedComparison.Quantile(times, 0.5):R}"));
        return 0;
    }

    private static ProcessStartInfo OursChild(Family family, string shape, int steps)
    {
        string process = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(process);
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GlobalObjectives.Benchmarks.dll"));
        foreach (var argument in new[] { ChildFlag, family.Name, shape, steps.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        return start;
    }

    private static ProcessStartInfo PythonChild(string python, string script, string family, string batch, string labels, int steps)
    {
        var start = new ProcessStartInfo(python);
        foreach (var argument in new[] { script, "--memory", family, batch, labels, steps.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        return start;
    }

    private static Memory? MemoryChild(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        PythonWorker.SingleThreaded(start);
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || result is null)
        {
            Console.Error.WriteLine($"memory child {start.FileName} {string.Join(' ', start.ArgumentList)} failed (exit {child.ExitCode}): {output}{error.Result}");
            return null;
        }
        var fields = result["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return new Memory(
            long.Parse(fields["setupHwmKiB"], CultureInfo.InvariantCulture) / 1024.0,
            long.Parse(fields["peakHwmKiB"], CultureInfo.InvariantCulture) / 1024.0,
            double.Parse(fields["medianMs"], CultureInfo.InvariantCulture));
    }

    private static long Status(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/self/status has no {name} line.");
    }

    // ---------------------------------------------------------------- output

    private static string FormatTable(IEnumerable<Row> rows)
    {
        var lines = new List<string>
        {
            "| family | shape | rounds × steps | PyTorch (µs) | ours (µs) | **ours / PyTorch** (IQR) | ours GR / PyTorch | ours eval / PyTorch | wall: ours / PyTorch | **ours / BCE** (IQR) | ours eval / BCE | ours GR / BCE | PyTorch / BCE | peak MB: PyTorch | peak MB: ours |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in rows)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Family.Name} | {Shape(r.Shape)} | {r.Rounds} × {r.Steps} | {r.PyTorchMicroseconds:N0} | {r.OursMicroseconds:N0} | " +
                $"**{r.OursOverPyTorch.Median:F2}** ({r.OursOverPyTorch.Q1:F2}–{r.OursOverPyTorch.Q3:F2}) | {F(r.ReversalOverPyTorch)} | " +
                $"{F(r.BareOverPyTorch)} | {r.WallOursOverPyTorch.Median:F2} | **{r.OursOverBce.Median:F2}** ({r.OursOverBce.Q1:F2}–{r.OursOverBce.Q3:F2}) | {F(r.BareOverBce)} | {F(r.ReversalOverBce)} | {r.PyTorchOverBce.Median:F2} | " +
                $"{Mb(r.PyTorchMemory)} | {Mb(r.OursMemory)} |"));
        return string.Join(Environment.NewLine, lines);

        static string F(Ratio? r) => r is null ? "—" : r.Median.ToString("F2", CultureInfo.InvariantCulture);

        static string Mb(Memory? m) => m is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{m.PeakMb:N0} ({m.PeakMb - m.SetupMb:N0})");
    }

    private static string FormatTargets(IReadOnlyList<Row> rows)
    {
        var lines = new List<string> { "Targets (thread CPU time, medians over rounds of per-round ratios):", "" };
        foreach (var r in rows.Where(r => r.Family.Create is not null && r.Shape is "4096x16" or "1024x16"))
            lines.Add(Target($"{r.Family.Name} {Shape(r.Shape)}: ours ≤ 0.5× PyTorch eager", r.OursOverPyTorch.Median, 0.5));
        foreach (var r in rows.Where(r => r.Family.IsRate && r.Shape == "4096x16"))
            lines.Add(Target($"{r.Family.Name} {Shape(r.Shape)}: ours ≤ 2× BCE", r.OursOverBce.Median, 2));
        foreach (var r in rows.Where(r => r.Family.IsRate && r.Shape == "512x1"))
            lines.Add(Target($"{r.Family.Name} {Shape(r.Shape)}: ours ≤ 3× BCE", r.OursOverBce.Median, 3));
        foreach (var r in rows.Where(r => r.Family.Name.StartsWith("PR-AUC", StringComparison.Ordinal) && r.Shape == "4096x16"))
            lines.Add(Target($"{r.Family.Name} {Shape(r.Shape)}: ours ≤ 20× BCE (K = 20 anchors)", r.OursOverBce.Median, 20));
        return string.Join(Environment.NewLine, lines);

        static string Target(string what, double value, double bound)
            => string.Create(CultureInfo.InvariantCulture, $"- {what}: {(value <= bound ? "**met**" : "**not met**")} ({value:F2}×)");
    }

    private static void WriteCsv(string path, IEnumerable<Row> rows)
    {
        var lines = new List<string>
        {
            "family,shape,rounds,steps,pytorch_us,ours_us,ours_gr_us,bce_us,ours_over_pytorch,ours_over_pytorch_q1,ours_over_pytorch_q3," +
            "ours_gr_over_pytorch,ours_eval_us,ours_eval_over_pytorch,ours_eval_over_bce,wall_ours_over_pytorch,ours_over_bce,ours_over_bce_q1,ours_over_bce_q3,pytorch_over_bce," +
            "pytorch_peak_mb,pytorch_setup_mb,ours_peak_mb,ours_setup_mb,ours_gr_over_bce",
        };
        foreach (var r in rows)
            lines.Add(string.Join(",", new object?[]
            {
                r.Family.Name.Replace(",", ""), Shape(r.Shape).Replace(",", "x").Replace(" ", ""), r.Rounds, r.Steps,
                r.PyTorchMicroseconds, r.OursMicroseconds, r.OursReversalMicroseconds, r.BceMicroseconds,
                r.OursOverPyTorch.Median, r.OursOverPyTorch.Q1, r.OursOverPyTorch.Q3, r.ReversalOverPyTorch?.Median ?? double.NaN,
                r.OursBareMicroseconds, r.BareOverPyTorch?.Median ?? double.NaN, r.BareOverBce?.Median ?? double.NaN,
                r.WallOursOverPyTorch.Median, r.OursOverBce.Median, r.OursOverBce.Q1, r.OursOverBce.Q3, r.PyTorchOverBce.Median,
                r.PyTorchMemory?.PeakMb ?? double.NaN, r.PyTorchMemory?.SetupMb ?? double.NaN, r.OursMemory?.PeakMb ?? double.NaN, r.OursMemory?.SetupMb ?? double.NaN,
                r.ReversalOverBce?.Median ?? double.NaN,
            }.Select(v => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture))));
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllLines(path, lines);
    }

    private static string MachineDescription(string python, string hello)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"machine: {Environment.ProcessorCount} logical CPUs ({cpu}), {Meminfo("MemTotal") / 1024.0 / 1024.0:F1} GiB ({MemoryAvailable()} available), {RuntimeInformation.OSDescription}; .NET {Environment.Version}, TorchSharp " +
               $"{typeof(torch).Assembly.GetName().Version} (1 thread); {python}: {hello}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    }

    private static string MemoryAvailable() => $"{Meminfo("MemAvailable") / 1024.0 / 1024.0:F1} GiB";

    private static long Meminfo(string name)
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    private static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Shape(string shape) => "[" + shape.Replace("x", ", ") + "]";
}
