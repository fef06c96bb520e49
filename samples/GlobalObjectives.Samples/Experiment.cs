using GlobalObjectives.Metrics;

namespace GlobalObjectives.Samples;

/// <summary>What to run.</summary>
/// <param name="Demo">The objective.</param>
/// <param name="Seed">Seeds the data (the model's start is fixed, as in the seed).</param>
/// <param name="Iterations">Training iterations (and the learning-rate decay steps) for each model.</param>
internal sealed record ExperimentSettings(Demo Demo, int Seed, int Iterations);

/// <summary>One trained model judged on the eval set.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="Eval">The demo's metric on the eval set.</param>
/// <param name="AveragePrecision">Average precision on the eval set.</param>
/// <param name="EvalCurve">The precision-recall curve on the eval set.</param>
internal sealed record ModelReport(TrainedModel Model, Evaluation Eval, double AveragePrecision, PrecisionRecallCurve EvalCurve);

/// <summary>Both runs of one experiment.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="EvalSet">The eval set (for the plot).</param>
/// <param name="CrossEntropy">The baseline.</param>
/// <param name="GlobalObjective">The generated global-objective loss.</param>
internal sealed record ExperimentResult(ExperimentSettings Settings, DataSet EvalSet, ModelReport CrossEntropy, ModelReport GlobalObjective);

/// <summary>The seed's experiment: same data, same model and schedule, two losses, judged on an independent eval set.</summary>
internal static class Experiment
{
    /// <summary>Draws the data, trains both models and evaluates them.</summary>
    public static ExperimentResult Run(ExperimentSettings settings, ITrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(progress);
        if (settings.Iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Iterations, "Iterations must be at least 1.");

        var (train, eval) = SyntheticData.Create(settings.Seed);
        var crossEntropy = Trainer.TrainCrossEntropy(train, settings.Demo, settings.Iterations, progress);
        var globalObjective = Trainer.TrainGlobalObjective(train, settings.Demo, settings.Iterations, progress);
        return new ExperimentResult(
            settings,
            eval,
            Report(crossEntropy, eval, settings.Demo),
            Report(globalObjective, eval, settings.Demo));
    }

    private static ModelReport Report(TrainedModel model, DataSet eval, Demo demo)
    {
        var scores = eval.Scores(model.Weights[0], model.Weights[1], model.Bias);
        return new ModelReport(
            model,
            demo.Evaluate(scores, eval.Labels),
            BinaryMetrics.AveragePrecision(scores, eval.Labels),
            BinaryMetrics.PrecisionRecallCurve(scores, eval.Labels));
    }
}
