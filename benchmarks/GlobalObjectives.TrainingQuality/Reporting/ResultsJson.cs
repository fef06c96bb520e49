using System.Text.Json;
using System.Text.Json.Serialization;
using GlobalObjectives.TrainingQuality.Experiments;

namespace GlobalObjectives.TrainingQuality.Reporting;

/// <summary>
/// The machine-readable results: how the run was made, every run's evaluation, every row, the partial-against-full
/// ROC-AUC comparison and the target verdicts.
/// </summary>
public sealed record ResultsDocument(
    string Command,
    DateTimeOffset Finished,
    double WallSeconds,
    string Machine,
    string Settings,
    bool Partial,
    IReadOnlyList<RunEvaluation> Runs,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<RocComparisonRow> RocComparison,
    TargetSummary Summary);

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true,
                             NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
                             PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ResultsDocument))]
[JsonSerializable(typeof(List<RunEvaluation>))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;

public static class ResultsJson
{
    public const string FileName = "training-quality.json";

    public static void Write(ResultsDocument document, string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, document, ResultsJsonContext.Default.ResultsDocument);
    }

    public static ResultsDocument Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ResultsJsonContext.Default.ResultsDocument)
            ?? throw new InvalidDataException($"{path} holds no results.");
    }

    /// <summary>A worker process's evaluations, handed to the parent through a file.</summary>
    public static void WriteRuns(IReadOnlyList<RunEvaluation> runs, string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, runs.ToList(), ResultsJsonContext.Default.ListRunEvaluation);
    }

    public static List<RunEvaluation> ReadRuns(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ResultsJsonContext.Default.ListRunEvaluation)
            ?? throw new InvalidDataException($"{path} holds no runs.");
    }
}
