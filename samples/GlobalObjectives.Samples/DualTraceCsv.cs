using System.Globalization;
using System.Text;

namespace GlobalObjectives.Samples;

/// <summary>
/// Writes results-duals.csv, the data of <see cref="DualTracePlot"/>: one row per iteration,
/// <c>step,lambda_seed_exact,slack_seed_exact,lambda_default,slack_default</c>. λ is read after the iteration's
/// updates; the slack is the constraint's on the iteration's last training batch (the full training set), at logit 0,
/// ≥ 0 when satisfied; PR-AUC writes the mean over its anchors of both. A demo with several constraints writes a λ and
/// a slack column per constraint and run, named after the constraint's key (<see cref="Header"/>):
/// <c>step,lambda_precision_seed_exact,slack_precision_seed_exact,lambda_false_positive_rate_seed_exact,…</c>. An
/// undefined slack is an empty field.
/// </summary>
internal static class DualTraceCsv
{
    /// <summary>The file name inside the output folder.</summary>
    public const string FileName = "results-duals.csv";

    /// <summary>The header line of a demo with one constraint (or PR-AUC).</summary>
    public const string SingleConstraintHeader = "step,lambda_seed_exact,slack_seed_exact,lambda_default,slack_default";

    /// <summary>The header line for <paramref name="demo"/>.</summary>
    public static string Header(Demo demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        if (demo.Constraints.Count == 0) return SingleConstraintHeader;
        var columns = new List<string> { "step" };
        foreach (var run in new[] { "seed_exact", "default" })
            foreach (var constraint in demo.Constraints)
                columns.AddRange([$"lambda_{constraint.Key}_{run}", $"slack_{constraint.Key}_{run}"]);
        return string.Join(',', columns);
    }

    /// <summary>The file's text.</summary>
    public static string Serialize(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int constraints = Math.Max(1, result.Settings.Demo.Constraints.Count);
        var seedExact = Rows(result.SeedExact, constraints);
        var byDefault = Rows(result.Default, constraints);
        var text = new StringBuilder().Append(Header(result.Settings.Demo)).Append('\n');
        for (int i = 0; i < Math.Max(seedExact.Count, byDefault.Count); i++)
        {
            int step = i < seedExact.Count ? seedExact[i][0].Step : byDefault[i][0].Step;
            text.Append(step.ToString(CultureInfo.InvariantCulture));
            Append(text, seedExact, i, constraints);
            Append(text, byDefault, i, constraints);
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

    /// <summary>The run's trace, one row of <paramref name="constraints"/> points (in declaration order) per iteration.</summary>
    private static IReadOnlyList<DualTracePoint[]> Rows(ModelReport report, int constraints)
    {
        var trace = report.Model.DualTrace ?? throw new ArgumentException($"The {report.Run} run has no dual trace.", nameof(report));
        return trace.GroupBy(p => p.Step)
            .Select(g => g.OrderBy(p => p.Constraint).ToArray())
            .Select(row => row.Length == constraints
                ? row
                : throw new ArgumentException($"The {report.Run} run's trace has {row.Length} points at step {row[0].Step}; expected {constraints}.", nameof(report)))
            .ToList();
    }

    private static void Append(StringBuilder text, IReadOnlyList<DualTracePoint[]> rows, int i, int constraints)
    {
        for (int j = 0; j < constraints; j++)
        {
            if (i >= rows.Count)
            {
                text.Append(",,");
                continue;
            }
            text.Append(',').Append(Number(rows[i][j].Lambda)).Append(',').Append(Number(rows[i][j].Slack));
        }
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";
}
