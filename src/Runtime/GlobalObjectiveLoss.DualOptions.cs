using static GlobalObjectives.MessageText;

namespace GlobalObjectives;

// Validation of the dual-update options (and the Fβ level's smoothing), before any state is registered.
public abstract partial class GlobalObjectiveLoss
{
    private static void ValidateDualOptions(ObjectiveOptions options, ObjectiveState state)
    {
        if (options.FScoreLevelSmoothing is { } smoothing)
        {
            if (state.FScoreBeta is null)
                throw new ArgumentException(
                    "ObjectiveOptions.FScoreLevelSmoothing applies only to objectives that maximize FScore; this objective has no Fβ level.", nameof(options));
            if (!(smoothing > 0 && smoothing <= 1))
                throw new ArgumentOutOfRangeException(nameof(options), smoothing,
                    $"ObjectiveOptions.FScoreLevelSmoothing = {Number(smoothing)}; expected a weight in (0, 1] (default {Number(DualDefaults.FScoreLevelSmoothing)}).");
        }
        if (options.DualUpdate is not (DualUpdate.ProjectedAscent or DualUpdate.GradientReversal))
            throw new ArgumentOutOfRangeException(nameof(options), options.DualUpdate,
                $"ObjectiveOptions.DualUpdate = {(int)options.DualUpdate} is not a defined value; expected DualUpdate.ProjectedAscent or DualUpdate.GradientReversal.");
        if (options.DualSignal is { } signal && signal is not (DualSignal.Indicator or DualSignal.Surrogate))
            throw new ArgumentOutOfRangeException(nameof(options), signal,
                $"ObjectiveOptions.DualSignal = {(int)signal} is not a defined value; expected DualSignal.Indicator or DualSignal.Surrogate.");
        if (!double.IsFinite(options.LambdasInitialValue))
            throw new ArgumentOutOfRangeException(nameof(options), options.LambdasInitialValue,
                $"ObjectiveOptions.LambdasInitialValue = {Number(options.LambdasInitialValue)}; expected a finite value (default 1).");
        CheckPositive(options.DualRateFactor, "DualRateFactor", "a positive, finite rate (default 0.1)");
        CheckPositive(options.DualLearningRate, "DualLearningRate", $"a positive, finite step (default {Number(DualDefaults.LearningRate)})");
        CheckPositive(options.MaxLambda, "MaxLambda", $"a positive, finite bound (default {Number(DualDefaults.MaxLambda)})");
        if (options.DualWarmupSteps is < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.DualWarmupSteps,
                $"ObjectiveOptions.DualWarmupSteps = {options.DualWarmupSteps}; expected 0 or more batches (default {DualDefaults.WarmupSteps}).");
        if (options.DualWarmupPositives is { } positives && !(positives >= 0 && double.IsFinite(positives)))
            throw new ArgumentOutOfRangeException(nameof(options), positives,
                $"ObjectiveOptions.DualWarmupPositives = {Number(positives)}; expected a finite count, 0 or more (default {Number(DualDefaults.WarmupPositives)}).");

        var set = new List<string>();
        if (options.DualSignal is not null) set.Add("DualSignal");
        if (options.DualLearningRate is not null) set.Add("DualLearningRate");
        if (options.MaxLambda is not null) set.Add("MaxLambda");
        if (options.DualWarmupSteps is not null) set.Add("DualWarmupSteps");
        if (options.DualWarmupPositives is not null) set.Add("DualWarmupPositives");
        if (!state.HasDuals)
        {
            if (options.DualRateFactor is not null) set.Add("DualRateFactor");
            if (state.FScoreBeta is not null)
            {
                if (set.Count > 0)
                    throw new ArgumentException(
                        $"ObjectiveOptions.{set[0]} does not apply: this Fβ objective declares no constraint, so it has no Lagrange multipliers.", nameof(options));
                return;
            }
            if (options.ReduceStatistics is not null) set.Add("ReduceStatistics");
            if (set.Count > 0)
                throw new ArgumentException(
                    $"ObjectiveOptions.{set[0]} does not apply: this objective has no Lagrange multipliers or label priors (ROC-AUC).", nameof(options));
            return;
        }
        if (options.DualUpdate == DualUpdate.GradientReversal)
        {
            if (set.Count > 0)
                throw new ArgumentException(
                    $"ObjectiveOptions.{set[0]} applies only to DualUpdate.ProjectedAscent; with DualUpdate.GradientReversal the optimizer moves λ (tune DualRateFactor instead).", nameof(options));
            return;
        }
        if (options.DualRateFactor is not null)
            throw new ArgumentException(
                "ObjectiveOptions.DualRateFactor applies only to DualUpdate.GradientReversal; with DualUpdate.ProjectedAscent (the default) the loss moves λ by DualLearningRate.", nameof(options));
        double maxLambda = options.MaxLambda ?? DualDefaults.MaxLambda;
        if (options.LambdasInitialValue < 0 || options.LambdasInitialValue > maxLambda)
            throw new ArgumentOutOfRangeException(nameof(options), options.LambdasInitialValue,
                $"ObjectiveOptions.LambdasInitialValue = {Number(options.LambdasInitialValue)}; with projected ascent λ starts inside [0, MaxLambda = {Number(maxLambda)}].");
    }

    private static void CheckPositive(double? value, string name, string expected)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
            throw new ArgumentOutOfRangeException("options", v, $"ObjectiveOptions.{name} = {Number(v)}; expected {expected}.");
    }
}
