using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlobalObjectives.Samples;

/// <summary>Receives training progress (a Spectre.Console progress bar, or plain lines when output is redirected).</summary>
internal interface ITrainingProgress
{
    /// <summary>Called after every iteration.</summary>
    /// <param name="run">"cross-entropy" or "global objective".</param>
    /// <param name="step">Iterations done, 1-based.</param>
    /// <param name="total">Iterations in all.</param>
    /// <param name="loss">The training loss of the step.</param>
    /// <param name="trainMetric">The demo's metric on the training set at checkpoints (every total/6 steps and the last); NaN otherwise.</param>
    void Report(string run, int step, int total, double loss, double trainMetric);
}

/// <summary>A trained linear model and how training went.</summary>
/// <param name="Weights">w, [2].</param>
/// <param name="Bias">b.</param>
/// <param name="TrainSeconds">Wall-clock time of the training loop.</param>
/// <param name="FinalLoss">The last step's training loss.</param>
/// <param name="Lambdas">The final Lagrange multipliers λ = |v| of a global objective (one, or one per anchor); null for cross-entropy.</param>
internal sealed record TrainedModel(double[] Weights, double Bias, double TrainSeconds, double FinalLoss, double[]? Lambdas);

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
            progress.Report(Runs.CrossEntropy, t + 1, iterations, lastLoss, Checkpoint(t, iterations, train, demo, model));
        }
        clock.Stop();
        return new TrainedModel(model.Weights, model.Bias, clock.Elapsed.TotalSeconds, lastLoss, null);
    }

    /// <summary>
    /// The global objective, with the seed's alternating steps (<c>USE_GO_SADDLE_POINT_OPT = False</c>): each
    /// iteration first takes a primal gradient step on the model (and on PR-AUC's per-anchor biases), then a dual
    /// step on the loss's Lagrange multipliers, both at lr(t). The multipliers' gradient is reversed and scaled by
    /// the dual rate factor inside the loss, so the dual step is an ascent on λ. Both passes update the streaming
    /// label priors (the module is in training mode); the seed updated them a third time when it fetched its other
    /// outputs for logging. The priors are cumulative over the same full batch, so they equal 550/3650 up to the
    /// pseudocounts either way.
    /// </summary>
    public static TrainedModel TrainGlobalObjective(DataSet train, Demo demo, int iterations, ITrainingProgress progress)
    {
        using var data = new TensorData(train);
        using var model = new LinearModel();
        // The seed's run, exactly: λ = |v| trained by reversed gradients in its own SGD step.
        using var loss = demo.CreateLoss(new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, DualRateFactor = demo.DualRateFactor });
        var lambdas = (loss.Lambdas as Parameter) ?? throw new InvalidOperationException($"The {demo.Name} objective has no Lagrange multipliers.");
        var primalParameters = new List<Parameter>(model.Parameters);
        if (loss.Biases is { } biases) primalParameters.Add(biases);
        using var primal = optim.SGD(primalParameters, learningRate: 1.0);
        using var dual = optim.SGD([lambdas], learningRate: 1.0);

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
            progress.Report(Runs.GlobalObjective, t + 1, iterations, lastLoss, Checkpoint(t, iterations, train, demo, model));
        }
        clock.Stop();

        double[] finalLambdas;
        using (no_grad())
            finalLambdas = lambdas.detach().abs().reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
        return new TrainedModel(model.Weights, model.Bias, clock.Elapsed.TotalSeconds, lastLoss, finalLambdas);
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

    /// <summary>The training set as float32 tensors: features [N, 2], labels [N, 1].</summary>
    private sealed class TensorData : IDisposable
    {
        public TensorData(DataSet data)
        {
            Features = tensor(data.Features.Select(v => (float)v).ToArray(), [data.Count, 2]);
            Labels = tensor(data.Labels.Select(v => (float)v).ToArray(), [data.Count, 1]);
        }

        public Tensor Features { get; }

        public Tensor Labels { get; }

        public void Dispose()
        {
            Features.Dispose();
            Labels.Dispose();
        }
    }

    /// <summary>logits = X·w + b with the seed's initial values.</summary>
    private sealed class LinearModel : IDisposable
    {
        private readonly Parameter _w = new(tensor(new float[] { -1f, -1f }, [2, 1]));
        private readonly Parameter _b = new(zeros(1));

        public IReadOnlyList<Parameter> Parameters => [_w, _b];

        public double[] Weights
        {
            get
            {
                using var _ = no_grad();
                return _w.detach().reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray();
            }
        }

        public double Bias
        {
            get
            {
                using var _ = no_grad();
                return _b.detach().to_type(ScalarType.Float64).item<double>();
            }
        }

        public Tensor Forward(Tensor features) => features.mm(_w) + _b;

        public void Dispose()
        {
            _w.Dispose();
            _b.Dispose();
        }
    }
}

/// <summary>The names of the two training runs.</summary>
internal static class Runs
{
    public const string CrossEntropy = "cross-entropy";
    public const string GlobalObjective = "global objective";
}
