using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.TrainingQuality.Training;

internal static class Models
{
    /// <summary>A fresh model with weights drawn from <paramref name="seed"/>: the same seed gives the same start for every method.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelKind kind, int features, int hiddenUnits, int seed)
    {
        // Module initializers draw from the process-wide generator: seed it right before building.
        torch.manual_seed(seed);
        return kind switch
        {
            ModelKind.Linear => nn.Sequential(("linear", nn.Linear(features, 1))),
            ModelKind.Mlp => nn.Sequential(
                ("hidden", nn.Linear(features, hiddenUnits)),
                ("relu", nn.ReLU()),
                ("output", nn.Linear(hiddenUnits, 1))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Linear or Mlp."),
        };
    }

    /// <summary>
    /// One optimizer over the model's and the loss's parameters (the library's contract). Weight decay regularizes the
    /// model only: the loss's parameters (PR-AUC biases, seed-mode multipliers) are not weights to shrink.
    /// </summary>
    public static optim.Optimizer CreateOptimizer(OptimizerKind kind, IEnumerable<TorchSharp.Modules.Parameter> modelParameters,
                                                  IEnumerable<TorchSharp.Modules.Parameter> lossParameters, TrainingSettings settings)
    {
        switch (kind)
        {
            case OptimizerKind.Adam:
                return optim.Adam(
                [
                    new TorchSharp.Modules.Adam.ParamGroup(modelParameters, lr: settings.AdamLearningRate, weight_decay: settings.WeightDecay),
                    new TorchSharp.Modules.Adam.ParamGroup(lossParameters, lr: settings.AdamLearningRate),
                ], settings.AdamLearningRate);
            case OptimizerKind.SgdMomentum:
                return optim.SGD(
                [
                    new TorchSharp.Modules.SGD.ParamGroup(modelParameters, lr: settings.SgdLearningRate, momentum: settings.SgdMomentum,
                                                          weight_decay: settings.WeightDecay),
                    new TorchSharp.Modules.SGD.ParamGroup(lossParameters, lr: settings.SgdLearningRate, momentum: settings.SgdMomentum),
                ], settings.SgdLearningRate);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Adam or SgdMomentum.");
        }
    }
}
