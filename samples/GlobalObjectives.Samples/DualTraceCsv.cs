using System.Globalization;
using System.Text;

namespace GlobalObjectives.Samples;

/// <summary>
/// Writes results-duals.csv, the data of <see cref="DualTracePlot"/>: one row per iteration,
/// <c>step,lambda_seed_exact,slack_seed_exact,lambda_default,slack_default</c>. λ is read after the iteration's
/// updates; the slack is the constraint's on the iteration's last training batch (the full training set), at logit 0,
/// ≥ 0 when satisfied; PR-AUC writes the mean over its anchors of both. An undefined slack is an empty field.
/// </summary>
internal static class DualTraceCsv
{
    /// <summary>The file name inside the output folder.</summary>
    public const string FileName = "results-duals.csv";

    /// <summary>The header line.</summary>
    public const string Header = "step,lambda_seed_exact,slack_seed_exact,lambda_default,slack_default";

    /// <summary>The file's text.</summary>
    public static string Serialize(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var seedExact = Trace(result.SeedExact);
        var byDefault = Trace(result.Default);
        var text = new StringBuilder().Append(Header).Append('\n');
        for (int i = 0; i < Math.Max(seedExact.Count, byDefault.Count); i++)
        {
            int step = i < seedExact.Count ? seedExact[i].Step : byDefault[i].Step;
            text.Append(step.ToString(CultureInfo.InvariantCulture));
            Append(text, seedExact, i);
            Append(text, byDefault, i);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes results-duals.csv into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(ExperimentResult result, string folder)
    {
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, Serialize(result));
        return path;
    }

    private static IReadOnlyList<DualTracePoint> Trace(ModelReport report)
        => report.Model.DualTrace ?? throw new ArgumentException($"The {report.Run} run has no dual trace.", nameof(report));

    private static void Append(StringBuilder text, IReadOnlyList<DualTracePoint> trace, int i)
    {
        if (i >= trace.Count)
        {
            text.Append(",,");
            return;
        }
        text.Append(',').Append(Number(trace[i].Lambda)).Append(',').Append(Number(trace[i].Slack));
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
