using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives;

// The training monitor: one read of the statistics, λ, biases and the Fβ level.
public abstract partial class GlobalObjectiveLoss
{
    /// <summary>
    /// Reads the training statistics (last batch, running sums since the last reset, λ per label and constraint or
    /// anchor, biases, the Fβ level) in one transfer to the host. Generated objectives wrap it in a typed <c>ReadMonitor()</c>.
    /// </summary>
    /// <param name="reset">Whether to restart the running sums after reading.</param>
    /// <exception cref="InvalidOperationException">
    /// The objective has no duals and no Fβ objective (ROC-AUC), or its constraints were not (all) declared.
    /// </exception>
    public MonitorReading ReadMonitorState(bool reset = false)
    {
        bool declared = _state.HasDuals && ConstraintsDeclared();
        if (!declared && _state.FScoreBeta is null)
            throw new InvalidOperationException("This objective has no constraint to monitor (ROC-AUC has no Lagrange multipliers).");
        int anchors = Math.Max(_state.Anchors, 1);
        int lambdaColumns = _state.Anchors > 0 ? _state.Anchors : _state.ConstraintCount;
        double[] last, running, counters;
        double[]? lambdas = null, biases = null, fscoreCounts = null;
        bool lambdasAreSingle = _state.HasDuals && Lambdas!.dtype == ScalarType.Float32;
        using (torch.no_grad())
        {
            var parts = new List<Tensor>
            {
                RequireBuffer(BatchCountersName).to_type(ScalarType.Float64).reshape(-1),
                RequireBuffer(MonitorLastBatchName).to_type(ScalarType.Float64).reshape(-1),
                RequireBuffer(MonitorRunningName).to_type(ScalarType.Float64).reshape(-1),
            };
            if (_state.HasDuals)
            {
                var values = Lambdas!.detach().to_type(ScalarType.Float64).reshape(-1);
                parts.Add(Options.DualUpdate == DualUpdate.GradientReversal ? values.abs() : values);
            }
            if (_state.HasBiases) parts.Add(RequireParameter(BiasesName).detach().to_type(ScalarType.Float64).reshape(-1));
            if (_state.FScoreBeta is not null) parts.Add(RequireBuffer(FScoreCountsName).to_type(ScalarType.Float64).reshape(-1));
            var all = torch.cat(parts.Select(p => p.cpu()).ToList(), 0).data<double>().ToArray();
            int size = NumLabels * _statisticsColumns, at = 0;
            counters = all[at..(at += 2)];
            last = all[at..(at += size)];
            running = all[at..(at += size)];
            if (_state.HasDuals) lambdas = all[at..(at += NumLabels * lambdaColumns)];
            if (_state.HasBiases) biases = all[at..(at += NumLabels * anchors)];
            if (_state.FScoreBeta is not null) fscoreCounts = all[at..(at + NumLabels * 3)];
            if (reset) ResetMonitor();
        }

        var constraints = _constraints
            .Select(c => new MonitoredConstraint(c.Metric, c.Direction, c.FScoreBeta, Array.AsReadOnly((double[])c.Targets.Clone())))
            .ToArray();
        double[]? levels = _state.FScoreBeta is { } beta ? FScoreLevelsOf(fscoreCounts!, NumLabels, beta) : null;
        return new MonitorReading((long)counters[0], (long)counters[1], NumLabels, anchors, _state.Anchors > 0, last, running, _statisticsColumns,
            lambdas, biases, constraints, MaxLambda, levels, lambdasAreSingle);
    }

    /// <summary>Restarts the monitor's running sums (λ, priors, the Fβ level and the dual update are untouched).</summary>
    public void ResetMonitor()
    {
        if (!_state.HasMonitor) return;
        using var _ = torch.no_grad();
        RequireBuffer(MonitorRunningName).zero_();
        RequireBuffer(BatchCountersName)[1].zero_();
    }
}
