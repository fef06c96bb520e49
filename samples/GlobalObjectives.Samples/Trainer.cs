using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlobalObjectives.Samples;

/// <summary>A trained linear model and how training went.</summary>
/// <param name="Weights">w, [2].</param>
/// <param name="Bias">b.</param>
/// <param name="TrainSeconds">Wall-clock time of the training loop.</param>
/// <param name="FinalLoss">The last step's training loss.</param>
/// <param name="Lambdas">The final Lagrange multipliers λ of a global objective (one, or one per anchor); null for cross-entropy.</param>
/// <param name="DualTrace">λ and the constraint's slack after every iteration of a global objective; null for cross-entropy.</param>
internal sealed record TrainedModel(double[] Weights, double Bias, double TrainSeconds, double FinalLoss, double[]? Lambdas,
    IReadOnlyList<DualTracePoint>? DualTrace = null);

/// <summary>
/// The seed example's training (seed spec §9): a linear model logits = X·w + b with w = [−1, −1]ᵀ and b = 0,
/// full-batch gradient descent with lr(t) = (1 − 1/T)(1 − min(t, T)/T) + 1/T (TF's polynomial_decay from 1.0
/// to 1/T over T = the iteration count), float32 like the seed.
/// </summary>
internal static class Trainer
{
    /// <summary>The seed's learning rate at step <paramref name="step"/> (0-based) of <paramref name="decaySteps"/>.</summary>
    public static double LearningRate(int step, int decaySteps)
    {
        double end = 1.0 / decaySteps;
        return (1.0 - end) * (1.0 - Math.Min(step, decaySteps) / (double)decaySteps) + end;
    }

    /// <summary>The baseline: mean sigmoid cross-entropy, one gradient step per iteration.</summary>
    public static TrainedModel TrainCrossEntropy(DataSet train, Demo demo, int iterations, ITrainingProgress progress)
    {
        using var data = new TensorData(train);
        using var model = new LinearModel();
        using var optimizer = optim.SGD(model.Parameters, learningRate: 1.0);
        var clock = Stopwatch.StartNew();
        double lastLoss = double.NaN;
        for (int t = 0; t < iterations; t++)
        {
            using var scope = NewDisposeScope();
            SetLearningRate(optimizer, LearningRate(t, iterations));
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(model.Forward(data.Features), data.Labels);
            loss.backward();
            optimizer.step();
            lastLoss = loss.item<float>();
            progress.Report(new TrainingStep(Runs.CrossEntropy, t + 1, iterations, lastLoss, Checkpoint(t, iterations, train, demo, model), clock.Elapsed));
        }
        clock.Stop();
        return new TrainedModel(model.Weights, model.Bias, clock.Elapsed.TotalSeconds, lastLoss, null);
    }

    /// <summary>
    /// The global objective as the seed trains it (<see cref="DualUpdate.GradientReversal"/>, alternating steps,
    /// <c>USE_GO_SADDLE_POINT_OPT = False</c>): each iteration first takes a primal gradient step on the model (and on
    /// PR-AUC's per-anchor biases), then a dual step on the loss's Lagrange multipliers, both at lr(t). The multipliers'
    /// gradient is reversed and scaled by the dual rate factor inside the loss, so the dual step is an ascent on λ. Both
    /// passes update the streaming label priors (the module is in training mode); the seed updated them a third time when
    /// it fetched its other outputs for logging. The priors are cumulative over the same full batch, so they equal
    /// 550/3650 up to the pseudocounts either way.
    /// </summary>
    public static TrainedModel TrainSeedExact(DataSet train, Demo demo, int iterations, int monitorEvery, ITrainingProgress progress)
    {
        using var data = new TensorData(train);
        using var model = new LinearModel();
        // The seed's run, exactly: λ = |v| trained by reversed gradients in its own SGD step.
        using var monitored = demo.CreateLoss(new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, DualRateFactor = demo.DualRateFactor });
        var loss = monitored.Loss;
        var lambdas = (loss.Lambdas as Parameter) ?? throw new InvalidOperationException($"The {demo.Name} objective has no Lagrange multipliers.");
        var primalParameters = new List<Parameter>(model.Parameters);
        if (loss.Biases is { } biases) primalParameters.Add(biases);
        using var primal = optim.SGD(primalParameters, learningRate: 1.0);
        using var dual = optim.SGD([lambdas], learningRate: 1.0);
        var log = new DualMonitorLog(monitored, Runs.SeedExact, iterations, monitorEvery, progress);

