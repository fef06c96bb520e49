using static TorchSharp.torch;

namespace GlobalObjectives.Parity.Tests;

/// <summary>One generated loss per family and surrogate, for the checks that must hold for every family.</summary>
internal static class Families
{
    private static readonly Dictionary<string, Func<int, ObjectiveOptions?, GlobalObjectiveLoss>> Factories = new()
    {
        ["RecallAtPrecision"] = (l, o) => new RecallAtPrecision04(l, o),
        ["RecallAtPrecisionHinge"] = (l, o) => new RecallAtPrecision07Hinge(l, o),
        ["PrecisionAtRecall"] = (l, o) => new PrecisionAtRecall04(l, o),
        ["PrecisionAtRecallHinge"] = (l, o) => new PrecisionAtRecall07Hinge(l, o),
        ["FprAtTpr"] = (l, o) => new FprAtTpr046(l, o),
        ["FprAtTprHinge"] = (l, o) => new FprAtTpr036Hinge(l, o),
        ["TprAtFpr"] = (l, o) => new TprAtFpr076(l, o),
        ["TprAtFprHinge"] = (l, o) => new TprAtFpr036Hinge(l, o),
        ["PrAuc"] = (l, o) => new PrAucThreeAnchors(l, o),
        ["PrAucHinge"] = (l, o) => new PrAuc01Hinge(l, o),
        ["RocAuc"] = (l, o) => new RocAucLoss(l, o),
        ["RocAucHinge"] = (l, o) => new RocAucHingeLoss(l, o),
    };

    /// <summary>The names of every family, both surrogates.</summary>
    public static IReadOnlyList<string> Names => Factories.Keys.ToList();

    /// <summary>Every family, both surrogates.</summary>
    public static TheoryData<string> All() => Data(_ => true);

    /// <summary>The families with module state (duals, biases, streaming priors): all but ROC-AUC.</summary>
    public static TheoryData<string> WithState() => Data(name => !name.StartsWith("RocAuc", StringComparison.Ordinal));

    /// <summary>The seed's behaviour: every parity test runs in <see cref="DualUpdate.GradientReversal"/> mode.</summary>
    public static ObjectiveOptions Seed { get; } = new() { DualUpdate = DualUpdate.GradientReversal };

    public static GlobalObjectiveLoss Create(string name, int numLabels = 2, ObjectiveOptions? options = null)
        => Factories[name](numLabels, options ?? Seed);

    private static TheoryData<string> Data(Func<string, bool> keep)
    {
        var data = new TheoryData<string>();
        foreach (var name in Factories.Keys.Where(keep)) data.Add(name);
        return data;
    }

    /// <summary>Writes <paramref name="values"/> into a parameter in place (no_grad), e.g. to set λ or the biases.</summary>
    public static void Assign(Tensor parameter, Tensor values)
    {
        using var _ = TorchSharp.torch.no_grad();
        parameter.copy_(values.to_type(parameter.dtype).reshape(parameter.shape));
    }
}
