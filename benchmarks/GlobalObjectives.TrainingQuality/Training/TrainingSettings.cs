namespace GlobalObjectives.TrainingQuality.Training;

public enum ModelKind { Linear, Mlp }

public enum OptimizerKind { Adam, SgdMomentum }

/// <summary>How a run is trained: the benchmark's generated loss in one of its dual modes, or the cross-entropy baseline.</summary>
public enum Method
{
    /// <summary><c>BCEWithLogitsLoss</c>; its thresholds are chosen afterwards (on training data, and as an oracle on held-out data).</summary>
    CrossEntropy,

    /// <summary>The generated loss with default options (<see cref="DualUpdate.ProjectedAscent"/>).</summary>
    Default,

    /// <summary>The generated loss in the seed-compatible mode (<see cref="DualUpdate.GradientReversal"/>).</summary>
    SeedMode,
}

/// <summary>
/// The fixed training budget and hyper-parameters shared by every run: a user's plain setup, not tuned per method.
/// The model's parameters and the loss's parameters go into one optimizer (the library's contract).
/// </summary>
public sealed record TrainingSettings
{
    public int Steps { get; init; } = 2000;

    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// The batch of the ROC-AUC loss's runs. The seed's ROC-AUC loss builds every positive-negative pair of the batch
    /// ([B, B] per label): at 512 a run of 2,000 steps took over 7 minutes here, at 128 it costs 16 times less per step.
    /// Its cross-entropy baseline keeps the common batch, so it sees 4 times more examples (a handicap for the loss).
    /// </summary>
    public int RocAucBatchSize { get; init; } = 128;

    public double AdamLearningRate { get; init; } = 0.003;

    public double SgdLearningRate { get; init; } = 0.05;

    public double SgdMomentum { get; init; } = 0.9;

    public int HiddenUnits { get; init; } = 32;

    /// <summary>
    /// L2 weight decay on the model's parameters, both optimizers. 10⁻³ is a common default: it does not change the
    /// held-out AUCs of cross-entropy on the sets that do not overfit (within 0.003 in <c>--explore</c>), while 10⁻²
    /// cost diamonds_fair's MLP 0.04 of ROC-AUC; the MLP on ticdata and lending_club overfits with either.
    /// </summary>
    public double WeightDecay { get; init; } = 1e-3;

    /// <summary>η_λ of the default mode; null keeps the library's default (the benchmark measures defaults; set it only to compare).</summary>
    public double? DualLearningRate { get; init; }

    /// <summary>The default mode's warm-up in weighted positives; null keeps the library's default (to compare only).</summary>
    public double? DualWarmupPositives { get; init; }

    /// <summary>The default mode's initial λ; null keeps the library's default (to compare only).</summary>
    public double? InitialLambda { get; init; }

    /// <summary>Steps between two reads of the loss's training monitor (λ and slack traces).</summary>
    public int TraceEvery { get; init; } = 50;

    public string Describe() =>
        $"{Steps} steps, batch {BatchSize} (ROC-AUC loss {RocAucBatchSize}), Adam lr {AdamLearningRate}, SGD lr {SgdLearningRate} momentum {SgdMomentum}, " +
        $"weight decay {WeightDecay} on the model, MLP with one hidden layer of {HiddenUnits} ReLU units" +
        (DualLearningRate is double eta ? $", dual learning rate {eta} (not the default)" : "") +
        (DualWarmupPositives is double warmup ? $", dual warm-up {warmup} positives (not the default)" : "") +
        (InitialLambda is double lambda ? $", initial λ {lambda} (not the default)" : "");
}
