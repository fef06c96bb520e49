using GlobalObjectives.Generator.Emit;
using GlobalObjectives.Generator.Helpers;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Planning;
using Microsoft.CodeAnalysis.CSharp;

namespace GlobalObjectives.Generator.Tests;

/// <summary>The emitter handles plans beyond today's six families (constant weights other than 1), and formats numbers invariantly.</summary>
public sealed class EmitterTests
{
    [Fact]
    public void ConstantZeroWeightIsEmittedAsAFollowingTensorAndCompiles()
    {
        // Maximize(Recall) + Recall >= r is refused by the parser, but the planner and emitter must still handle
        // its shape: d = d0 + Σλβ = 0 is a constant weight that is not 1.
        var type = new TypeDeclarationModel("Synthetic", EquatableArray<ContainingTypeModel>.Empty, "ZeroNegativeWeight", "ZeroNegativeWeight");
        var spec = new ObjectiveSpec(type, ObjectiveFamily.RecallAtPrecision, ObjectiveDirection.Maximize, ObjectiveMetric.Recall,
            EquatableArray.Create(new ConstraintSpec(ObjectiveMetric.Recall, ComparisonKind.AtLeast, 0.5)), 0, 0, 0, ObjectiveSurrogate.Xent);
        var plan = LagrangianPlanner.Plan(spec)!;
        string source = LossEmitter.Emit(plan, "1.0.0.0");

        Assert.Contains("var negativeWeights = global::TorchSharp.torch.full(1, 0.0, dtype: logits.dtype, device: logits.device); // d = 0", source);
        var compilation = GeneratorHarness.Compile("namespace Synthetic { public partial class ZeroNegativeWeight { } }")
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "ZeroNegativeWeight.g.cs"));
        Assert.Empty(GeneratorHarness.CompilationProblems(compilation));
    }

    [Fact]
    public void MultiplierTermsOfEveryShapeKeepTheirGradientFreeFactorsTogetherAndCompile()
    {
        // No family today has both γ and δ, a constant γ other than 1 or a general δ; a later metric may.
        var type = new TypeDeclarationModel("Synthetic", EquatableArray<ContainingTypeModel>.Empty, "MixedTerms", "MixedTerms");
        var constraint = new ConstraintSpec(ObjectiveMetric.Precision, ComparisonKind.AtLeast, 0.5);
        var spec = new ObjectiveSpec(type, ObjectiveFamily.RecallAtPrecision, ObjectiveDirection.Maximize, ObjectiveMetric.Recall,
            EquatableArray.Create(constraint), 0, 0, 0, ObjectiveSurrogate.Xent);
        var term = new ConstraintTerm(constraint, TargetSource.DeclaredPerLabel,
            Alpha: Affine.OneMinusTarget, Beta: Affine.Target, Gamma: new Affine(2, 0), Delta: new Affine(0.5, 0.25));
        var plan = new ObjectivePlan(spec, PlanKind.RateConstraints, 1, 0, EquatableArray.Create(term), EquatableArray<double>.Empty);
        string source = LossEmitter.Emit(plan, "1.0.0.0");

        Assert.Contains("var priorTerm = priors.mul(batch.MaybeLog2Tensor); // π·m2, no gradient", source);
        Assert.Contains("var negativePriorTerm = global::GlobalObjectives.ScalarTensor.Of(1.0, logits).sub(priors).mul(batch.MaybeLog2Tensor); // (1 − π)·m2, no gradient", source);
        Assert.Contains("var constant = lambdas.mul(priorTerm.mul(2.0)).add(lambdas.mul(_precisionCoefficient1.For(logits).mul(negativePriorTerm))); // k = ", source);
        Assert.Contains("_precisionCoefficient1 = PerLabelConstant(precisionTargets, constant: 0.5, slope: 0.25);", source);
        // The host form keeps T's operators, with the same grouping.
        Assert.Contains("var negativePriorTerm = (T.CreateChecked(1.0) - priors) * host.MaybeLog2; // (1 − π)·m2", source);
        Assert.Contains("host.Constant[l] = lambdas * (priorTerm * T.CreateChecked(2.0)) + lambdas * (_precisionCoefficient1.At<T>(l) * negativePriorTerm); // k = ", source);
        var compilation = GeneratorHarness.Compile("namespace Synthetic { public partial class MixedTerms { } }")
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "MixedTerms.g.cs"));
        Assert.Empty(GeneratorHarness.CompilationProblems(compilation));
    }

    [Theory]
    [InlineData(0.8, "0.8")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1.0 / 3.0, "0.3333333333333333")]
    public void LiteralsRoundTripInInvariantCulture(double value, string expected)
    {
        string literal = LossEmitter.Literal(value);
        Assert.Equal(expected, literal);
        Assert.Equal(value, double.Parse(literal, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HintNamesAreSanitizedAndStable()
    {
        var nested = new TypeDeclarationModel("@event.Demo", EquatableArray.Create(new ContainingTypeModel("class", "@class", false)), "@object", "object");
        Assert.Equal("event.Demo.class.object.g.cs", nested.HintName);
        var global = new TypeDeclarationModel(null, EquatableArray<ContainingTypeModel>.Empty, "Loss", "Loss");
        Assert.Equal("Loss.g.cs", global.HintName);
    }
}
