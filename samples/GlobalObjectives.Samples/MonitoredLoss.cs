namespace GlobalObjectives.Samples;

/// <summary>λ and the slack of one constraint in a <see cref="DualReading"/>.</summary>
/// <param name="Lambda">λ of the constraint (PR-AUC: the mean over the anchors).</param>
/// <param name="Slack">
/// The constraint's slack on the last training batch, ≥ 0 when satisfied (PR-AUC: the mean over the anchors where
/// precision is defined). The sample trains on the full training set, so the batch is the whole set.
/// </param>
internal readonly record struct ConstraintDual(double Lambda, double Slack);

/// <summary>One read of a generated loss's training monitor, reduced to what the sample traces and prints.</summary>
/// <param name="Constraints">λ and the slack of each declared constraint, in declaration order (one for every demo but a several-constraint one).</param>
/// <param name="Monitor">The objective's typed monitor (<c>TrainingMonitor</c>); its <c>ToString()</c> is the log line.</param>
internal sealed record DualReading(IReadOnlyList<ConstraintDual> Constraints, object Monitor)
{
    /// <summary>A reading of a single constraint (or of PR-AUC's anchors, averaged).</summary>
    public DualReading(double lambda, double slack, object monitor)
        : this([new ConstraintDual(lambda, slack)], monitor)
    {
    }

    /// <summary>The monitor's one-line log text.</summary>
    public string Line => Monitor.ToString() ?? "";
}

/// <summary>
/// A generated loss together with a reader of its typed monitor. Each objective's <c>ReadMonitor()</c> returns its own
/// <c>TrainingMonitor</c> type with metric-named properties, so the demo that creates the loss says how to read it.
/// </summary>
internal sealed class MonitoredLoss : IDisposable
{
    private readonly Func<bool, DualReading> _read;

    private MonitoredLoss(GlobalObjectiveLoss loss, Func<bool, DualReading> read)
    {
        Loss = loss;
        _read = read;
    }

    /// <summary>The loss module.</summary>
    public GlobalObjectiveLoss Loss { get; }

    /// <summary>Pairs <paramref name="loss"/> with <paramref name="read"/>, which reads its typed monitor (reset: restart the running sums).</summary>
    public static MonitoredLoss Create<TLoss>(TLoss loss, Func<TLoss, bool, DualReading> read)
        where TLoss : GlobalObjectiveLoss
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(read);
        return new MonitoredLoss(loss, reset => read(loss, reset));
    }

    /// <summary>Reads the monitor; <paramref name="reset"/> restarts its running sums after the read.</summary>
    public DualReading Read(bool reset = false) => _read(reset);

    /// <summary>The mean of the finite values, NaN when there is none.</summary>
    public static double MeanOfDefined(IEnumerable<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (var value in values)
        {
            if (!double.IsFinite(value)) continue;
            sum += value;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    /// <inheritdoc />
    public void Dispose() => Loss.Dispose();
}
