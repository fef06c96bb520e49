using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GlobalObjectives.Samples;

/// <summary>
/// Writes results.json with <see cref="Utf8JsonWriter"/> (no reflection; relaxed escaping keeps the declaration readable: the file is never embedded in HTML):
/// <c>{"objective", "declaration", "seed", "iterations", target, "dual_rate_factor", "cross_entropy": {...},
/// "global_objective": {...}, "global_objective_default": {...}}</c>. <c>global_objective</c> is the seed-exact run
/// (<see cref="DualUpdate.GradientReversal"/>, the only one the dual rate factor applies to) and
/// <c>global_objective_default</c> the run with default options (<see cref="DualUpdate.ProjectedAscent"/>). Each model
/// holds its run's label, the demo's metric, the threshold, the recall and precision reached there, the average
/// precision, the training time, the learned weights and bias, and for the global objectives the dual update and the
/// final λ. A demo with several constraints lists them (<c>"constraints": [{"metric", "relation", "target"}, …]</c>,
/// in declaration order, the order of each model's <c>"lambdas"</c>) and gives each model its rates on the eval set at
/// logit 0 (<c>"at_logit_0": {objective, each constraint's metric}</c>). Non-finite numbers (no threshold) are written
/// as null.
/// </summary>
internal static class ResultsJson
{
    /// <summary>The file name inside the output folder.</summary>
    public const string FileName = "results.json";

    /// <summary>Serializes <paramref name="result"/> to indented UTF-8 JSON.</summary>
    public static string Serialize(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var demo = result.Settings.Demo;
            writer.WriteStartObject();
            writer.WriteString("objective", demo.Name);
            writer.WriteString("declaration", demo.Declaration);
            writer.WriteNumber("seed", result.Settings.Seed);
            writer.WriteNumber("iterations", result.Settings.Iterations);
            if (demo.TargetKey is not null) writer.WriteNumber(demo.TargetKey, demo.TargetValue);
            if (demo.Constraints.Count > 0)
            {
                writer.WriteStartArray("constraints");
                foreach (var constraint in demo.Constraints)
                {
                    writer.WriteStartObject();
                    writer.WriteString("metric", constraint.Key);
                    writer.WriteString("relation", constraint.AtLeast ? ">=" : "<=");
                    writer.WriteNumber("target", constraint.Target);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteNumber("dual_rate_factor", demo.DualRateFactor);
            WriteModel(writer, "cross_entropy", demo, result.CrossEntropy, dualUpdate: null);
            WriteModel(writer, "global_objective", demo, result.SeedExact, DualUpdate.GradientReversal);
            WriteModel(writer, "global_objective_default", demo, result.Default, DualUpdate.ProjectedAscent);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes results.json into <paramref name="folder"/> and returns its path.</summary>
    public static string Write(ExperimentResult result, string folder)
    {
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, Serialize(result) + Environment.NewLine);
        return path;
    }

    private static void WriteModel(Utf8JsonWriter writer, string name, Demo demo, ModelReport report, DualUpdate? dualUpdate)
    {
        writer.WriteStartObject(name);
        writer.WriteString("run", report.Run);
        if (dualUpdate is { } update) writer.WriteString("dual_update", update == DualUpdate.GradientReversal ? "GradientReversal" : "ProjectedAscent");
        WriteNumber(writer, demo.MetricKey, report.Eval.Metric);
        WriteNumber(writer, "threshold", report.Eval.Threshold);
        if (report.Model.Lambdas is { } lambdas)
        {
            if (lambdas.Length == 1)
            {
                WriteNumber(writer, "lambda", lambdas[0]);
            }
            else
            {
                writer.WriteStartArray("lambdas");
                foreach (var lambda in lambdas) writer.WriteNumberValue(lambda);
                writer.WriteEndArray();
            }
        }
        WriteNumber(writer, "train_seconds", Math.Round(report.Model.TrainSeconds, 4));
        WriteNumber(writer, "precision", report.Eval.Precision);
        WriteNumber(writer, "recall", report.Eval.Recall);
        if (demo.MetricKey != "average_precision") WriteNumber(writer, "average_precision", report.AveragePrecision);
        writer.WriteStartArray("weights");
        foreach (var weight in report.Model.Weights) writer.WriteNumberValue(weight);
        writer.WriteEndArray();
        WriteNumber(writer, "bias", report.Model.Bias);
        if (demo.Objective is { } objective && demo.Constraints.Count > 0)
        {
            writer.WriteStartObject("at_logit_0");
            WriteNumber(writer, objective.Name, objective.Rate(report.EvalAtLogitZero));
            foreach (var constraint in demo.Constraints) WriteNumber(writer, constraint.Key, constraint.Rate(report.EvalAtLogitZero));
            writer.WriteEndObject();
        }
        WriteNumber(writer, "final_train_loss", report.Model.FinalLoss);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
