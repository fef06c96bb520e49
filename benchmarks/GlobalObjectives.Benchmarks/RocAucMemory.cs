using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// The ROC-AUC loss as generated before the blockwise runtime (<see cref="PairwiseRocAuc"/>): the seed's dense
/// [B, B, L] pairwise formula, kept here verbatim as the baseline of <see cref="RocAucMemory"/>.
/// </summary>
public sealed class DenseRocAucLoss : GlobalObjectiveLoss
{
    public DenseRocAucLoss(int numLabels = 1, ObjectiveOptions? options = null)
        : base(nameof(DenseRocAucLoss), numLabels, options, SurrogateType.Xent, ObjectiveState.None)
    {
    }

    protected override ObjectiveOutput ComputeObjective(ObjectiveBatch batch)
    {
        var logits = batch.Logits;                                            // x, [B, L]
        var labels = batch.Labels;                                            // y, [B, L]
        var logitDifferences = logits.unsqueeze(0) - logits.unsqueeze(1);     // Dx[i, j] = x_j − x_i, [B, B, L]
        var labelDifferences = labels.unsqueeze(0) - labels.unsqueeze(1);     // Dy[i, j] = y_j − y_i, [B, B, L]
        var pairLosses = Surrogates.PositiveLoss(batch.Surrogate, labelDifferences * logitDifferences); // S(1, Dy·Dx) = ℓ⁺(Dy·Dx)
        var weightedPairs = labelDifferences.abs() * pairLosses;              // |Dy|·S
        if (batch.Weights is { } weights)
            weightedPairs = weights.unsqueeze(0) * weights.unsqueeze(1) * weightedPairs; // W[i, j] = w_i·w_j
        var loss = weightedPairs.mean(new long[] { 0 }) * 0.5;                // 0.5·mean over i, [B, L]
        return new ObjectiveOutput(loss, null, null, null, null, null);
    }
}

/// <summary>
/// <c>--roc-memory</c>: peak process memory and time of one ROC-AUC training step (forward, <c>.sum().backward()</c>,
/// gradient zeroed, one dispose scope), the generated blockwise loss against the dense formula it replaced.
/// Every (implementation, shape) runs in a fresh child process (<c>--roc-memory-child</c>), which reports VmHWM from
/// /proc/self/status after its steps; the [1024, 16] and [4096, 1] times are also taken as interleaved pairs in one
/// process. <c>--roc-block-sweep</c> times the blockwise loss at several block bounds (how the default was chosen).
/// Linux only (/proc). Prints markdown; exit code 1 if a child fails.
/// </summary>
public static class RocAucMemory
{
    private const string ChildFlag = "--roc-memory-child";

    /// <summary>Children, in order: (implementation, shape, steps). "blockwise" is the generated loss; "dense" the old formula.</summary>
    private static readonly (string Implementation, string Shape, int Steps)[] Runs =
    [
        ("blockwise", "4096x16", 3),
        ("blockwise", "65536x1", 2),
        ("blockwise", "1024x16", 5),
        ("blockwise", "4096x1", 5),
        ("dense", "1024x16", 5),
        ("dense", "4096x1", 5),
        ("dense", "4096x16", 2),
    ];

    /// <summary>The dense [4096, 16] child needs about 9.4 GB; it is skipped when less than this is available.</summary>
    private const long DenseLargeRequiredKiB = 14L * 1024 * 1024;

    public static bool IsChild(string[] args) => args.Length > 0 && args[0] == ChildFlag;

