using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// Not in the seed: every family's analytic gradient against central finite differences in float64, for the logits
/// and for every parameter. The trainable duals' gradient is reversed and scaled: v.grad = −r·∂f/∂v.
/// </summary>
public class GradientCheckTests
{
    private const double Step = 1e-6;

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Families.Names)
        {
            data.Add(name, true);
            if (!name.StartsWith("RocAuc", StringComparison.Ordinal)) data.Add(name, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesFiniteDifferences(string family, bool trainableDuals)
    {
        const double rate = 0.3;
        var loss = Families.Create(family, 2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, TrainableDuals = trainableDuals, DualRateFactor = family.StartsWith("RocAuc", StringComparison.Ordinal) ? null : rate });
        loss.to(ScalarType.Float64);
        var labels = torch.tensor(new double[] { 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0 }, new long[] { 7, 2 });
        var weights = (Rand(121, 7, 1) + 0.5).to_type(ScalarType.Float64);
        var logits = (Randn(122, 7, 2) * 1.5).to_type(ScalarType.Float64);

        // One training call moves the streaming priors off their initial value; eval() then freezes them, so f is a fixed function.
        loss.Compute(logits, labels, weights);
        loss.eval();
        if (loss.Lambdas is { } lambdas)
        {
            // Magnitudes away from 0 with mixed signs: |v| is used, and sign(v) must reach the gradient.
            var magnitude = Rand(123, lambdas.shape) + 0.3;
            var sign = Rand(124, lambdas.shape).gt(0.5).to_type(ScalarType.Float32) * 2 - 1;
            Families.Assign(lambdas, magnitude * sign);
        }
        if (loss.Biases is { } biases) Families.Assign(biases, Randn(125, biases.shape) * 0.5);

        double F(Tensor x) { using var _ = torch.no_grad(); return loss.Compute(x, labels, weights).Loss.sum().item<double>(); }

        if (!trainableDuals && loss.Lambdas is { } frozen)
        {
            // Fixed duals are not trained (seed §8.7); asking for their gradient anyway must give the plain derivative.
            Assert.False(frozen.requires_grad);
            frozen.requires_grad_(true);
        }

        var input = logits.detach().clone().requires_grad_(true);
        loss.Compute(input, labels, weights).Loss.sum().backward();

        AssertClose(FiniteDifferences(logits, x => F(x)), Values(input.grad!), rtol: 1e-5, atol: 1e-6);
        if (loss.Lambdas is TorchSharp.Modules.Parameter v)
        {
            var numeric = ParameterDifferences(v, () => F(logits));
            var expected = trainableDuals ? numeric.Select(g => -rate * g).ToArray() : numeric;
            Assert.Contains(expected, g => Math.Abs(g) > 1e-3);
            AssertClose(expected, Values(v.grad!), rtol: 1e-5, atol: 1e-6);
        }
        if (loss.Biases is { } b)
        {
            var numeric = ParameterDifferences(b, () => F(logits));
            Assert.Contains(numeric, g => Math.Abs(g) > 1e-3);
            AssertClose(numeric, Values(b.grad!), rtol: 1e-5, atol: 1e-6);
        }
    }

    private static double[] FiniteDifferences(Tensor point, Func<Tensor, double> f)
    {
        var flat = Values(point);
        var result = new double[flat.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            var plus = (double[])flat.Clone();
            var minus = (double[])flat.Clone();
            plus[i] += Step;
            minus[i] -= Step;
            result[i] = (f(torch.tensor(plus, point.shape)) - f(torch.tensor(minus, point.shape))) / (2 * Step);
        }
        return result;
    }

    private static double[] ParameterDifferences(TorchSharp.Modules.Parameter parameter, Func<double> f)
    {
        var original = Values(parameter);
        var result = new double[original.Length];
        for (int i = 0; i < original.Length; i++)
        {
            Set(parameter, original, i, original[i] + Step);
            double up = f();
            Set(parameter, original, i, original[i] - Step);
            double down = f();
            result[i] = (up - down) / (2 * Step);
        }
        Set(parameter, original, 0, original[0]);
        return result;
    }

    private static void Set(TorchSharp.Modules.Parameter parameter, double[] original, int index, double value)
    {
        var values = (double[])original.Clone();
        values[index] = value;
        Families.Assign(parameter, torch.tensor(values, parameter.shape));
    }
}
