using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Parity.Tests;

/// <summary>The seed's fixed data builders (seed spec §8.8) and small factories shared by the parity tests.</summary>
public static class SeedData
{
    /// <summary>Which of the seed's two builders.</summary>
    public enum Builder { Multilabel, OtherMultilabel }

    /// <summary>Labels [B, 2] (identical columns), logits [B, 2] and priors 0.5 per label.</summary>
    public static (Tensor Labels, Tensor Logits, Tensor Priors) Build(Builder builder, SurrogateType surrogate)
        => builder == Builder.Multilabel ? Multilabel() : OtherMultilabel(surrogate);

    /// <summary>
    /// _multilabel_data: targets column [1,1,1,0,0,0]; label 0 has TP_lb ≈ 2, FP_ub ≈ 1 and label 1 has TP_lb ≈ 1, FP_ub ≈ 2.
    /// </summary>
    public static (Tensor Labels, Tensor Logits, Tensor Priors) Multilabel()
    {
        var column = new double[] { 1, 1, 1, 0, 0, 0 };
        var logits = TestUtil.Matrix(new[]
        {
            new[] { 0.0, 15 }, new[] { 16.0, 0 }, new[] { 14.0, 0 },
            new[] { -17.0, 0 }, new[] { -15.0, 0 }, new[] { 0.0, -101 },
        });
        return (TwoColumns(column), logits, torch.tensor(new[] { 0.5, 0.5 }));
    }

    /// <summary>
    /// _other_multilabel_data: 6 positives then 6 negatives; c = ln 3 (xent) or 1 (hinge) makes that negative's scaled
    /// loss 2. Label 0 has TP_lb 4, FP_ub 2; label 1 has TP_lb 2, FP_ub 4.
    /// </summary>
    public static (Tensor Labels, Tensor Logits, Tensor Priors) OtherMultilabel(SurrogateType surrogate)
    {
        double c = surrogate == SurrogateType.Hinge ? 1.0 : 1.09861229;
        var column = Enumerable.Repeat(1.0, 6).Concat(Enumerable.Repeat(0.0, 6)).ToArray();
        var logits = TestUtil.Matrix(new[]
        {
            new[] { 0.0, 13 }, new[] { 12.0, 0 }, new[] { 15.0, 0 }, new[] { 0.0, 30 }, new[] { 13.0, 0 }, new[] { 18.0, 0 },
            new[] { -16.0, c }, new[] { -15.0, c }, new[] { c, -111 }, new[] { -133.0, -14 }, new[] { -14.0100101, -16 }, new[] { -19.888828882, -101 },
        });
        return (TwoColumns(column), logits, torch.tensor(new[] { 0.5, 0.5 }));
    }

    private static Tensor TwoColumns(double[] column)
        => TestUtil.Matrix(column.Select(v => new[] { v, v }).ToArray());

    /// <summary>Standard sigmoid cross-entropy, element-wise.</summary>
    public static Tensor Xent(Tensor labels, Tensor logits)
        => nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction: nn.Reduction.None);

    /// <summary>Priors of one constant value, [L].</summary>
    public static Tensor ConstantPriors(double value, int numLabels)
        => torch.full(numLabels, value, dtype: ScalarType.Float64);

    /// <summary>n copies of a target.</summary>
    public static double[] Repeat(double target, int n) => Enumerable.Repeat(target, n).ToArray();

    /// <summary>Concatenates per-label single-column losses [B] or [B, 1] into [B, L].</summary>
    public static Tensor Columns(IEnumerable<Tensor> perLabel)
        => torch.cat(perLabel.Select(t => t.dim() == 1 ? t.unsqueeze(1) : t).ToList(), 1);
}
