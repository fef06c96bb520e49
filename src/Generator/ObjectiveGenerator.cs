using System;
using System.Text;
using System.Threading;
using GlobalObjectives.Generator.Diagnostics;
using GlobalObjectives.Generator.Emit;
using GlobalObjectives.Generator.Model;
using GlobalObjectives.Generator.Parsing;
using GlobalObjectives.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GlobalObjectives.Generator;

/// <summary>
/// Generates a specialized TorchSharp global-objective loss for every partial class marked <c>[Maximize]</c> or
/// <c>[Minimize]</c>. Pipeline: attribute -> <see cref="ParseResult"/> -> <see cref="ObjectiveSpec"/> (nulls dropped)
/// -> <see cref="ObjectivePlan"/> -> source. Invalid declarations produce no code; their problems are reported by
/// the analyzer, not here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ObjectiveGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var maximized = context.SyntaxProvider
            .ForAttributeWithMetadataName(ObjectiveParser.MaximizeAttribute, static (node, _) => node is ClassDeclarationSyntax, Parse)
            .WithTrackingName(TrackingNames.MaximizeParseResults);
        var minimized = context.SyntaxProvider
            .ForAttributeWithMetadataName(ObjectiveParser.MinimizeAttribute, static (node, _) => node is ClassDeclarationSyntax, Parse)
            .WithTrackingName(TrackingNames.MinimizeParseResults);

        // The host form of the coefficients is generic math, which C# 11 introduced: older language versions get the tensor
        // code alone. Reduced to a bool, so other parse-option changes compare equal here and leave the outputs cached.
        var hostForm = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 })
            .WithTrackingName(TrackingNames.HostForm);

        // A class carrying both attributes is invalid (conflicting objectives), so the two branches never emit the same hint name.
        RegisterOutput(context, maximized, hostForm);
        RegisterOutput(context, minimized, hostForm);
    }

    private static void RegisterOutput(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed,
        IncrementalValueProvider<bool> hostForm)
    {
        var plans = parsed
            .Select(static (result, _) => result.Spec).WithTrackingName(TrackingNames.Specs)
            .Where(static spec => spec is not null).WithTrackingName(TrackingNames.ValidSpecs)
            .Select(static (spec, _) => LagrangianPlanner.Plan(spec!)).WithTrackingName(TrackingNames.Plans)
            .Where(static plan => plan is not null).WithTrackingName(TrackingNames.ValidPlans)
            .Combine(hostForm);

        context.RegisterSourceOutput(plans, static (output, item) =>
            output.AddSource(item.Left!.Spec.Type.HintName, SourceText.From(LossEmitter.Emit(item.Left, LossEmitter.GeneratorVersion, item.Right), Encoding.UTF8)));
    }

    private static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return ObjectiveParser.Parse(context.TargetSymbol as INamedTypeSymbol, context.SemanticModel.Compilation, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Never fail the build from here: the declaration just produces no code, and the analyzer reports the problem.
            return new ParseResult(null, Helpers.EquatableArray.Create(
                ParseProblem.OnType(ProblemKind.InternalError, context.TargetSymbol.Name, exception.GetType().Name + ": " + exception.Message)));
        }
    }
}
