using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlobalObjectives.EndToEnd.Tests;

/// <summary>Every generated family trains: forward, backward, an optimizer step, state, persistence and dtypes.</summary>
public sealed class TrainingTests
{
    private const int BatchSize = 16;
    private const int NumLabels = 2;

    /// <summary>Deterministic labels with positives and negatives in every column.</summary>
    private static Tensor Labels(ScalarType dtype = ScalarType.Float32)
    {
        var values = new float[BatchSize * NumLabels];
        for (int i = 0; i < BatchSize; i++)
            for (int l = 0; l < NumLabels; l++)
                values[i * NumLabels + l] = (i + l) % 3 == 0 ? 1f : 0f;
        return torch.tensor(values, [BatchSize, NumLabels]).to_type(dtype);
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void ForwardBackwardAndSgdStepUpdateModelAndDuals(string name)
    {
        var family = Families.All[name];
        torch.manual_seed(17);
        var loss = family.Create(NumLabels, null);
        var logits = new Parameter(torch.randn(BatchSize, NumLabels));
        var before = Snapshot(loss);
        var logitsBefore = logits.detach().clone();
        var optimizer = torch.optim.SGD(new[] { logits }.Concat(loss.parameters()), 0.5);

        using (torch.NewDisposeScope())
        {
            var value = loss.call(logits, Labels());
            Assert.Equal(0, value.dim());
            Assert.True(double.IsFinite(value.item<float>()), $"{name}: loss {value.item<float>()}");
            value.backward();
        }

        Assert.NotNull(logits.grad);
        Assert.True(logits.grad!.isfinite().all().item<bool>());
        Assert.True(logits.grad.abs().sum().item<float>() > 0, $"{name}: zero gradient on the logits");
        // Projected ascent (the default): λ is a buffer that the loss moved itself; no gradient reaches it.
        if (family.HasDuals) Assert.Null(loss.Lambdas!.grad);

        optimizer.step();

        Assert.False(logits.detach().allclose(logitsBefore), $"{name}: the logits did not move");
        if (family.HasDuals)
            Assert.False(loss.Lambdas!.detach().allclose(before["lambdas"]), $"{name}: the duals did not move");
        if (family.HasBiases)
            Assert.False(loss.Biases!.detach().allclose(before["biases"]), $"{name}: the biases did not move");
    }

    [Fact]
    public void AdamTrainsALinearModelWithEveryFamily()
    {
        foreach (var family in Families.All.Values)
        {
            torch.manual_seed(3);
            var model = nn.Linear(4, NumLabels);
            var loss = family.Create(NumLabels, null);
            var features = torch.randn(BatchSize, 4);
            var labels = Labels();
            var optimizer = torch.optim.Adam(model.parameters().Concat(loss.parameters()), 0.05);
            var dualsBefore = loss.Lambdas?.detach().clone();
            for (int step = 0; step < 3; step++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var value = loss.call(model.call(features), labels);
                Assert.True(double.IsFinite(value.item<float>()), $"{family.Name}, step {step}");
                value.backward();
                Assert.NotNull(model.weight!.grad);
                optimizer.step();
            }
            if (dualsBefore is not null)
                Assert.False(loss.Lambdas!.detach().allclose(dualsBefore), $"{family.Name}: the duals did not move");
        }
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void StateDictKeysAreExactlyTheDeclaredState(string name)
    {
        var family = Families.All[name];
        var loss = family.Create(NumLabels, null);
        Assert.Equal(family.StateKeys.Order(), loss.state_dict().Keys.Order());
        // Projected ascent (the default): λ is a buffer the loss updates; only PR-AUC's biases are parameters.
        Assert.Equal(family.StateKeys.Where(k => k is "biases").Order(), loss.named_parameters().Select(p => p.name).Order());

        // Module conversion reflects over fields: a Tensor-typed field would show up as a new buffer here.
        loss.to(ScalarType.Float64);
        Assert.Equal(family.StateKeys.Order(), loss.state_dict().Keys.Order());
        using var scope = torch.NewDisposeScope();
        Assert.True(double.IsFinite(loss.call(torch.randn(BatchSize, NumLabels), Labels()).item<float>()));
    }

    [Fact]
    public void GivenPriorsRemoveThePriorBuffers()
    {
        var loss = new RecallAtPrecision80(NumLabels, new ObjectiveOptions { LabelPriors = torch.tensor(new[] { 0.3, 0.4 }) });
        Assert.Equal(["lambdas", .. GlobalObjectiveLoss.DualStateNames], loss.state_dict().Keys);
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void SaveAndLoadRoundTripGivesIdenticalOutputs(string name)
    {
        var family = Families.All[name];
        torch.manual_seed(5);
        var trained = family.Create(NumLabels, null);
        var logits = new Parameter(torch.randn(BatchSize, NumLabels));
        var optimizer = torch.optim.SGD(new[] { logits }.Concat(trained.parameters()), 0.3);
        for (int step = 0; step < 2; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            trained.call(logits, Labels()).backward();
            optimizer.step();
        }

        var stream = new MemoryStream();
        trained.save(stream);
        var restored = family.Create(NumLabels, null);
        if (family.HasDuals)
            Assert.False(Identical(trained.Lambdas!.detach(), restored.Lambdas!.detach()), $"{name}: training did not change the state, the round trip proves nothing");
        restored.load(new MemoryStream(stream.ToArray()));
        trained.eval();
        restored.eval();

        var input = logits.detach();
        var expected = trained.Compute(input, Labels());
        var actual = restored.Compute(input, Labels());
        Assert.True(Identical(expected.Loss, actual.Loss), $"{name}: losses differ after load");
        if (family.HasDuals) Assert.True(Identical(expected.Lambdas!, actual.Lambdas!));
        if (family.HasBiases) Assert.True(Identical(expected.Biases!, actual.Biases!));
        foreach (var (key, value) in trained.state_dict())
            Assert.True(Identical(value, restored.state_dict()[key]), $"{name}: state '{key}' differs");
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void Float64LogitsGiveAFloat64LossAndGradient(string name)
    {
        var family = Families.All[name];
        torch.manual_seed(9);
        var loss = family.Create(NumLabels, null);
        var logits = torch.randn(BatchSize, NumLabels, dtype: ScalarType.Float64).requires_grad_();

        var output = loss.Compute(logits, Labels(ScalarType.Float32));
        Assert.Equal(ScalarType.Float64, output.Loss.dtype);
        Assert.Equal(new long[] { BatchSize, NumLabels }, output.Loss.shape);
        output.Loss.sum().backward();
        Assert.Equal(ScalarType.Float64, logits.grad!.dtype);
        Assert.Equal(ScalarType.Float64, loss.call(logits.detach(), Labels()).dtype);
    }

    [Theory]
    [MemberData(nameof(Families.Names), MemberType = typeof(Families))]
    public void OneDimensionalInputGivesOneDimensionalLoss(string name)
    {
        var loss = Families.All[name].Create(1, null);
        torch.manual_seed(2);
        var output = loss.Compute(torch.randn(BatchSize), Labels()[.., 0]);
        Assert.Equal(new long[] { BatchSize }, output.Loss.shape);
    }

    /// <summary>Exact equality of shape and values (Tensor.equal is element-wise in TorchSharp).</summary>
    private static bool Identical(Tensor a, Tensor b)
        => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.allclose(b, rtol: 0, atol: 0);

    private static Dictionary<string, Tensor> Snapshot(GlobalObjectiveLoss loss)
        => loss.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
}
