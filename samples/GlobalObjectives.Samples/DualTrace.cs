namespace GlobalObjectives.Samples;

/// <summary>λ and a constraint's slack after one training iteration (see <see cref="ConstraintDual"/> for what each holds).</summary>
/// <param name="Step">The iteration, 1-based.</param>
/// <param name="Lambda">λ after the iteration (PR-AUC: the mean over the anchors).</param>
/// <param name="Slack">The slack on the iteration's last training batch, the full training set (PR-AUC: the mean over the anchors).</param>
/// <param name="Constraint">The constraint's position in declaration order (0 but for a several-constraint demo).</param>
internal sealed record DualTracePoint(int Step, double Lambda, double Slack, int Constraint = 0);

/// <summary>
/// Reads a global-objective loss's monitor after every iteration: keeps λ and the slack of each constraint for the trace
/// (one point per constraint and iteration, in declaration order), and every
/// <c>monitorEvery</c> iterations (and at the last) hands the monitor's line to the progress display.
/// </summary>
/// <param name="loss">The loss being trained.</param>
/// <param name="run">One of <see cref="Runs"/>.</param>
/// <param name="total">Iterations in all.</param>
/// <param name="monitorEvery">Iterations between monitor lines; 0 prints none.</param>
/// <param name="progress">Where the lines go.</param>
internal sealed class DualMonitorLog(MonitoredLoss loss, string run, int total, int monitorEvery, ITrainingProgress progress)
{
    private readonly List<DualTracePoint> _trace = new(total);

    /// <summary>One point per constraint and iteration so far.</summary>
    public IReadOnlyList<DualTracePoint> Trace => _trace;

    /// <summary>Records iteration <paramref name="step"/> (1-based), after its updates.</summary>
    public void Record(int step)
    {
        bool print = monitorEvery > 0 && (step % monitorEvery == 0 || step == total);
        // Resetting at each printed line makes its "run" figures cover the iterations since the previous line.
        var reading = loss.Read(reset: print);
        for (int j = 0; j < reading.Constraints.Count; j++)
            _trace.Add(new DualTracePoint(step, reading.Constraints[j].Lambda, reading.Constraints[j].Slack, j));
        if (print) progress.Monitor(run, step, total, reading.Line);
    }
}