        var clock = Stopwatch.StartNew();
        double lastLoss = double.NaN;
        for (int t = 0; t < iterations; t++)
        {
            using var scope = NewDisposeScope();
            double lr = LearningRate(t, iterations);
            SetLearningRate(primal, lr);
            SetLearningRate(dual, lr);

            primal.zero_grad();
            dual.zero_grad();
            loss.call(model.Forward(data.Features), data.Labels).backward();
            primal.step();

            primal.zero_grad();
            dual.zero_grad();
            var dualLoss = loss.call(model.Forward(data.Features), data.Labels);
            dualLoss.backward();
            dual.step();

            lastLoss = dualLoss.item<float>();
            progress.Report(new TrainingStep(Runs.SeedExact, t + 1, iterations, lastLoss, Checkpoint(t, iterations, train, demo, model), clock.Elapsed));
            log.Record(t + 1);
        }
        clock.Stop();
        return new TrainedModel(model.Weights, model.Bias, clock.Elapsed.TotalSeconds, lastLoss, FinalLambdas(loss), log.Trace);
    }

    /// <summary>
    /// The global objective as the library is used by default (<see cref="DualUpdate.ProjectedAscent"/>, default
    /// options): one call and one optimizer step per iteration, on the same model, data and learning-rate schedule as
    /// the other runs. The optimizer holds the model's parameters and <c>loss.parameters()</c> (PR-AUC's biases);
    /// λ is a buffer the loss moves itself in every training call, λ ← clip(λ + η_λ·g, 0, λ_max).
    /// </summary>
    public static TrainedModel TrainDefault(DataSet train, Demo demo, int iterations, int monitorEvery, ITrainingProgress progress)
    {
        using var data = new TensorData(train);
        using var model = new LinearModel();
        using var monitored = demo.CreateLoss(new ObjectiveOptions());
        var loss = monitored.Loss;
        using var optimizer = optim.SGD(model.Parameters.Concat(loss.parameters()), learningRate: 1.0);
        var log = new DualMonitorLog(monitored, Runs.Default, iterations, monitorEvery, progress);

        var clock = Stopwatch.StartNew();
        double lastLoss = double.NaN;
        for (int t = 0; t < iterations; t++)
        {
            using var scope = NewDisposeScope();
            SetLearningRate(optimizer, LearningRate(t, iterations));
            optimizer.zero_grad();
            var value = loss.call(model.Forward(data.Features), data.Labels);
            value.backward();
            optimizer.step();

            lastLoss = value.item<float>();
            progress.Report(new TrainingStep(Runs.Default, t + 1, iterations, lastLoss, Checkpoint(t, iterations, train, demo, model), clock.Elapsed));
            log.Record(t + 1);
        }
        clock.Stop();
        return new TrainedModel(model.Weights, model.Bias, clock.Elapsed.TotalSeconds, lastLoss, FinalLambdas(loss), log.Trace);
    }

    /// <summary>λ as the Lagrangian uses it: the buffer itself (projected ascent), or |v| (gradient reversal).</summary>
    private static double[] FinalLambdas(GlobalObjectiveLoss loss)
    {
        using var _ = no_grad();
        var lambdas = loss.Lambdas ?? throw new InvalidOperationException("This objective has no Lagrange multipliers.");
        var used = loss.Options.DualUpdate == DualUpdate.GradientReversal ? lambdas.detach().abs() : lambdas.detach();
        return used.reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    private static double Checkpoint(int step, int iterations, DataSet train, Demo demo, LinearModel model)
    {
        int every = Math.Max(1, iterations / 6);
        if ((step + 1) % every != 0 && step + 1 != iterations) return double.NaN;
        var weights = model.Weights;
        return demo.Evaluate(train.Scores(weights[0], weights[1], model.Bias), train.Labels).Metric;
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }
}