    /// <summary>The parent: machine, children, interleaved pairs.</summary>
    public static int Run(bool quick)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("--roc-memory reads /proc and runs on Linux only.");
            return 1;
        }
        Console.WriteLine(MachineDescription());
        Console.WriteLine();
        Console.WriteLine("| implementation | shape | steps | VmHWM after setup (MB) | VmHWM after the steps (MB) | step time (ms, median) | every step in order (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        bool failed = false;
        foreach (var (implementation, shape, steps) in Runs)
        {
            if (quick && shape is "65536x1" or "4096x16") continue;
            if (implementation == "dense" && shape == "4096x16" && AvailableKiB() < DenseLargeRequiredKiB)
            {
                Console.WriteLine($"| {implementation} | {Shape(shape)} | — | skipped: {AvailableKiB() / 1024} MB available, {DenseLargeRequiredKiB / 1024} MB required | | | |");
                continue;
            }
            var (exitCode, output) = RunChild(implementation, shape, quick ? 1 : steps);
            var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (exitCode != 0 || result is null)
            {
                failed = true;
                Console.WriteLine($"| {implementation} | {Shape(shape)} | — | child failed (exit {exitCode}) | | | |");
                Console.Error.WriteLine(output);
                continue;
            }
            var fields = Parse(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {implementation} | {Shape(shape)} | {fields["steps"]} | {Mb(fields["setupHwmKiB"]):N0} | {Mb(fields["peakHwmKiB"]):N0} | {double.Parse(fields["medianMs"], CultureInfo.InvariantCulture):N1} | {fields["timesMs"].Replace(";", ", ")} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Interleaved pairs in this process (dense = baseline, blockwise = candidate), one step each:");
        Console.WriteLine();
        var pairs = new List<PairedComparison.Result>();
        foreach (var shape in new[] { "1024x16", "4096x1" })
            pairs.Add(Pairs(shape, quick ? 2 : 9, 1));
        Console.WriteLine(PairedComparison.FormatTable(pairs));
        Console.WriteLine($"load average afterwards: {File.ReadAllText("/proc/loadavg").Trim()}");
        return failed ? 1 : 0;
    }

    /// <summary><c>--roc-block-sweep</c>: step time of <see cref="PairwiseRocAuc"/> at several block bounds, round-robin in one process.</summary>
    public static int Sweep(bool quick)
    {
        Console.WriteLine(MachineDescription());
        Console.WriteLine();
        Console.WriteLine("Block bound sweep, xent, round-robin in this process (ms per step, median):");
        Console.WriteLine();
        Console.WriteLine(BlockSweep(quick ? 1 : 9));
        Console.WriteLine($"load average afterwards: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>A child: setup, <paramref name="args"/>[2] steps, one RESULT line.</summary>
    public static int RunChild(string[] args)
    {
        string implementation = args[1];
        string shape = args[2];
        int steps = int.Parse(args[3], CultureInfo.InvariantCulture);
        torch.set_num_threads(1);
        var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 99);
        using GlobalObjectiveLoss loss = implementation == "dense"
            ? new DenseRocAucLoss(numLabels, BenchmarkBatch.Options(validate: false))
            : new RocAucLoss(numLabels, BenchmarkBatch.Options(validate: false));
        long setup = Status("VmHWM");
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            BenchmarkBatch.Step(() => loss.call(logits, labels), logits, []);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        long peak = Status("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT steps={steps} setupHwmKiB={setup} peakHwmKiB={peak} medianMs={PairedComparison.Quantile(times, 0.5):R} timesMs={string.Join(";", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}"));
        return 0;
    }

    private static PairedComparison.Result Pairs(string shape, int pairs, int warmup)
    {
        var (logits, labels, numLabels) = BenchmarkBatch.Create(shape, seed: 99);
        using var dense = new DenseRocAucLoss(numLabels, BenchmarkBatch.Options(validate: false));
        using var blockwise = new RocAucLoss(numLabels, BenchmarkBatch.Options(validate: false));
        return PairedComparison.Measure("ROC-AUC " + Shape(shape) + ": dense vs blockwise",
            () => BenchmarkBatch.Step(() => dense.call(logits, labels), logits, []),
            () => BenchmarkBatch.Step(() => blockwise.call(logits, labels), logits, []),
            pairs, warmup);
    }

    private static string BlockSweep(int rounds)
    {
        long[] bounds = [1L << 14, 1L << 16, 1L << 17, 1L << 18, 1L << 19, 1L << 20, 1L << 22];
        var lines = new List<string>
        {
            "| shape | " + string.Join(" | ", bounds.Select(b => $"2^{Math.Log2(b):0}")) + " |",
            "|---|" + string.Concat(bounds.Select(_ => "---:|")),
        };
        foreach (var shape in new[] { "1024x16", "4096x1" })
        {
            var (logits, labels, _) = BenchmarkBatch.Create(shape, seed: 99);
            var times = bounds.Select(_ => new double[rounds]).ToArray();
            for (int warm = 0; warm < bounds.Length; warm++) Step(bounds[warm]);
            for (int round = 0; round < rounds; round++)
                for (int k = 0; k < bounds.Length; k++)
                {
                    // Rotate the starting bound per round so none always runs first.
                    int index = (k + round) % bounds.Length;
                    long start = Stopwatch.GetTimestamp();
                    Step(bounds[index]);
                    times[index][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {Shape(shape)} | {string.Join(" | ", times.Select(t => PairedComparison.Quantile(t, 0.5).ToString("N1", CultureInfo.InvariantCulture)))} |"));

            void Step(long bound) => BenchmarkBatch.Step(() => PairwiseRocAuc.Loss(logits, labels, null, SurrogateType.Xent, bound).sum(), logits, []);
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static (int ExitCode, string Output) RunChild(string implementation, string shape, int steps)
    {
        // The apphost when there is one (dotnet run), else this assembly under the dotnet host.
        string process = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(process) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GlobalObjectives.Benchmarks.dll"));
        foreach (var argument in new[] { ChildFlag, implementation, shape, steps.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output + error.Result);
    }

    private static Dictionary<string, string> Parse(string line)
        => line["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static double Mb(string kib) => long.Parse(kib, CultureInfo.InvariantCulture) / 1024.0;

    /// <summary>A "Name:   123 kB" line of /proc/self/status, in KiB.</summary>
    private static long Status(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/self/status has no {name} line.");
    }

    private static long AvailableKiB()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    private static string MachineDescription()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        long totalKiB = File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();
        return string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} logical CPUs ({cpu}), {totalKiB / 1024.0 / 1024.0:F1} GiB, {AvailableKiB() / 1024.0 / 1024.0:F1} GiB available, " +
            $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, TorchSharp threads 1; load average {File.ReadAllText("/proc/loadavg").Trim()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    private static string Shape(string shape) => "[" + shape.Replace("x", ", ") + "]";
}
