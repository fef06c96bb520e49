using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GlobalObjectives.Benchmarks;

/// <summary>
/// Interleaved A/B timing: the baseline and the candidate step run alternately (ABBA order), each timed alone, and the
/// result is the median of the per-pair ratios. On a shared VM the speed drifts by 10–30 % between BenchmarkDotNet
/// iterations that run seconds apart; two steps that run microseconds apart see the same machine, so their ratio
/// keeps only the difference between the two codes.
/// </summary>
public static class PairedComparison
{
    /// <summary>Medians of both times (µs), the median ratio and its interquartile range.</summary>
    public sealed record Result(string Name, int Pairs, double BaselineMicroseconds, double CandidateMicroseconds, double Ratio, double RatioQ1, double RatioQ3);

    /// <summary>The shortest warm-up of a row warmed up with more than one round (see <see cref="WarmUp"/>).</summary>
    public static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(0.5);

    /// <summary>The shortest warm-up of the process's first such row (see <see cref="WarmUp"/>).</summary>
    public static readonly TimeSpan FirstRowWarmup = TimeSpan.FromSeconds(3);

    private static bool _processWarmedUp;

    /// <summary>
    /// Runs <paramref name="round"/> <paramref name="rounds"/> times and, when that is more than one (every mode but
    /// --quick), for at least <see cref="MinimumWarmup"/>, and <see cref="FirstRowWarmup"/> the first time in the process:
    /// the tiered JIT runs a method's first ~30 calls as unoptimized code, then (dynamic PGO) as instrumented code, and
    /// promotes it only once no new method has been compiled for ~100 ms, so a row whose code is new to the process would
    /// time a mix. The first row brings most of the library's code and TorchSharp's into the process: with 0.5 s it
    /// still timed instrumented code (recall@precision [512, 1] 2.30× BCE, against 1.87× with DOTNET_TieredPGO=0 and
    /// 1.88× with DOTNET_TieredCompilation=0, the next rows unchanged). A training loop runs optimized code.
    /// </summary>
    public static void WarmUp(int rounds, Action round)
    {
        var minimum = _processWarmedUp ? MinimumWarmup : FirstRowWarmup;
        var elapsed = Stopwatch.StartNew();
        for (int i = 0; i < rounds || (rounds > 1 && elapsed.Elapsed < minimum); i++) round();
        if (rounds > 1) _processWarmedUp = true;
    }

    /// <summary>Adds <paramref name="result"/> to <paramref name="results"/> and prints its table row to stderr as the run goes.</summary>
    public static void Record(List<Result> results, Result result)
    {
        results.Add(result);
        Console.Error.WriteLine(FormatTable([result]).Split('\n')[^1]);
    }

    /// <summary>
    /// The step comparisons' pair and warm-up counts: 3 and 1 in <c>--quick</c> (CI's smoke run); otherwise 2000 and 100,
    /// or 200 and 20 for a large step (an anchored loss at [4096, 16], about 5 ms a step).
    /// </summary>
    public static (int Pairs, int Warmup) StepPairs(bool quick, bool large)
        => quick ? (3, 1) : large ? (200, 20) : (2000, 100);

    public static Result Measure(string name, Action baseline, Action candidate, int pairs, int warmupPairs)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (pairs < 1) throw new ArgumentOutOfRangeException(nameof(pairs), pairs, "pairs must be at least 1.");
        if (warmupPairs < 0) throw new ArgumentOutOfRangeException(nameof(warmupPairs), warmupPairs, "warmupPairs must be at least 0.");

        WarmUp(warmupPairs, () =>
        {
            baseline();
            candidate();
        });

        var baselineTimes = new double[pairs];
        var candidateTimes = new double[pairs];
        var ratios = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            // Alternate which runs first so neither always inherits the other's cache state or allocator debris.
            if (i % 2 == 0)
            {
                baselineTimes[i] = Time(baseline);
                candidateTimes[i] = Time(candidate);
            }
            else
            {
                candidateTimes[i] = Time(candidate);
                baselineTimes[i] = Time(baseline);
            }
            ratios[i] = candidateTimes[i] / baselineTimes[i];
        }

        return new Result(name, pairs, Quantile(baselineTimes, 0.5), Quantile(candidateTimes, 0.5),
            Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75));
    }

    public static string FormatTable(IEnumerable<Result> results)
    {
        var lines = new List<string>
        {
            "| comparison | pairs | baseline (µs, median) | candidate (µs, median) | median ratio | ratio IQR |",
            "|---|---:|---:|---:|---:|---|",
        };
        foreach (var r in results)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Pairs} | {r.BaselineMicroseconds:N1} | {r.CandidateMicroseconds:N1} | {r.Ratio:F2} | {r.RatioQ1:F2}–{r.RatioQ3:F2} |"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// Time each step by the calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>) instead of the wall clock
    /// (<c>--thread-time</c>). With one TorchSharp thread the forward and the CPU backward both run on the calling thread,
    /// so this is the step's own compute, without the time the thread waits while other processes hold the cores (on a
    /// machine whose load exceeds its cores the wall-clock medians are mostly preemption).
    /// </summary>
    public static bool ThreadCpuTime { get; set; }

    private static double Time(Action step)
    {
        if (ThreadCpuTime)
        {
            double begin = ThreadMicroseconds();
            step();
            return ThreadMicroseconds() - begin;
        }
        long start = Stopwatch.GetTimestamp();
        step();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private static double ThreadMicroseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
            throw new PlatformNotSupportedException("--thread-time needs Linux's CLOCK_THREAD_CPUTIME_ID.");
        return time.Seconds * 1e6 + time.Nanoseconds / 1e3;
    }

    /// <summary>Linear-interpolated quantile of a copy of <paramref name="values"/>.</summary>
    internal static double Quantile(double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
