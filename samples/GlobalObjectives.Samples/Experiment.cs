using GlobalObjectives.Metrics;

namespace GlobalObjectives.Samples;

/// <summary>What to run.</summary>
/// <param name="Demo">The objective.</param>
/// <param name="Seed">Seeds the data (the model's start is fixed, as in the seed).</param>
/// <param name="Iterations">Training iterations (and the learning-rate decay steps) for each model.</param>
/// <param name="MonitorEvery">Iterations between the global-objective losses' monitor lines; 0 prints none.</param>
internal sealed record ExperimentSettings(Demo Demo, int Seed, int Iterations, int MonitorEvery = SampleOptions.DefaultMonitorEvery);

/// <summary>One trained model judged on the eval set.</summary>
/// <param name="Run">One of <see cref="Runs"/>.</param>
/// <param name="Model">The trained model.</param>
/// <param name="Eval">The demo's metric on the eval set.</param>
/// <param name="AveragePrecision">Average precision on the eval set.</param>
/// <param name="EvalCurve">The precision-recall curve on the eval set.</param>
/// <param name="EvalAtLogitZero">The confusion counts of predicting logit ≥ 0 on the eval set: the model's own decision.</param>
/// <param name="EvalAtThreshold">The confusion counts at <see cref="Evaluation.Threshold"/> on the eval set; null when the metric has no threshold.</param>
internal sealed record ModelReport(string Run, TrainedModel Model, Evaluation Eval, double AveragePrecision, PrecisionRecallCurve EvalCurve,
    ConfusionCounts EvalAtLogitZero, ConfusionCounts? EvalAtThreshold);

/// <summary>The three runs of one experiment.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="EvalSet">The eval set (for the plot).</param>
/// <param name="CrossEntropy">The baseline.</param>
/// <param name="SeedExact">The generated loss trained as the seed does (<see cref="DualUpdate.GradientReversal"/>).</param>
/// <param name="Default">The generated loss with its default options (<see cref="DualUpdate.ProjectedAscent"/>).</param>
internal sealed record ExperimentResult(ExperimentSettings Settings, DataSet EvalSet, ModelReport CrossEntropy, ModelReport SeedExact, ModelReport Default)
{
    /// <summary>The runs in display order.</summary>
    public IReadOnlyList<ModelReport> Models => [CrossEntropy, SeedExact, Default];

    /// <summary>The two global-objective runs.</summary>
    public IReadOnlyList<ModelReport> GlobalObjectives => [SeedExact, Default];
}

/// <summary>
/// The seed's experiment: same data, same model and schedule, judged on an independent eval set; cross-entropy, the
/// generated loss trained exactly as the seed does, and the generated loss with the library's default dual update.
/// </summary>
internal static class Experiment
{
    /// <summary>Draws the data, trains the three models and evaluates them.</summary>
    public static ExperimentResult Run(ExperimentSettings settings, ITrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        if (settings.Iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Iterations, "Iterations must be at least 1.");
        if (settings.MonitorEvery < 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MonitorEvery, "MonitorEvery must be 0 (off) or positive.");

        var (train, eval) = SyntheticData.Create(settings.Seed);
        var demo = settings.Demo;
        var crossEntropy = Trainer.TrainCrossEntropy(train, demo, settings.Iterations, progress);
        var seedExact = Trainer.TrainSeedExact(train, demo, settings.Iterations, settings.MonitorEvery, progress);
        var byDefault = Trainer.TrainDefault(train, demo, settings.Iterations, settings.MonitorEvery, progress);
        return new ExperimentResult(
            settings,
            eval,
            Report(Runs.CrossEntropy, crossEntropy, eval, demo),
            Report(Runs.SeedExact, seedExact, eval, demo),
            Report(Runs.Default, byDefault, eval, demo));
    }

    private static ModelReport Report(string run, TrainedModel model, DataSet eval, Demo demo)
    {
        var scores = eval.Scores(model.Weights[0], model.Weights[1], model.Bias);
        var evaluation = demo.Evaluate(scores, eval.Labels);
        return new ModelReport(
            run,
            model,
            evaluation,
            BinaryMetrics.AveragePrecision(scores, eval.Labels),
            BinaryMetrics.PrecisionRecallCurve(scores, eval.Labels),
            BinaryMetrics.CountsAt(scores, eval.Labels, 0.0),
            double.IsNaN(evaluation.Threshold) ? null : BinaryMetrics.CountsAt(scores, eval.Labels, evaluation.Threshold));
    }
}
