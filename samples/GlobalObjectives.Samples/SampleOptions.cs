using System.Globalization;

namespace GlobalObjectives.Samples;

/// <summary>The command line: <c>--out</c>, <c>--seed</c>, <c>--iterations</c>, <c>--objective</c>, <c>--dual-rate-factor</c>, <c>--monitor-every</c>, <c>--help</c>.</summary>
/// <param name="OutputFolder">Where the results files go.</param>
/// <param name="Seed">Seeds the synthetic data.</param>
/// <param name="Iterations">Training iterations per model.</param>
/// <param name="Demo">The objective to train for.</param>
/// <param name="DualRateFactor">Overrides the demo's dual rate factor (seed-exact run); null keeps it.</param>
/// <param name="MonitorEvery">Iterations between the losses' monitor lines; 0 prints none.</param>
/// <param name="ShowHelp">Whether <c>--help</c> was given.</param>
internal sealed record SampleOptions(string OutputFolder, int Seed, int Iterations, Demo Demo, double? DualRateFactor, int MonitorEvery, bool ShowHelp)
{
    /// <summary>The default seed of the data.</summary>
    public const int DefaultSeed = 2018;

    /// <summary>
    /// The seed example's TRAIN_ITERATIONS. Its loop (<c>while step &lt;= 150</c>, with the step fetched in the same
    /// session run that increments it) ran 150 or 151 iterations depending on TensorFlow's fetch order; this sample
    /// runs exactly this many, the learning rate having reached its floor 1/150 at the end either way.
    /// </summary>
    public const int DefaultIterations = 150;

    /// <summary>Iterations between monitor lines: six lines per global-objective run at the default iteration count.</summary>
    public const int DefaultMonitorEvery = 25;

    /// <summary>The usage text.</summary>
    public static string Usage { get; } = $"""
        Usage: dotnet run --project samples/GlobalObjectives.Samples -- [options]

        Trains a linear classifier on the seed's synthetic 2-D data three times and compares the models on an
        independently drawn eval set: with cross-entropy, and with a generated global-objective loss trained
        seed-exact (DualUpdate.GradientReversal, the seed's alternating primal and dual steps) and with the
        library's default options (DualUpdate.ProjectedAscent: the loss moves λ itself).
        Writes results.json, results.png (boundaries and PR curves), results-duals.csv and results-duals.png
        (λ and each constraint's slack on the training set, per iteration, for both global-objective runs).

        Options:
          --objective <name>        {string.Join(" | ", Demo.All.Select(d => d.Name))} (default {Demo.All[0].Name})
        {DemoLines()}
          --out <folder>            where the results files are written (default ./out)
          --seed <n>                seed of the synthetic data (default {DefaultSeed})
          --iterations <n>          full-batch gradient steps per model (default {DefaultIterations}, as the seed)
          --dual-rate-factor <r>    speed of the Lagrange multipliers relative to the model in the seed-exact
                                    run (default 15, as the seed); the default run does not use it
          --monitor-every <n>       print the losses' training monitor (ReadMonitor()) every n iterations
                                    (default {DefaultMonitorEvery}; 0: never)
          -h, --help                show this help
        """;

    /// <summary>One usage line per demo, its name and its declaration, indented under <c>--objective</c>.</summary>
    private static string DemoLines()
    {
        int width = Demo.All.Max(d => d.Name.Length) + 2;
        return string.Join(Environment.NewLine, Demo.All.Select(d => new string(' ', 30) + d.Name.PadRight(width) + d.Declaration));
    }

    /// <summary>Parses <paramref name="args"/>; <c>--name value</c> and <c>--name=value</c> are both accepted.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or has an invalid value; the message says which.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string output = "out";
        int seed = DefaultSeed, iterations = DefaultIterations, monitorEvery = DefaultMonitorEvery;
        var demo = Demo.All[0];
        bool help = false;
        double? dualRateFactor = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg, inlineValue = "";
            bool hasInline = false;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
                hasInline = true;
            }

            string Value()
            {
                if (hasInline) return inlineValue;
                if (i + 1 >= args.Count) throw new ArgumentException($"Option {name} needs a value.", nameof(args));
                return args[++i];
            }

            switch (name)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--out":
                    output = Value();
                    if (string.IsNullOrWhiteSpace(output)) throw new ArgumentException("--out needs a folder path.", nameof(args));
                    break;
                case "--seed":
                    seed = ParseInt(name, Value(), int.MinValue);
                    break;
                case "--iterations":
                    iterations = ParseInt(name, Value(), 1);
                    break;
                case "--dual-rate-factor":
                    var rate = Value();
                    if (!double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
                        || !(parsed > 0) || !double.IsFinite(parsed))
                        throw new ArgumentException($"--dual-rate-factor expects a positive number, got '{rate}'.", nameof(args));
                    dualRateFactor = parsed;
                    break;
                case "--monitor-every":
                    monitorEvery = ParseInt(name, Value(), 0);
                    break;
                case "--objective":
                    var value = Value();
                    demo = Demo.Find(value) ?? throw new ArgumentException(
                        $"Unknown objective '{value}'; expected one of: {string.Join(", ", Demo.All.Select(d => d.Name))}.", nameof(args));
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{arg}'. Run with --help for the options.", nameof(args));
            }
        }
        return new SampleOptions(output, seed, iterations, demo, dualRateFactor, monitorEvery, help);
    }

    private static int ParseInt(string name, string text, int minimum)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
            throw new ArgumentException(
                minimum == int.MinValue
                    ? $"{name} expects an integer, got '{text}'."
                    : $"{name} expects an integer of at least {minimum}, got '{text}'.",
                "args");
        return value;
    }
}
