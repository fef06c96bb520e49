using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlobalObjectives.Samples;

/// <summary>The training set as float32 tensors: features [N, 2], labels [N, 1].</summary>
internal sealed class TensorData : IDisposable
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

/// <summary>logits = X·w + b with the seed's initial values w = [−1, −1]ᵀ, b = 0.</summary>
internal sealed class LinearModel : IDisposable
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
